// Property: answers the SDK does not fully know still parse. Enum values the spec marks
// modelAsString pass through unchanged; unknown properties, at any level, are ignored.
import fc from "fast-check";
import { expect, it } from "vitest";
import type { ContainerRegistryManagementClient } from "../../src/index.js";
import { registryPath, type TestServer, useTestServer } from "../support/testServer.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)), { resetBeforeEach: false });

/** Extra members for an object whose own members are `known`. */
const unknownMembers = (known: readonly string[]) =>
  fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const enumValue = fc.string({ minLength: 1, maxLength: 20 });
const isoDate = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());

const tokenAnswer = fc
  .record({
    status: enumValue,
    provisioningState: enumValue,
    slot: enumValue,
    expiry: isoDate,
    top: unknownMembers(["id", "name", "type", "systemData", "properties"]),
    properties: unknownMembers(["creationDate", "provisioningState", "scopeMapId", "credentials", "status"]),
    credentials: unknownMembers(["certificates", "passwords"]),
    password: unknownMembers(["creationTime", "expiry", "name", "value"]),
  })
  .map((a) => ({
    answer: a,
    body: {
      ...a.top,
      id: `${registryPath()}/tokens/myToken`,
      name: "myToken",
      properties: {
        ...a.properties,
        status: a.status,
        provisioningState: a.provisioningState,
        scopeMapId: `${registryPath()}/scopeMaps/myScopeMap`,
        credentials: { ...a.credentials, passwords: [{ ...a.password, name: a.slot, expiry: a.expiry }] },
      },
    },
  }));

it("a token with unknown enum values and unknown properties parses, the values passed through", async () => {
  await fc.assert(
    fc.asyncProperty(tokenAnswer, async ({ answer, body }) => {
      server.reset();
      server.on("GET", `${registryPath()}/tokens/myToken`, { status: 200, body });
      const token = await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
      expect(token.name).toBe("myToken");
      expect(token.status).toBe(answer.status);
      expect(token.provisioningState).toBe(answer.provisioningState);
      expect(token.scopeMapId).toBe(`${registryPath()}/scopeMaps/myScopeMap`);
      expect(token.credentials?.passwords?.[0]?.name).toBe(answer.slot);
      expect(token.credentials?.passwords?.[0]?.expiry?.toISOString()).toBe(answer.expiry);
    }),
    { numRuns: 60 },
  );
});

it("list pages with unknown members and unknown values in their items parse", async () => {
  const page = fc.record({
    page: unknownMembers(["value", "nextLink"]),
    items: fc.array(fc.record({ status: enumValue, extra: unknownMembers(["id", "name", "type", "systemData", "properties"]) }), { maxLength: 5 }),
  });
  await fc.assert(
    fc.asyncProperty(page, page, async (first, second) => {
      server.reset();
      const path = `${registryPath()}/tokens`;
      const items = (p: typeof first, offset: number) => p.items.map((item, i) => ({ ...item.extra, name: `token${offset + i}`, properties: { status: item.status } }));
      server.once("GET", path, { status: 200, body: { ...first.page, value: items(first, 0), nextLink: `${server.endpoint}${path}?page=2` } });
      server.once("GET", path, { status: 200, body: { ...second.page, value: items(second, first.items.length) } });
      const tokens = [];
      for await (const token of client.tokens.list("myResourceGroup", "myRegistry")) tokens.push(token);
      expect(tokens.map((t) => [t.name, t.status])).toEqual(
        [...first.items, ...second.items].map((item, i) => [`token${i}`, item.status]),
      );
    }),
    { numRuns: 40 },
  );
});

it("a registry with an unknown SKU, policy status and network rule action parses", async () => {
  await fc.assert(
    fc.asyncProperty(enumValue, enumValue, enumValue, unknownMembers(["name", "tier"]), async (sku, policy, action, skuExtra) => {
      server.reset();
      server.on("GET", registryPath(), {
        status: 200,
        body: {
          name: "myRegistry",
          location: "westus",
          sku: { ...skuExtra, name: sku, tier: sku },
          properties: {
            policies: { quarantinePolicy: { status: policy } },
            networkRuleSet: { defaultAction: action, ipRules: [{ action, value: "10.0.0.0/8" }] },
          },
        },
      });
      const registry = await client.registries.get("myResourceGroup", "myRegistry");
      expect(registry.sku.name).toBe(sku);
      expect(registry.sku.tier).toBe(sku);
      expect(registry.policies?.quarantinePolicy?.status).toBe(policy);
      expect(registry.networkRuleSet?.defaultAction).toBe(action);
      expect(registry.networkRuleSet?.ipRules?.[0]?.action).toBe(action);
    }),
    { numRuns: 40 },
  );
});
