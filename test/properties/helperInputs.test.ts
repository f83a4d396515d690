// Property: the task helpers refuse bad token references, resource IDs, repositories and actions
// before any request reaches the emulator, naming the parameter and the rule; good ones work.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createRepositoryToken,
  deleteRepositoryToken,
  formatTokenId,
  generateCredentials,
  REPOSITORY_ACTIONS,
  rotateTokenPassword,
  setTokenStatus,
  type RepositoryAction,
} from "../../src/customizations/index.js";
import type { ContainerRegistryManagementClient } from "../../src/index.js";
import { SUBSCRIPTION, useEmulator } from "../support/emulator.js";
import { invalidValue, pathRule, validValue, type BadValue } from "./specRules.js";

const e2e = useEmulator();
const RG = "props-rg";
const REGISTRY = "propsregistry";
beforeAll(async () => {
  await e2e.client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
});

type Helper = (client: ContainerRegistryManagementClient, ref: any) => Promise<unknown>;
const TOKEN_HELPERS: Record<string, Helper> = {
  generateCredentials: (client, ref) => generateCredentials(client, ref),
  rotateTokenPassword: (client, ref) => rotateTokenPassword(client, ref),
  setTokenStatus: (client, ref) => setTokenStatus(client, ref, "disabled"),
  deleteRepositoryToken: (client, ref) => deleteRepositoryToken(client, ref),
};

const FIELDS = { resourceGroup: pathRule("resourceGroupName"), registry: pathRule("registryName"), token: pathRule("tokenName") };
type Field = keyof typeof FIELDS;
const validRef = fc.record({ resourceGroup: validValue(FIELDS.resourceGroup), registry: validValue(FIELDS.registry), token: validValue(FIELDS.token) });

/** A reference with exactly one field breaking its rule. */
const badRef = fc
  .tuple(fc.constantFrom<Field>("resourceGroup", "registry", "token"), validRef)
  .chain(([field, ref]) => invalidValue(FIELDS[field]).map((bad) => ({ field, bad, ref: { ...ref, [field]: bad.value } })));

/** Runs `call`, expecting a refusal whose message names `parameter`, and no request sent. */
async function refusedBeforeSending(call: () => Promise<unknown>, parameter: string): Promise<Error> {
  const before = e2e.emulator.requests.length;
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a refusal naming ${parameter}`).toBeInstanceOf(Error);
  const error = caught as Error;
  expect(error).toSatisfy((e: Error) => e instanceof RangeError || e instanceof TypeError);
  expect(error.message).toContain(parameter);
  expect(e2e.emulator.requests.length).toBe(before);
  return error;
}

/** What a refusal says about each rule: the helpers describe the rule in words. */
function describesRule(message: string, bad: BadValue): void {
  const expected: Record<string, RegExp> = {
    required: /must be a string|is empty/,
    minLength: /too short/,
    maxLength: /too long/,
    pattern: /invalid character/,
    dotSegment: /dot segment/,
  };
  expect(message).toMatch(expected[bad.rule]!);
  if (bad.rule !== "required") expect(message).toContain("allowed:");
}

describe.each(Object.entries(TOKEN_HELPERS))("%s", (_, helper) => {
  it("refuses a { resourceGroup, registry, token } with a bad field, naming it", async () => {
    await fc.assert(
      fc.asyncProperty(badRef, async ({ field, bad, ref }) => {
        const error = await refusedBeforeSending(() => helper(e2e.client, ref), `tokenRef.${field}`);
        describesRule(error.message, bad);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses a token resource ID that is malformed, names another subscription, or holds a bad name", async () => {
    const idOf = (ref: { resourceGroup: string; registry: string; token: string }) => formatTokenId({ subscriptionId: SUBSCRIPTION, ...ref });
    const badId = fc.oneof(
      // A bad name inside the ID (names that keep the ID's shape: no "/" and a string at all).
      badRef
        .filter(({ bad }) => typeof bad.value === "string" && bad.value !== "" && !bad.value.includes("/"))
        .map(({ ref }) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${ref.registry}/tokens/${ref.token}`),
      // A keyword replaced, a segment dropped, trailing content, no leading slash.
      fc.tuple(validRef, fc.integer({ min: 0, max: 11 }), fc.constantFrom("drop", "rename", "trail", "unslash")).map(([ref, at, how]) => {
        const segments = idOf(ref).split("/");
        if (how === "drop") segments.splice(1 + (at % (segments.length - 1)), 1);
        // Keywords only: subscriptions, resourceGroups, providers, the namespace, registries, tokens.
        if (how === "rename") {
          const keyword = [1, 3, 5, 6, 7, 9][at % 6]!;
          segments[keyword] = `${segments[keyword]}x`;
        }
        if (how === "trail") segments.push("extra");
        const id = segments.join("/");
        return how === "unslash" ? id.slice(1) : id;
      }),
      // A well-formed ID in another subscription: the client would silently use its own.
      fc.tuple(validRef, fc.uuid()).filter(([, s]) => s !== SUBSCRIPTION).map(([ref, s]) => formatTokenId({ subscriptionId: s, ...ref })),
    );
    await fc.assert(
      fc.asyncProperty(badId, async (id) => {
        await refusedBeforeSending(() => helper(e2e.client, id), "tokenRef");
      }),
      { numRuns: 60 },
    );
  });
});

