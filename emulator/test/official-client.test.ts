/**
 * The official @azure/arm-containerregistry 11.0.0 client against the
 * emulator. The client is the reference: if it fails, the emulator is wrong.
 */

import { ContainerRegistryManagementClient, type Token } from "@azure/arm-containerregistry";
import type { TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { startTestEmulator, SUB } from "./support.js";

const RG = "officialrg";

const credential: TokenCredential = {
  getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3600e3 }),
};

let emulator: Emulator;
let client: ContainerRegistryManagementClient;
/** core-lro ignores "Retry-After: 0" and falls back to a 2 s poll interval unless told otherwise. */
const poll = { updateIntervalInMs: 5 };

beforeAll(async () => {
  emulator = await startTestEmulator({ pageSize: 2 });
  client = new ContainerRegistryManagementClient(credential, SUB, {
    endpoint: emulator.endpoint,
    tlsOptions: { ca: emulator.ca },
  });
});

afterAll(async () => {
  await emulator.close();
});

async function tokenLifecycle(registryName: string): Promise<void> {
  const registry = await client.registries.beginCreateAndWait(RG, registryName, {
    location: "westus",
    sku: { name: "Standard" },
    adminUserEnabled: true,
    tags: { purpose: "official-client" },
  }, poll);
  expect(registry.provisioningState).toBe("Succeeded");
  expect(registry.loginServer).toBe(emulator.loginServer(registryName));
  expect(registry.loginServer).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(registry.creationDate).toBeInstanceOf(Date);

  const availability = await client.registries.checkNameAvailability({ name: registryName, type: "Microsoft.ContainerRegistry/registries" });
  expect(availability).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });

  const admin = await client.registries.listCredentials(RG, registryName);
  expect(admin.passwords?.map((password) => password.name)).toEqual(["password", "password2"]);

  const scopeMap = await client.scopeMaps.beginCreateAndWait(RG, registryName, "official-map", {
    actions: ["repositories/official/content/read", "repositories/official/metadata/read"],
  }, poll);
  expect(scopeMap.typePropertiesType).toBe("UserDefined");
  expect(scopeMap.provisioningState).toBe("Succeeded");

  const token = await client.tokens.beginCreateAndWait(RG, registryName, "official-token", { scopeMapId: scopeMap.id, status: "enabled" }, poll);
  expect(token.scopeMapId).toBe(scopeMap.id);
  expect(token.provisioningState).toBe("Succeeded");

  const generated = await client.registries.beginGenerateCredentialsAndWait(RG, registryName, { tokenId: token.id, name: "password1" }, poll);
  expect(generated.username).toBe("official-token");
  expect(generated.passwords).toHaveLength(1);
  expect(generated.passwords?.[0]?.value?.length).toBeGreaterThanOrEqual(40);

  const both = await client.registries.beginGenerateCredentialsAndWait(RG, registryName, {
    tokenId: token.id,
    expiry: new Date("2032-01-01T00:00:00Z"),
  }, poll);
  expect(both.passwords?.map((password) => password.name)).toEqual(["password1", "password2"]);
  expect(both.passwords?.every((password) => typeof password.value === "string")).toBe(true);

  const fetched = await client.tokens.get(RG, registryName, "official-token");
  expect(fetched.credentials?.passwords?.map((password) => [password.name, password.value])).toEqual([
    ["password1", undefined],
    ["password2", undefined],
  ]);
  expect(fetched.credentials?.passwords?.[0]?.expiry).toEqual(new Date("2032-01-01T00:00:00Z"));

  for (const name of ["official-extra-1", "official-extra-2", "official-extra-3"]) {
    await client.tokens.beginCreateAndWait(RG, registryName, name, { scopeMapId: scopeMap.id }, poll);
  }
  const listed: Token[] = [];
  for await (const item of client.tokens.list(RG, registryName)) listed.push(item);
  expect(listed.map((item) => item.name)).toEqual(["official-token", "official-extra-1", "official-extra-2", "official-extra-3"]);
  expect(listed.every((item) => item.credentials?.passwords?.every((password) => password.value === undefined) ?? true)).toBe(true);

  const updated = await client.tokens.beginUpdateAndWait(RG, registryName, "official-token", { status: "disabled" }, poll);
  expect(updated.status).toBe("disabled");
  expect(updated.credentials?.passwords).toHaveLength(2);

  const usages = await client.registries.listUsages(RG, registryName);
  expect(usages.value?.find((usage) => usage.name === "Tokens")).toMatchObject({ currentValue: 4, limit: 500 });

  for (const name of ["official-token", "official-extra-1", "official-extra-2", "official-extra-3"]) {
    await client.tokens.beginDeleteAndWait(RG, registryName, name, poll);
  }
  await expect(client.tokens.get(RG, registryName, "official-token")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  await client.scopeMaps.beginDeleteAndWait(RG, registryName, "official-map", poll);
  await client.registries.beginDeleteAndWait(RG, registryName, poll);
  await expect(client.registries.get(RG, registryName)).rejects.toMatchObject({ statusCode: 404 });
}

