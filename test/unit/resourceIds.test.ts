import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/generated/runtime/validation.js";
import fc from "fast-check";
import {
  formatRegistryId,
  formatScopeMapId,
  formatTokenId,
  parseRegistryId,
  parseScopeMapId,
  parseTokenId,
  resolveTokenRef,
  validateConnectedRegistryName,
  validateRegistryName,
  validateResourceGroupName,
  validateScopeMapName,
  validateSubscriptionId,
  validateTokenName,
} from "../../src/customizations/resourceIds.js";
import { specPathRule } from "../properties/specRules.js";


const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

const uuid = fc.uuid();
// "." and ".." match the pattern but are refused: a URL resolves them away.
const resourceGroup = fc.stringMatching(/^[-\w._()]{1,90}$/).filter((name) => name !== "." && name !== "..");
const registry = fc.stringMatching(/^[a-zA-Z0-9]{5,50}$/);
const token = fc.stringMatching(/^[a-zA-Z0-9-]{5,50}$/);
const scopeMap = fc.stringMatching(/^[a-zA-Z0-9_-]{5,50}$/);

/** Randomizes the case of the fixed keywords, which ARM treats case-insensitively. */
function recase(id: string, upper: boolean[]): string {
  const keywords = ["subscriptions", "resourceGroups", "providers", "Microsoft.ContainerRegistry", "registries", "tokens", "scopeMaps"];
  return id
    .split("/")
    .map((segment, i) => {
      if (!keywords.includes(segment)) return segment;
      return upper[i % upper.length] ? segment.toUpperCase() : segment.toLowerCase();
    })
    .join("/");
}

