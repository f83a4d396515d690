// The emulator keeps its own copy of the service's name rules, so that it stays an independent
// oracle of our client rather than an echo of it. This holds that copy against the rules the
// emitter generates from the spec (src/generated/parameters.ts, which the helpers import), value by
// value, and lists each deliberate difference with its reason.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as parameters from "../../src/generated/parameters.js";
import { checkString, type StringRules } from "../../src/generated/runtime/validation.js";
import { validateRepositoryName } from "../../src/customizations/actions.js";
import { isUuid, nameProblem, type NamedParameter } from "../../emulator/src/arm/nameRules.js";
import { isValidAction } from "../../emulator/src/resources/scopeMapActions.js";

const accepts = (rules: StringRules, value: string) => {
  try {
    checkString("name", value, rules);
    return true;
  } catch {
    return false;
  }
};

// Characters around every rule's edges: both cases, digits, the punctuation the patterns name,
// and some they do not.
const POOL = "aZ09-_.()!/ é*".split("");
const names = fc.oneof(
  fc.string({ unit: fc.constantFrom(...POOL), maxLength: 100 }),
  fc.string({ unit: fc.constantFrom("a", "Z", "0", "-"), minLength: 3, maxLength: 52 }),
);

/** Where the emulator refuses what the spec allows, because ARM does. */
const DELIBERATE: Record<string, { differs: (value: string) => boolean; reason: string }> = {
  resourceGroupName: {
    differs: (value) => value.endsWith("."),
    reason: "ARM refuses a resource group name ending in a period; the spec's pattern allows it, and the client follows the spec",
  },
};

const RULES: Record<NamedParameter, StringRules> = {
  resourceGroupName: parameters.resourceGroupNameRules,
  registryName: parameters.registryNameRules,
  scopeMapName: parameters.scopeMapNameRules,
  tokenName: parameters.tokenNameRules,
};

describe("the emulator's name rules agree with the generated ones", () => {
  for (const [parameter, rules] of Object.entries(RULES) as [NamedParameter, StringRules][]) {
    it(parameter, () => {
      const seen = { both: 0, neither: 0, deliberate: 0 };
      fc.assert(
        fc.property(names, (value) => {
          const client = accepts(rules, value);
          const emulator = nameProblem(parameter, value) === undefined && value !== "." && value !== "..";
          if (client !== emulator && DELIBERATE[parameter]?.differs(value)) {
            expect([client, emulator]).toEqual([true, false]);
            seen.deliberate++;
            return;
          }
          expect(emulator, `${parameter} ${JSON.stringify(value)}`).toBe(client);
          seen[client ? "both" : "neither"]++;
        }),
        { numRuns: 2000 },
      );
      expect(seen.both).toBeGreaterThan(20);
      expect(seen.neither).toBeGreaterThan(20);
    });
  }

  it("lists its deliberate differences with their reasons", () => {
    expect(Object.keys(DELIBERATE)).toEqual(["resourceGroupName"]);
    expect(accepts(parameters.resourceGroupNameRules, "rg.")).toBe(true);
    expect(nameProblem("resourceGroupName", "rg.")).toMatch(/period/);
  });

  it("subscriptionId: both take any UUID, in either case", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid().map((u) => u.toUpperCase()), fc.uuid(), fc.string({ maxLength: 40 })), (value) => {
        expect(isUuid(value)).toBe(accepts(parameters.subscriptionIdRules, value));
      }),
    );
  });

  it("a gateway in a scope map action is named as a connected registry", () => {
    fc.assert(
      fc.property(names, (value) => {
        expect(isValidAction(`gateway/${value}/config/read`)).toBe(accepts(parameters.connectedRegistryNameRules, value));
      }),
      { numRuns: 2000 },
    );
  });

  it("repositories in actions: the helpers and the emulator take the same names", () => {
    const repository = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."ab09._-/*A ".split("")), minLength: 1, maxLength: 30 }),
      fc.constantFrom("*", "app/*", "samples/hello-world", "a..b", "a/", "/a", "a//b", "app/*/x"),
    );
    fc.assert(
      fc.property(repository, (name) => {
        let helper = true;
        try {
          validateRepositoryName(name);
        } catch {
          helper = false;
        }
        expect(isValidAction(`repositories/${name}/content/read`), name).toBe(helper);
      }),
      { numRuns: 2000 },
    );
  });
});
