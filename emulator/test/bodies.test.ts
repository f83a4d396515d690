// No request body, however malformed, makes the emulator answer 500.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, createScopeMap, createToken, registryPath, scopeMapPath, startTestEmulator, TestClient, tokenPath } from "./support.js";

const RG = "bodiesrg";
const REGISTRY = "bodiesreg";

let emulator: Emulator;
let client: TestClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY, "Premium", { adminUserEnabled: true });
  await createScopeMap(client, RG, REGISTRY, "bodies-map");
  await createToken(client, RG, REGISTRY, "bodies-token", "bodies-map");
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

const targets: [string, string][] = [
  ["PUT", registryPath(RG, "fuzzregistry")],
  ["PATCH", registryPath(RG, REGISTRY)],
  ["PUT", scopeMapPath(RG, REGISTRY, "fuzz-map")],
  ["PATCH", scopeMapPath(RG, REGISTRY, "bodies-map")],
  ["PUT", tokenPath(RG, REGISTRY, "fuzz-token")],
  ["PATCH", tokenPath(RG, REGISTRY, "bodies-token")],
  ["POST", `${registryPath(RG, REGISTRY)}/generateCredentials`],
  ["POST", `${registryPath(RG, REGISTRY)}/regenerateCredential`],
  ["POST", `${registryPath(RG, REGISTRY)}/importImage`],
  ["POST", `/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.ContainerRegistry/checkNameAvailability`],
];

/** Values in the places the handlers look, of any type, plus the odd keys JSON allows. */
const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("", "9999-99-99T00:00:00Z", "-----BEGIN CERTIFICATE-----", "\ud800", "__proto__"));
const shaped = fc.record(
  {
    location: leaf,
    sku: fc.oneof(leaf, fc.record({ name: leaf }, { requiredKeys: [] })),
    identity: fc.oneof(leaf, fc.record({ type: leaf, userAssignedIdentities: leaf }, { requiredKeys: [] })),
    tags: leaf,
    name: leaf,
    type: leaf,
    tokenId: fc.oneof(leaf, fc.constant(tokenPath(RG, REGISTRY, "bodies-token"))),
    expiry: leaf,
    source: fc.oneof(leaf, fc.record({ sourceImage: leaf, registryUri: leaf, resourceId: leaf }, { requiredKeys: [] })),
    properties: fc.oneof(
      leaf,
      fc.record(
        {
          actions: fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })),
          scopeMapId: leaf,
          status: leaf,
          credentials: fc.oneof(leaf, fc.record({ passwords: fc.oneof(leaf, fc.array(fc.record({ name: leaf, expiry: leaf, creationTime: leaf }))), certificates: leaf })),
          policies: fc.oneof(leaf, fc.dictionary(fc.string(), fc.oneof(leaf, fc.record({ status: leaf, days: leaf })))),
          networkRuleSet: fc.oneof(leaf, fc.record({ defaultAction: leaf, ipRules: fc.oneof(leaf, fc.array(leaf)) })),
          encryption: fc.oneof(leaf, fc.record({ status: leaf, keyVaultProperties: leaf })),
          adminUserEnabled: leaf,
          roleAssignmentMode: leaf,
          networkRuleBypassAllowedForTasks: leaf,
          zoneRedundancy: leaf,
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe("malformed bodies", () => {
  for (const [method, path] of targets) {
    it(`${method} ${path.split("/").slice(-2).join("/")} never answers 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), shaped.map((value) => JSON.stringify(value)), fc.string()), async (raw) => {
          const response = await client.request(method, path, { rawBody: raw });
          expect(response.status, `${raw} -> ${response.text}`).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    });
  }
});