describe("format → parse round trip", () => {
  it("registry IDs", () => {
    fc.assert(
      fc.property(uuid, resourceGroup, registry, (subscriptionId, rg, reg) => {
        const parts = { subscriptionId, resourceGroup: rg, registry: reg };
        const id = formatRegistryId(parts);
        expect(id).toBe(
          `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${reg}`,
        );
        expect(parseRegistryId(id)).toEqual(parts);
      }),
    );
  });

  it("token IDs, with keywords in any case", () => {
    fc.assert(
      fc.property(uuid, resourceGroup, registry, token, fc.array(fc.boolean(), { minLength: 1 }), (s, rg, reg, tok, upper) => {
        const parts = { subscriptionId: s, resourceGroup: rg, registry: reg, token: tok };
        const id = formatTokenId(parts);
        expect(id.endsWith(`/registries/${reg}/tokens/${tok}`)).toBe(true);
        expect(parseTokenId(id)).toEqual(parts);
        expect(parseTokenId(recase(id, upper))).toEqual(parts);
      }),
    );
  });

  it("scope map IDs, with keywords in any case", () => {
    fc.assert(
      fc.property(uuid, resourceGroup, registry, scopeMap, fc.array(fc.boolean(), { minLength: 1 }), (s, rg, reg, sm, upper) => {
        const parts = { subscriptionId: s, resourceGroup: rg, registry: reg, scopeMap: sm };
        const id = formatScopeMapId(parts);
        expect(id.endsWith(`/registries/${reg}/scopeMaps/${sm}`)).toBe(true);
        expect(parseScopeMapId(id)).toEqual(parts);
        expect(parseScopeMapId(recase(id, upper))).toEqual(parts);
      }),
    );
  });

  it("parsing keeps value casing and format restores canonical keyword casing", () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/My-RG/PROVIDERS/microsoft.containerregistry/Registries/MyReg1/TOKENS/Tok-1`;
    const parts = parseTokenId(id);
    expect(parts).toEqual({ subscriptionId: SUB, resourceGroup: "My-RG", registry: "MyReg1", token: "Tok-1" });
    expect(formatTokenId(parts)).toBe(
      `/subscriptions/${SUB}/resourceGroups/My-RG/providers/Microsoft.ContainerRegistry/registries/MyReg1/tokens/Tok-1`,
    );
  });
});

describe("name validators follow the spec", () => {
  const cases = [
    { name: "registry", spec: specPathRule("registryName"), validate: validateRegistryName },
    { name: "token", spec: specPathRule("tokenName"), validate: validateTokenName },
    { name: "scopeMap", spec: specPathRule("scopeMapName"), validate: validateScopeMapName },
    { name: "connectedRegistry", spec: specPathRule("connectedRegistryName"), validate: validateConnectedRegistryName },
    { name: "resourceGroup", spec: specPathRule("resourceGroupName"), validate: validateResourceGroupName },
  ];

  // Alphabets from strict to broad, so both outcomes are exercised for every rule.
  const over = (chars: string) => fc.string({ unit: fc.constantFrom(...chars.split("")), maxLength: 95 });
  const candidate = fc.oneof(over("aZ09"), over("aZ09-"), over("aZ09-_"), over("aZ09-_.()"), over("aZ09-_.()!/ é*"));

  for (const { name, spec, validate } of cases) {
    it(`${name}: accepts exactly the spec's length and pattern (${spec.minLength}-${spec.maxLength}, ${spec.pattern})`, () => {
      const pattern = new RegExp(spec.pattern!);
      const seen = { valid: 0, invalid: 0 };
      fc.assert(
        fc.property(candidate, (value) => {
          const dotSegment = value === "." || value === "..";
          const valid = value.length >= spec.minLength! && value.length <= spec.maxLength! && pattern.test(value) && !dotSegment;
          seen[valid ? "valid" : "invalid"]++;
          if (valid) {
            expect(validate(value)).toBe(value);
          } else {
            expect(() => validate(value)).toThrow(InvalidParameterError);
            expect(() => validate(value)).toThrow(new RegExp(`^${name} .*; allowed: ${spec.minLength}-${spec.maxLength} characters`));
          }
        }),
        { numRuns: 500 },
      );
      expect(seen.valid).toBeGreaterThan(10);
      expect(seen.invalid).toBeGreaterThan(10);
    });
  }

  it("subscriptionId is a UUID per the spec's format", () => {
    expect(specPathRule("subscriptionId").format).toBe("uuid");
    fc.assert(fc.property(uuid, (id) => void expect(validateSubscriptionId(id)).toBe(id)));
    expect(validateSubscriptionId(SUB.toUpperCase())).toBe(SUB.toUpperCase());
    for (const bad of ["", "not-a-uuid", `{${SUB}}`, SUB.replace(/-/g, ""), `${SUB}0`, SUB.replace("0", "g")]) {
      expect(() => validateSubscriptionId(bad)).toThrow(InvalidParameterError);
      expect(() => validateSubscriptionId(bad)).toThrow(/^subscriptionId .* is not a UUID; allowed: 8-4-4-4-12 hexadecimal digits/);
    }
  });

  it("explains the specific problem", () => {
    expect(() => validateRegistryName("abc")).toThrow(/^registry "abc" is too short \(3 characters\); allowed: 5-50 characters/);
    expect(() => validateRegistryName("a".repeat(51))).toThrow(/is too long \(51 characters\)/);
    expect(() => validateRegistryName("my-registry")).toThrow(/^registry "my-registry" contains the invalid character "-"/);
    expect(() => validateTokenName("")).toThrow(/^token "" is empty; allowed: 5-50/);
    expect(() => validateResourceGroupName("a".repeat(91))).toThrow(/^resourceGroup .* is too long \(91 characters\); allowed: 1-90/);
  });

  it("resource group names: spec pattern only (ASCII \\w, trailing '.' not checked by the spec)", () => {
    expect(validateResourceGroupName("rg.(prod)_1-x")).toBe("rg.(prod)_1-x");
    expect(validateResourceGroupName("rg.")).toBe("rg.");
    // The pattern allows these, but as URL path segments they would address another resource.
    expect(() => validateResourceGroupName(".")).toThrow(/^resourceGroup "\." is a dot segment, which a URL resolves away; allowed:/);
    expect(() => validateResourceGroupName("..")).toThrow(/is a dot segment/);
    expect(() => validateResourceGroupName("rgé")).toThrow(/contains the invalid character "é"/);
    expect(() => validateResourceGroupName("my rg")).toThrow(/contains the invalid character " "/);
  });

  it("uses the given parameter name and throws InvalidParameterError for non-strings", () => {
    expect(() => validateRegistryName("x", "target.registry")).toThrow(/^target\.registry "x" is too short/);
    for (const bad of [undefined, null, 42, {}, ["myreg1"]]) {
      expect(() => validateRegistryName(bad)).toThrow(InvalidParameterError);
      expect(() => validateTokenName(bad)).toThrow(/^token must be a string, got /);
      expect(() => validateSubscriptionId(bad)).toThrow(/^subscriptionId must be a string/);
    }
    expect(() => validateScopeMapName(null)).toThrow(/^scopeMap must be a string, got null$/);
    expect(() => validateScopeMapName([])).toThrow(/got array$/);
  });
});

