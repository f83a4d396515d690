// Expiry inputs: a Date or { days }, checked before any request.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMs, expiryDate } from "../../src/customizations/lifetime.js";
import { InvalidParameterError } from "../../src/index.js";

const NOW = Date.parse("2030-01-01T00:00:00Z");

describe("expiryDate", () => {
  it("adds days to now, fractions included", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (days) => {
        expect(expiryDate({ days }, "expiry", NOW).getTime()).toBe(new Date(NOW + days * 86_400_000).getTime());
      }),
    );
  });

  it("keeps a future Date as it is", () => {
    const at = new Date(NOW + 1);
    expect(expiryDate(at, "expiry", NOW)).toBe(at);
  });

  it("refuses anything that is not a positive, finite span or a future date", () => {
    const bad = fc.oneof(
      fc.double({ max: 0 }).map((days) => ({ days })),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e15).map((days) => ({ days })),
      fc.date({ max: new Date(NOW), noInvalidDate: true }),
      fc.constant(new Date(Number.NaN)),
      fc.constantFrom<unknown>(null, 3, "30d", [], { day: 3 }, { days: "3" }),
    );
    fc.assert(
      fc.property(bad, (input) => {
        expect(() => expiryDate(input, "options.expiry", NOW)).toThrow(InvalidParameterError);
        try {
          expiryDate(input, "options.expiry", NOW);
        } catch (error) {
          expect((error as InvalidParameterError).parameterName).toMatch(/^options\.expiry/);
          expect((error as Error).message).toMatch(/^options\.expiry/);
        }
      }),
    );
  });
});

describe("daysInMs", () => {
  it("allows a zero window only when asked", () => {
    expect(daysInMs({ days: 0 }, "within", true)).toBe(0);
    expect(() => daysInMs({ days: 0 }, "within")).toThrow("within.days must be more than zero, got 0.");
  });
});
