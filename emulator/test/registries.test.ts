import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import {
  createRegistry,
  createScopeMap,
  createToken,
  OTHER_SUB,
  registryPath,
  useTestEmulator,
  SUB,
  TestClient,
} from "./support.js";

const context = useTestEmulator();
let emulator: Emulator;
let client: TestClient;

beforeAll(() => {
  ({ emulator, client } = context);
});

describe("registry lifecycle", () => {
  it("creates a registry with the properties ACR fills in", async () => {
    const response = await client.put(registryPath("rg1", "LifeCycleReg"), {
      location: "westus",
      tags: { team: "a" },
      sku: { name: "Standard" },
    });
    expect(response.status).toBe(201);
    expect(response.headers["azure-asyncoperation"]).toBeUndefined();
    const body = response.body;
    expect(body.id).toBe(registryPath("rg1", "LifeCycleReg"));
    expect(body.name).toBe("LifeCycleReg");
    expect(body.type).toBe("Microsoft.ContainerRegistry/registries");
    expect(body.location).toBe("westus");
    expect(body.tags).toEqual({ team: "a" });
    expect(body.sku).toEqual({ name: "Standard", tier: "Standard" });
    expect(body.properties.loginServer).toBe(emulator.loginServer("lifecyclereg"));
    expect(body.properties.provisioningState).toBe("Succeeded");
    expect(body.properties.adminUserEnabled).toBe(false);
    expect(body.properties.publicNetworkAccess).toBe("Enabled");
    expect(Number.isNaN(Date.parse(body.properties.creationDate))).toBe(false);
  });

  it("answers 200 to a PUT on an existing registry, keeping its creation date", async () => {
    const first = await client.get(registryPath("rg1", "LifeCycleReg"));
    const response = await client.put(registryPath("rg1", "lifecyclereg"), { location: "West US", sku: { name: "Premium" } });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe("LifeCycleReg");
    expect(response.body.sku.tier).toBe("Premium");
    expect(response.body.properties.creationDate).toBe(first.body.properties.creationDate);
    // PUT replaces: tags it does not send are gone.
    expect(response.body.tags).toEqual({});
  });

  it("refuses to move a registry to another location", async () => {
    const response = await client.put(registryPath("rg1", "LifeCycleReg"), { location: "eastus", sku: { name: "Premium" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidResourceLocation");
  });

  it("updates with PATCH, leaving what the body does not mention", async () => {
    const response = await client.patch(registryPath("rg1", "LifeCycleReg"), {
      tags: { env: "test" },
      sku: { name: "Basic" },
      properties: { adminUserEnabled: true },
    });
    expect(response.status).toBe(200);
    expect(response.body.tags).toEqual({ env: "test" });
    expect(response.body.sku).toEqual({ name: "Basic", tier: "Basic" });
    expect(response.body.properties.adminUserEnabled).toBe(true);
    expect(response.body.location).toBe("westus");
    const again = await client.get(registryPath("rg1", "LifeCycleReg"));
    expect(again.body.properties.adminUserEnabled).toBe(true);
  });

  it("answers 404 ResourceNotFound for a missing registry and in the wrong resource group", async () => {
    for (const path of [registryPath("rg1", "nosuchreg"), registryPath("otherrg", "LifeCycleReg")]) {
      const response = await client.get(path);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("ResourceNotFound");
    }
    expect((await client.patch(registryPath("rg1", "nosuchreg"), { tags: {} })).status).toBe(404);
  });

  it("deletes with 200, then 204, and frees the name and its children", async () => {
    await createRegistry(client, "rg1", "deleteme01");
    await createScopeMap(client, "rg1", "deleteme01", "scope1");
    await createToken(client, "rg1", "deleteme01", "token1", "scope1");
    expect((await client.delete(registryPath("rg1", "deleteme01"))).status).toBe(200);
    expect((await client.get(registryPath("rg1", "deleteme01"))).status).toBe(404);
    expect((await client.delete(registryPath("rg1", "deleteme01"))).status).toBe(204);
    await createRegistry(client, "rg2", "deleteme01");
    const tokens = await client.get(`${registryPath("rg2", "deleteme01")}/tokens`);
    expect(tokens.body.value).toEqual([]);
  });
});

describe("registry request rules", () => {
  it.each([
    ["no location", { sku: { name: "Basic" } }, "location"],
    ["no sku", { location: "westus" }, "sku"],
    ["no sku name", { location: "westus", sku: {} }, "sku.name"],
    ["an unknown sku", { location: "westus", sku: { name: "Gold" } }, "sku.name"],
    ["the Classic sku", { location: "westus", sku: { name: "Classic" } }, "sku.name"],
    ["a non-boolean adminUserEnabled", { location: "westus", sku: { name: "Basic" }, properties: { adminUserEnabled: "yes" } }, "adminUserEnabled"],
    ["a bad publicNetworkAccess", { location: "westus", sku: { name: "Basic" }, properties: { publicNetworkAccess: "Sometimes" } }, "publicNetworkAccess"],
    ["a non-string tag", { location: "westus", sku: { name: "Basic" }, tags: { a: 1 } }, "Tag"],
  ])("rejects %s with InvalidRequestContent", async (_case, body, mentioned) => {
    const response = await client.put(registryPath("rg1", "invalidreg"), body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
    expect(response.body.error.message).toContain(mentioned);
  });

  it("accepts enum values in any case and answers with the spec's spelling", async () => {
    const response = await client.put(registryPath("rg1", "enumcasereg"), { location: "westus", sku: { name: "standard" } });
    expect(response.status).toBe(201);
    expect(response.body.sku.name).toBe("Standard");
  });

  it("refuses Premium features on lower SKUs", async () => {
    const response = await client.put(registryPath("rg1", "zonereg01"), {
      location: "westus",
      sku: { name: "Standard" },
      properties: { zoneRedundancy: "Enabled" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("zoneRedundancy");
    const premium = await client.put(registryPath("rg1", "zonereg01"), {
      location: "westus",
      sku: { name: "Premium" },
      properties: { zoneRedundancy: "Enabled" },
    });
    expect(premium.status).toBe(201);
    expect(premium.body.properties.zoneRedundancy).toBe("Enabled");
  });

  it("keeps registry names unique across resource groups and subscriptions", async () => {
    await createRegistry(client, "rg1", "UniqueReg1");
    const otherGroup = await client.put(registryPath("rg9", "uniquereg1"), { location: "westus", sku: { name: "Basic" } });
    expect(otherGroup.status).toBe(409);
    expect(otherGroup.body.error.code).toBe("Conflict");
    const otherSubscription = await client.put(registryPath("rg1", "UNIQUEREG1", OTHER_SUB), { location: "westus", sku: { name: "Basic" } });
    expect(otherSubscription.status).toBe(409);
  });
});

describe("checkNameAvailability", () => {
  const path = `/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/checkNameAvailability`;
  const type = "Microsoft.ContainerRegistry/registries";

  it("reports a taken name (in any case) as AlreadyExists", async () => {
    await createRegistry(client, "rg1", "TakenName1");
    const response = await client.post(path, { name: "takenname1", type });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
  });

  it("reports a free name as available and a malformed one as Invalid", async () => {
    expect((await client.post(path, { name: "freename123", type })).body).toEqual({ nameAvailable: true });
    const invalid = await client.post(path, { name: "bad-name", type });
    expect(invalid.body).toMatchObject({ nameAvailable: false, reason: "Invalid" });
  });

  it("requires name and the registries type", async () => {
    expect((await client.post(path, { type })).status).toBe(400);
    const wrongType = await client.post(path, { name: "freename123", type: "Microsoft.Storage/storageAccounts" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe("InvalidRequestContent");
  });
});

describe("listing registries", () => {
  it("lists by resource group and by subscription", async () => {
    const sub = "22222222-2222-2222-2222-222222222222";
    for (const [group, name] of [["lista", "listreg1"], ["lista", "listreg2"], ["listb", "listreg3"]] as const) {
      const response = await client.put(registryPath(group, name, sub), { location: "westus", sku: { name: "Basic" } });
      expect(response.status).toBe(201);
    }
    const byGroup = await client.get(`/subscriptions/${sub}/resourceGroups/LISTA/providers/Microsoft.ContainerRegistry/registries`);
    expect(byGroup.body.value.map((registry: { name: string }) => registry.name)).toEqual(["listreg1", "listreg2"]);
    const bySubscription = await client.get(`/subscriptions/${sub}/providers/Microsoft.ContainerRegistry/registries`);
    expect(bySubscription.body.value.map((registry: { name: string }) => registry.name)).toEqual(["listreg1", "listreg2", "listreg3"]);
    expect(bySubscription.body.nextLink).toBeUndefined();
  });
});

describe("admin credentials", () => {
  it("refuses listCredentials while the admin user is disabled", async () => {
    await createRegistry(client, "rg1", "adminreg01");
    const response = await client.post(`${registryPath("rg1", "adminreg01")}/listCredentials`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("BadRequest");
    expect(response.body.error.message).toMatch(/admin user is disabled/i);
  });

  it("lists two passwords and regenerates one at a time", async () => {
    await client.patch(registryPath("rg1", "adminreg01"), { properties: { adminUserEnabled: true } });
    const listed = await client.post(`${registryPath("rg1", "adminreg01")}/listCredentials`);
    expect(listed.status).toBe(200);
    expect(listed.body.username).toBe("adminreg01");
    const [password, password2] = listed.body.passwords;
    expect(password.name).toBe("password");
    expect(password2.name).toBe("password2");
    expect(password.value.length).toBeGreaterThanOrEqual(40);
    expect(password.value).not.toBe(password2.value);

    const regenerated = await client.post(`${registryPath("rg1", "adminreg01")}/regenerateCredential`, { name: "password2" });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.passwords[0].value).toBe(password.value);
    expect(regenerated.body.passwords[1].value).not.toBe(password2.value);
    const relisted = await client.post(`${registryPath("rg1", "adminreg01")}/listCredentials`);
    expect(relisted.body.passwords[1].value).toBe(regenerated.body.passwords[1].value);
  });

  it("rejects regenerating an unknown password name", async () => {
    const response = await client.post(`${registryPath("rg1", "adminreg01")}/regenerateCredential`, { name: "password3" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
  });
});

describe("usages", () => {
  it("reports size, webhooks, scope maps and tokens against the SKU's limits", async () => {
    await createRegistry(client, "rg1", "usagereg01", "Standard");
    await createScopeMap(client, "rg1", "usagereg01", "usage-map");
    await createToken(client, "rg1", "usagereg01", "usage-token", "usage-map");
    const response = await client.get(`${registryPath("rg1", "usagereg01")}/listUsages`);
    expect(response.status).toBe(200);
    const byName = Object.fromEntries(response.body.value.map((usage: { name: string }) => [usage.name, usage]));
    expect(byName["Size"]).toMatchObject({ unit: "Bytes", currentValue: 0 });
    expect(byName["Webhooks"]).toMatchObject({ unit: "Count", limit: 10 });
    expect(byName["ScopeMaps"]).toEqual({ name: "ScopeMaps", limit: 500, currentValue: 1, unit: "Count" });
    expect(byName["Tokens"]).toEqual({ name: "Tokens", limit: 500, currentValue: 1, unit: "Count" });
  });

  it.each([
    ["Basic", 100],
    ["Premium", 50000],
  ])("uses the %s limits", async (sku, limit) => {
    await createRegistry(client, "rg1", `usage${sku}`, sku);
    const response = await client.get(`${registryPath("rg1", `usage${sku}`)}/listUsages`);
    const tokens = response.body.value.find((usage: { name: string }) => usage.name === "Tokens");
    expect(tokens.limit).toBe(limit);
  });
});

describe("import and private link resources", () => {
  it("accepts an image import and validates its source", async () => {
    await createRegistry(client, "rg1", "importreg1");
    const ok = await client.post(`${registryPath("rg1", "importreg1")}/importImage`, {
      source: { registryUri: "docker.io", sourceImage: "library/hello-world:latest" },
      targetTags: ["hello:latest"],
    });
    expect(ok.status).toBe(200);
    const missing = await client.post(`${registryPath("rg1", "importreg1")}/importImage`, { targetTags: ["x:y"] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("source");
  });

  it("lists and gets the registry private link resource", async () => {
    await createRegistry(client, "rg1", "linkreg01", "Premium");
    const list = await client.get(`${registryPath("rg1", "linkreg01")}/privateLinkResources`);
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(1);
    expect(list.body.value[0].properties.groupId).toBe("registry");
    expect(list.body.value[0].properties.requiredMembers).toEqual(["registry", "registry_data_westus"]);
    const one = await client.get(`${registryPath("rg1", "linkreg01")}/privateLinkResources/registry`);
    expect(one.body.id).toBe(`${registryPath("rg1", "linkreg01")}/privateLinkResources/registry`);
    expect((await client.get(`${registryPath("rg1", "linkreg01")}/privateLinkResources/other`)).status).toBe(404);
  });
});