describe("parse errors", () => {
  const registryId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myreg1`;
  const tokenId = `${registryId}/tokens/tok-1`;

  it("requires a string", () => {
    expect(() => parseRegistryId(42 as unknown as string)).toThrow(InvalidParameterError);
    expect(() => parseTokenId(undefined as unknown as string)).toThrow(/^id must be a string, got undefined$/);
  });

  it("requires the leading slash", () => {
    expect(() => parseRegistryId(registryId.slice(1))).toThrow(InvalidParameterError);
    expect(() => parseRegistryId(registryId.slice(1))).toThrow(/^id ".*" must start with "\/"; expected \/subscriptions\/\{subscriptionId\}\/resourceGroups/);
  });

  it("names a wrong keyword segment", () => {
    expect(() => parseRegistryId(registryId.replace("resourceGroups", "resourceGroup"))).toThrow(
      /has "resourceGroup" where "resourceGroups" \(case-insensitive\) is required/,
    );
    expect(() => parseRegistryId(registryId.replace("Microsoft.ContainerRegistry", "Microsoft.Storage"))).toThrow(
      /has "Microsoft.Storage" where "Microsoft.ContainerRegistry" \(case-insensitive\) is required/,
    );
    expect(() => parseTokenId(`${registryId}/scopeMaps/tok-1`)).toThrow(/has "scopeMaps" where "tokens"/);
  });

  it("names a missing part", () => {
    expect(() => parseTokenId(registryId)).toThrow(/is missing the "tokens" segment; expected .*\/tokens\/\{token\}$/);
    expect(() => parseScopeMapId(`${registryId}/scopeMaps`)).toThrow(/is missing the scopeMap; expected/);
    expect(() => parseRegistryId(`/subscriptions/${SUB}`)).toThrow(/is missing the "resourceGroups" segment/);
    expect(() => parseRegistryId("/")).toThrow(/has "" where "subscriptions"/);
  });

  it("rejects trailing content", () => {
    expect(() => parseRegistryId(`${registryId}/`)).toThrow(/has unexpected trailing content "\/"/);
    expect(() => parseRegistryId(tokenId)).toThrow(/has unexpected trailing content "\/tokens\/tok-1"/);
    expect(() => parseTokenId(`${tokenId}/extra`)).toThrow(/^id .* has unexpected trailing content "\/extra"; expected/);
  });

  it("names the invalid value and its rule", () => {
    expect(() => parseRegistryId(registryId.replace(SUB, "sub"))).toThrow(
      /^id has an invalid subscriptionId: subscriptionId "sub" is not a UUID/,
    );
    expect(() => parseRegistryId(registryId.replace("/rg/", "/r g/"))).toThrow(
      /^id has an invalid resourceGroup: resourceGroup "r g" contains the invalid character " "; allowed: 1-90/,
    );
    expect(() => parseRegistryId(registryId.replace("myreg1", "my-reg"))).toThrow(/^id has an invalid registry: registry "my-reg"/);
    expect(() => parseTokenId(tokenId.replace("tok-1", "tok_1"))).toThrow(/^id has an invalid token: token "tok_1" contains the invalid character "_"/);
    expect(() => parseScopeMapId(`${registryId}/scopeMaps/abc`)).toThrow(/^id has an invalid scopeMap: scopeMap "abc" is too short/);
    expect(() => parseRegistryId(registryId.replace("/rg/", "//"))).toThrow(/resourceGroup "" is empty/);
    expect(() => parseTokenId(tokenId, "tokenId")).not.toThrow();
    expect(() => parseTokenId(registryId, "tokenId")).toThrow(/^tokenId /);
  });

  it("rejects generated invalid registry names inside an ID", () => {
    const badRegistry = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9]{0,4}$/),
      fc.stringMatching(/^[a-zA-Z0-9]{51,60}$/),
      fc.stringMatching(/^[a-zA-Z0-9]{2,10}[-_.()~é][a-zA-Z0-9]{2,10}$/),
    );
    fc.assert(
      fc.property(badRegistry, (name) => {
        expect(() => parseRegistryId(registryId.replace("myreg1", name))).toThrow(
          /^id has an invalid registry: registry .*; allowed: 5-50 characters, letters and digits only/,
        );
      }),
    );
  });
});

describe("format errors", () => {
  it("validates every part and names it", () => {
    const good = { subscriptionId: SUB, resourceGroup: "rg", registry: "myreg1" };
    expect(() => formatRegistryId({ ...good, registry: "my_reg" })).toThrow(/^parts\.registry "my_reg" contains the invalid character "_"/);
    expect(() => formatRegistryId({ ...good, subscriptionId: "x" })).toThrow(/^parts\.subscriptionId "x" is not a UUID/);
    expect(() => formatTokenId({ ...good, token: "t" })).toThrow(/^parts\.token "t" is too short/);
    expect(() => formatScopeMapId({ ...good } as never)).toThrow(InvalidParameterError);
    expect(() => formatScopeMapId({ ...good } as never)).toThrow(/^parts\.scopeMap must be a string, got undefined$/);
    expect(() => formatRegistryId(null as never)).toThrow(/^parts must be an object, got null$/);
    expect(() => formatRegistryId(good, "target")).not.toThrow();
    expect(() => formatRegistryId({ ...good, registry: "x" }, "target")).toThrow(/^target\.registry /);
  });
});

describe("resolveTokenRef", () => {
  it("resolves a token ID, including the subscription", () => {
    fc.assert(
      fc.property(uuid, resourceGroup, registry, token, (s, rg, reg, tok) => {
        const id = formatTokenId({ subscriptionId: s, resourceGroup: rg, registry: reg, token: tok });
        expect(resolveTokenRef(id)).toEqual({ subscriptionId: s, resourceGroup: rg, registry: reg, token: tok });
      }),
    );
  });

  it("resolves and copies the object form without a subscription", () => {
    const ref = { resourceGroup: "rg", registry: "myreg1", token: "tok-1", extra: true };
    const resolved = resolveTokenRef(ref);
    expect(resolved).toEqual({ resourceGroup: "rg", registry: "myreg1", token: "tok-1" });
    expect(Object.keys(resolved)).toEqual(["resourceGroup", "registry", "token"]);
  });

  it("validates both forms", () => {
    expect(() => resolveTokenRef("tok-1")).toThrow(/^ref "tok-1" must start with "\/"/);
    expect(() => resolveTokenRef(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myreg1`)).toThrow(
      /^ref .* is missing the "tokens" segment/,
    );
    expect(() => resolveTokenRef({ resourceGroup: "rg", registry: "myreg1", token: "t" })).toThrow(/^ref\.token "t" is too short/);
    expect(() => resolveTokenRef({ resourceGroup: "", registry: "myreg1", token: "tok-1" })).toThrow(/^ref\.resourceGroup "" is empty/);
    expect(() => resolveTokenRef({ resourceGroup: "rg", registry: "my.reg", token: "tok-1" })).toThrow(InvalidParameterError);
    expect(() => resolveTokenRef({ resourceGroup: "rg", token: "tok-1" } as never)).toThrow(/^ref\.registry must be a string, got undefined$/);
    expect(() => resolveTokenRef(null as never)).toThrow(InvalidParameterError);
    expect(() => resolveTokenRef(42 as never)).toThrow(/^ref must be a token resource ID string or an object \{ resourceGroup, registry, token \}, got number$/);
    expect(() => resolveTokenRef({ resourceGroup: "rg", registry: "myreg1", token: "t" }, "token")).toThrow(/^token\.token /);
  });
});
