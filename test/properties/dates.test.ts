// The generated deserializers read timestamps with parseDateTime, a fast path for the RFC 3339
// shape ARM sends. It must give exactly what `new Date(text)` gives, for every string: valid ones
// (0-9 fraction digits, Z and offsets, leap days) and invalid or out-of-range ones alike.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDateTime } from "../../src/generated/runtime/dates.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** RFC 3339 date-times with each field anywhere in 0..99 (so out-of-range ones too). */
const timestamp = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 99, 100, 1600, 1900, 2000, 2024, 2100)),
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 })),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(0, 28, 29, 30, 31, 32, 99)),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(24, 25, 99)),
    minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(60, 99)),
    second: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(60, 61, 99)),
    fraction: fc.option(fc.string({ unit: fc.constantFrom(..."0123456789".split("")), minLength: 0, maxLength: 11 }), { nil: undefined }),
    zone: fc.oneof(
      fc.constant("Z"),
      fc.constantFrom("z", "", "+0100", "UTC", " Z"),
      fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    ),
    separator: fc.constantFrom("T", "T", "T", "t", " "),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.separator}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
      `${t.fraction === undefined ? "" : `.${t.fraction}`}${t.zone}`,
  );

const same = (text: string): void => {
  expect(parseDateTime(text).getTime(), text).toBe(new Date(text).getTime());
};

describe("parseDateTime equals new Date", () => {
  it("for generated RFC 3339 timestamps, in range or not", () => {
    fc.assert(fc.property(timestamp, (text) => void same(text)), { numRuns: 20_000 });
  });

  it("for timestamps cut short or with a character changed", () => {
    const mutated = fc.tuple(timestamp, fc.nat(), fc.constantFrom("", "x", "-", ":", ".", "9", "Z")).map(([text, at, ch]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ch + text.slice(i + 1);
    });
    fc.assert(fc.property(mutated, (text) => void same(text)), { numRuns: 20_000 });
  });

  it("for any string", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => void same(text)), { numRuns: 5_000 });
  });

  it("for the examples' own timestamps and the edges", () => {
    for (const text of [
      "2021-06-15T21:38:26.1537861Z",
      "2021-06-15T21:40:12.8506835+00:00",
      "2024-02-29T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2021-01-01T24:00:00Z",
      "0099-12-31T23:59:59Z",
      "0100-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999999Z",
      "2021-01-01T00:00:00.1234567890Z",
      "2021-01-01T00:00:00.Z",
      "2021-01-01T00:00:00+23:59",
      "2021-01-01T00:00:00-00:00",
    ]) {
      same(text);
    }
  });
});