describe("official client", () => {
  it("runs the token lifecycle against synchronous answers", async () => {
    emulator.setAsyncDelay(0);
    emulator.clearRequests();
    await tokenLifecycle("OfficialSync1");
    expect(emulator.countRequests({ path: "operationResults" })).toBe(0);
  });

  it("runs the token lifecycle through asynchronous operations", async () => {
    emulator.setAsyncDelay(30);
    emulator.clearRequests();
    try {
      await tokenLifecycle("OfficialAsync1");
    } finally {
      emulator.setAsyncDelay(0);
    }
    expect(emulator.countRequests({ path: "operationResults" })).toBeGreaterThan(10);
  });

  it("lists scope maps, built-ins included, across pages", async () => {
    await client.registries.beginCreateAndWait(RG, "OfficialList1", { location: "westus", sku: { name: "Basic" } }, poll);
    const names: string[] = [];
    for await (const scopeMap of client.scopeMaps.list(RG, "OfficialList1")) names.push(scopeMap.name ?? "");
    expect(names).toHaveLength(5);
    expect(names).toContain("_repositories_admin");
    const registries: string[] = [];
    for await (const registry of client.registries.listByResourceGroup(RG)) registries.push(registry.name ?? "");
    expect(registries).toContain("OfficialList1");
  });

  it("surfaces a failed operation as an error with its code", async () => {
    emulator.setAsyncDelay(10);
    try {
      await client.registries.beginCreateAndWait(RG, "OfficialFail1", { location: "westus", sku: { name: "Basic" } }, poll);
      await client.scopeMaps.beginCreateAndWait(RG, "OfficialFail1", "fail-map", { actions: ["repositories/a/content/read"] }, poll);
      emulator.faults.failNextOperation({ method: "PUT", path: "/tokens/", status: "Failed", code: "TokenCreationFailed" });
      await expect(
        client.tokens.beginCreateAndWait(RG, "OfficialFail1", "fail-token", {
          scopeMapId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/OfficialFail1/scopeMaps/fail-map`,
        }, poll),
      ).rejects.toThrow(/long-running operation has failed\. TokenCreationFailed/);
    } finally {
      emulator.setAsyncDelay(0);
    }
  });

  it("retries an injected 503 with Retry-After and succeeds", async () => {
    await client.registries.beginCreateAndWait(RG, "OfficialRetry1", { location: "westus", sku: { name: "Basic" } }, poll);
    emulator.clearRequests();
    emulator.faults.add({ kind: "status", status: 503, retryAfter: 0, count: 1, method: "GET", path: "OfficialRetry1" });
    const registry = await client.registries.get(RG, "OfficialRetry1");
    expect(registry.name).toBe("OfficialRetry1");
    expect(emulator.countRequests({ method: "GET", path: "OfficialRetry1" })).toBe(2);
  });

  it("reports validation errors as RestErrors with the ARM code", async () => {
    await expect(
      client.scopeMaps.beginCreateAndWait(RG, "OfficialRetry1", "bad-map", { actions: ["repositories/a/content/fly"] }, poll),
    ).rejects.toMatchObject({ statusCode: 400, code: "InvalidRequestContent" });
  });
});

describe("2025-11-01 properties", () => {
  it("stores and returns roleAssignmentMode and networkRuleBypassAllowedForTasks sent by 11.0.0 (api-version 2025-11-01)", async () => {
    emulator.clearRequests();
    const created = await client.registries.beginCreateAndWait(
      RG,
      "abacregistry",
      { location: "westus", sku: { name: "Premium" }, roleAssignmentMode: "AbacRepositoryPermissions", networkRuleBypassAllowedForTasks: true },
      poll,
    );
    expect(created.roleAssignmentMode).toBe("AbacRepositoryPermissions");
    expect(created.networkRuleBypassAllowedForTasks).toBe(true);
    expect(emulator.requests[0]?.query).toContain("api-version=2025-11-01");

    const updated = await client.registries.beginUpdateAndWait(RG, "abacregistry", { roleAssignmentMode: "LegacyRegistryPermissions" }, poll);
    expect(updated.roleAssignmentMode).toBe("LegacyRegistryPermissions");
    // PATCH leaves what it does not mention.
    expect(updated.networkRuleBypassAllowedForTasks).toBe(true);
    const read = await client.registries.get(RG, "abacregistry");
    expect([read.roleAssignmentMode, read.networkRuleBypassAllowedForTasks]).toEqual(["LegacyRegistryPermissions", true]);
  });

  it("fills in the spec's defaults and refuses values the spec does not list", async () => {
    const plain = await client.registries.beginCreateAndWait(RG, "plainregistry", { location: "westus", sku: { name: "Basic" } }, poll);
    expect([plain.roleAssignmentMode, plain.networkRuleBypassAllowedForTasks]).toEqual(["LegacyRegistryPermissions", false]);
    const refused = await client.registries
      .beginCreateAndWait(RG, "oddregistry", { location: "westus", sku: { name: "Basic" }, roleAssignmentMode: "Everyone" }, poll)
      .catch((error: { statusCode?: number; code?: string }) => error);
    expect(refused).toMatchObject({ statusCode: 400, code: "InvalidRequestContent" });
  });
});