const repositoryName = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8}){0,2}$/), { minLength: 1, maxLength: 3 })
  .chain((segments) => fc.constantFrom(segments.join("/"), `${segments.join("/")}/*`));
const repositoryMap = fc.dictionary(repositoryName, fc.subarray([...REPOSITORY_ACTIONS], { minLength: 1 }), { minKeys: 1, maxKeys: 4 });
// Token names that leave room for the "-scope-map" suffix of the scope map the helper makes.
const tokenName = validValue({ ...FIELDS.token, maxLength: 40 });

describe("createRepositoryToken", () => {
  it("refuses bad names in params, naming the field", async () => {
    await fc.assert(
      fc.asyncProperty(badRef, repositoryMap, async ({ field, bad, ref }, repositories) => {
        const error = await refusedBeforeSending(() => createRepositoryToken(e2e.client, { ...ref, repositories }), `params.${field}`);
        describesRule(error.message, bad);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses bad repositories and actions, naming params.repositories", async () => {
    const badRepository = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?:\/\*)?$/.test(s) && s !== "*"),
      repositoryName.map((name) => name.toUpperCase()).filter((name) => /[A-Z]/.test(name)),
      repositoryName.map((name) => `${name}//x`),
      repositoryName.map((name) => `*/${name}`),
    );
    const badAction = fc.string({ maxLength: 16 }).filter((s) => !(REPOSITORY_ACTIONS as readonly string[]).includes(s));
    const badMap = fc.oneof(
      fc.tuple(repositoryMap, badRepository, fc.subarray([...REPOSITORY_ACTIONS], { minLength: 1 })).map(([map, name, actions]) => ({ ...map, [name]: actions })),
      fc.tuple(repositoryMap, repositoryName, badAction).map(([map, name, action]) => ({ ...map, [name]: [action as RepositoryAction] })),
      fc.tuple(repositoryMap, repositoryName).map(([map, name]) => ({ ...map, [name]: [] })),
      fc.constant({}),
    );
    await fc.assert(
      fc.asyncProperty(tokenName, badMap, async (token, repositories) => {
        const error = await refusedBeforeSending(
          () => createRepositoryToken(e2e.client, { resourceGroup: RG, registry: REGISTRY, token, repositories }),
          "params.repositories",
        );
        expect(error.message).toMatch(/allowed|at least one|empty/);
      }),
      { numRuns: 80 },
    );
  });

  it("creates a working token for valid names and repositories, and deletes it by ID", async () => {
    await fc.assert(
      fc.asyncProperty(tokenName, repositoryMap, async (token, repositories) => {
        const created = await createRepositoryToken(e2e.client, { resourceGroup: RG, registry: REGISTRY, token, repositories });
        expect(created.token.name).toBe(token);
        const scopeMap = await e2e.client.scopeMaps.get(RG, REGISTRY, created.scopeMap.name);
        const expected = Object.entries(repositories).flatMap(([name, actions]) => [...new Set(actions)].map((a) => `repositories/${name}/${a}`));
        expect(new Set(scopeMap.actions)).toEqual(new Set(expected));
        await deleteRepositoryToken(e2e.client, created.token.id);
        await expect(e2e.client.tokens.get(RG, REGISTRY, token)).rejects.toMatchObject({ statusCode: 404 });
      }),
      { numRuns: 15 },
    );
  });
});
