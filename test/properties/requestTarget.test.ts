// The transport reads host, port and path with requestTarget, which skips parsing for the usual
// URL. It must give exactly what `new URL` gives, for URLs it takes the short way and for the
// ones it must parse: odd origins, dot segments, characters the parser percent-encodes, fragments.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestTarget } from "../../src/generated/runtime/requestTarget.js";

function byParser(url: string) {
  const parsed = new URL(url);
  const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { host, port: parsed.port, path: parsed.pathname + parsed.search };
}

const origin = fc.constantFrom(
  "https://management.azure.com",
  "https://127.0.0.1:8443",
  "https://localhost:443",
  "https://[::1]:8443",
  "https://[::ffff:7f00:1]",
  "https://Management.Azure.COM",
  "https://0x7f.1:8443",
  "https://example.com:0443",
  "https://user:pass@example.com",
  "https://example.com.",
  "https://xn--bcher-kva.example",
);
// Segments from characters that are plain, that the parser encodes, and that change the path's meaning.
const segment = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~!$&()*+,;=:@%".split("")), maxLength: 8 }),
  fc.constantFrom(".", "..", "%2e", "%2E%2e", ".%2e", "a b", "é", "{x}", "^", "`", "|", "'", '"', "<>", "\\", "%zz", "%41"),
);
const query = fc.option(
  fc.string({ unit: fc.constantFrom(..."ab=&?/.%'\" <>#^`{}!$()*+,;:@".split("")), maxLength: 12 }).map((q) => `?${q}`),
  { nil: "" },
);
const url = fc.tuple(origin, fc.array(segment, { maxLength: 6 }), query).map(([o, segments, q]) => `${o}/${segments.join("/")}${q}`);

describe("requestTarget", () => {
  it("reads every URL exactly as new URL does", () => {
    fc.assert(
      fc.property(url, (u) => {
        expect(requestTarget(u)).toEqual(byParser(u));
      }),
      { numRuns: 20_000 },
    );
  });

  it("takes ARM's own URLs, nextLinks included, as the parser does", () => {
    for (const u of [
      "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg/tokens?api-version=2025-11-01",
      "https://management.azure.com/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg/tokens?api-version=2025-11-01&$skipToken=eyJ0b2tlbiI6IjEyMyJ9%3d",
      "https://127.0.0.1:8443/subscriptions/x/resourceGroups/my.rg(1)/providers/p?api-version=1#fragment",
      "https://[::1]:8443/subscriptions/x/resourceGroups/rg/../other?api-version=1",
    ]) {
      expect(requestTarget(u)).toEqual(byParser(u));
    }
  });

  it("refuses what the parser refuses", () => {
    expect(() => requestTarget("https://exa mple.com/x")).toThrow(TypeError);
    expect(() => requestTarget("not a url")).toThrow(TypeError);
  });
});
