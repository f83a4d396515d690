// The ARM around the provider: subscriptions, resource groups, the generic resource list, the provider, cloud metadata.
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATION, DEFAULT_SUBSCRIPTION_ID, TENANT_ID } from "../src/index.js";
import { createRegistry, eventually, OTHER_SUB, registryPath, SUB, useTestEmulator, type TestClient } from "./support.js";

const RESOURCES = "2021-04-01";
const group = (name: string, subscription = SUB) => `/subscriptions/${subscription}/resourceGroups/${name}`;

async function deleteGroup(client: TestClient, name: string): Promise<void> {
  const accepted = await client.delete(group(name), { apiVersion: RESOURCES });
  expect(accepted.status).toBe(202);
  const location = accepted.headers.location!;
  expect(location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\?api-version=2021-04-01$/);
  await eventually(async () => ((await client.get(location)).status === 204 ? true : undefined));
}

describe("subscriptions", () => {
  const context = useTestEmulator();

  it("lists the default subscription and every one in use, in the emulator's tenant", async () => {
    const { client } = context;
    await createRegistry(client, "subsrg", "subsregistry1");
    const list = await client.get("/subscriptions", { apiVersion: "2019-11-01" });
    expect(list.status).toBe(200);
    const ids = list.body.value.map((s: { subscriptionId: string }) => s.subscriptionId);
    expect(ids).toEqual([DEFAULT_SUBSCRIPTION_ID, SUB]);
    expect(list.body.value[1]).toMatchObject({ id: `/subscriptions/${SUB}`, tenantId: TENANT_ID, state: "Enabled" });
    const one = await client.get(`/subscriptions/${OTHER_SUB}`, { apiVersion: "2022-12-01" });
    expect(one.body).toMatchObject({ subscriptionId: OTHER_SUB, tenantId: TENANT_ID, displayName: expect.any(String) });
    expect((await client.get("/subscriptions", { apiVersion: "2021-04-01" })).body.error.code).toBe("InvalidApiVersionParameter");
    expect((await client.get("/tenants", { apiVersion: "2019-11-01" })).body.value[0].tenantId).toBe(TENANT_ID);
  });
});

describe("resource groups", () => {
  const context = useTestEmulator();

  it("are created, read, tagged, listed and checked with HEAD", async () => {
    const { client } = context;
    const created = await client.put(group("groupone"), { location: "eastus", tags: { a: "1" } }, { apiVersion: RESOURCES });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: `/subscriptions/${SUB}/resourceGroups/groupone`,
      name: "groupone",
      type: "Microsoft.Resources/resourceGroups",
      location: "eastus",
      tags: { a: "1" },
      properties: { provisioningState: "Succeeded" },
    });
    expect((await client.put(group("GroupOne"), { location: "eastus" }, { apiVersion: RESOURCES })).status).toBe(200);
    const moved = await client.put(group("groupone"), { location: "westeurope" }, { apiVersion: RESOURCES });
    expect(moved.status).toBe(409);
    expect((await client.patch(group("groupone"), { tags: { b: "2" } }, { apiVersion: RESOURCES })).body.tags).toEqual({ b: "2" });
    expect((await client.get(group("GROUPONE"), { apiVersion: RESOURCES })).body.name).toBe("groupone");
    expect((await client.request("HEAD", group("groupone"), { apiVersion: RESOURCES })).status).toBe(204);
    const list = await client.get(`/subscriptions/${SUB}/resourcegroups`, { apiVersion: RESOURCES });
    expect(list.body.value.map((g: { name: string }) => g.name)).toContain("groupone");
    expect((await client.put(group("grouptwo"), { tags: {} }, { apiVersion: RESOURCES })).body.error.code).toBe("InvalidRequestContent");
  });

  it("spring into existence when a registry is put into one never created, in the registry's location", async () => {
    const { client } = context;
    const never = await client.get(group("nevermade"), { apiVersion: RESOURCES });
    expect(never.status).toBe(200);
    expect(never.body.location).toBe(DEFAULT_LOCATION);
    const before = await client.get(`/subscriptions/${SUB}/resourcegroups`, { apiVersion: RESOURCES });
    expect(before.body.value.map((g: { name: string }) => g.name)).not.toContain("nevermade");
    await client.put(registryPath("implicitgroup", "implicitreg"), { location: "northeurope", sku: { name: "Basic" } });
    const made = await client.get(group("implicitgroup"), { apiVersion: RESOURCES });
    expect(made.body).toMatchObject({ name: "implicitgroup", location: "northeurope" });
    const after = await client.get(`/subscriptions/${SUB}/resourcegroups`, { apiVersion: RESOURCES });
    expect(after.body.value.map((g: { name: string }) => g.name)).toContain("implicitgroup");
  });

  it("DELETE answers 202 + Location and deletes the group's registries with it", async () => {
    const { client } = context;
    await createRegistry(client, "doomed", "doomedreg1");
    await createRegistry(client, "doomed", "doomedreg2");
    await createRegistry(client, "survivor", "survivorreg");
    await deleteGroup(client, "doomed");
    expect((await client.get(registryPath("doomed", "doomedreg1"))).status).toBe(404);
    expect((await client.get(registryPath("doomed", "doomedreg2"))).status).toBe(404);
    expect((await client.get(registryPath("survivor", "survivorreg"))).status).toBe(200);
    const list = await client.get(`/subscriptions/${SUB}/resourcegroups`, { apiVersion: RESOURCES });
    expect(list.body.value.map((g: { name: string }) => g.name)).not.toContain("doomed");
    // The name is free again.
    expect((await client.put(registryPath("elsewhere", "doomedreg1"), { location: "westus", sku: { name: "Basic" } })).status).toBe(201);
  });

  it("refuse changes while being deleted", async () => {
    const { client, emulator } = context;
    await createRegistry(client, "slowgroup", "slowgroupreg");
    emulator.setAsyncDelay(60_000);
    try {
      expect((await client.delete(group("slowgroup"), { apiVersion: RESOURCES })).status).toBe(202);
      const write = await client.put(registryPath("slowgroup", "slowgroupreg2"), { location: "westus", sku: { name: "Basic" } });
      expect(write.status).toBe(409);
      expect(write.body.error.code).toBe("ResourceGroupBeingDeleted");
      expect((await client.get(group("slowgroup"), { apiVersion: RESOURCES })).body.properties.provisioningState).toBe("Deleting");
      expect((await client.get(registryPath("slowgroup", "slowgroupreg"))).status).toBe(200);
    } finally {
      emulator.setAsyncDelay(0);
    }
  });
});

describe("resource groups with strictResourceGroups", () => {
  const context = useTestEmulator({ strictResourceGroups: true });

  it("answer ResourceGroupNotFound for a group never created, for the group and everything under it", async () => {
    const { client } = context;
    for (const response of [
      await client.get(group("missing"), { apiVersion: RESOURCES }),
      await client.put(registryPath("missing", "strictreg1"), { location: "westus", sku: { name: "Basic" } }),
      await client.get(registryPath("missing", "strictreg1")),
      await client.get(`${group("missing")}/resources`, { apiVersion: RESOURCES }),
      await client.delete(group("missing"), { apiVersion: RESOURCES }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: "ResourceGroupNotFound", message: "Resource group 'missing' could not be found." });
    }
    expect((await client.request("HEAD", group("missing"), { apiVersion: RESOURCES })).status).toBe(404);
    await client.put(group("present"), { location: "westus" }, { apiVersion: RESOURCES });
    expect((await client.put(registryPath("present", "strictreg1"), { location: "westus", sku: { name: "Basic" } })).status).toBe(201);
  });
});

describe("the generic resource list", () => {
  const context = useTestEmulator({ pageSize: 100 });

  it("lists registries with $filter on resourceType, name and tags, $top and nextLink", async () => {
    const { client } = context;
    await client.put(registryPath("lista", "listreg1"), { location: "westus", sku: { name: "Basic" }, tags: { env: "prod" } });
    await client.put(registryPath("lista", "listreg2"), { location: "westus", sku: { name: "Premium" }, tags: { env: "dev" } });
    await client.put(registryPath("listb", "listreg3"), { location: "eastus", sku: { name: "Basic" } });
    const names = (response: { body: { value: { name: string }[] } }) => response.body.value.map((r) => r.name);
    const all = await client.get(`/subscriptions/${SUB}/resources`, { apiVersion: RESOURCES });
    expect(names(all)).toEqual(["listreg1", "listreg2", "listreg3"]);
    expect(all.body.value[0]).toEqual({
      id: registryPath("lista", "listreg1"),
      name: "listreg1",
      type: "Microsoft.ContainerRegistry/registries",
      sku: { name: "Basic", tier: "Basic" },
      location: "westus",
      tags: { env: "prod" },
    });
    const filter = (value: string, path = `/subscriptions/${SUB}/resources`) => client.get(`${path}?api-version=${RESOURCES}&$filter=${encodeURIComponent(value)}`);
    // What az acr sends to find a registry's resource group.
    expect(names(await filter("resourceType eq 'Microsoft.ContainerRegistry/registries'"))).toHaveLength(3);
    expect(names(await filter("resourceType eq 'Microsoft.ContainerRegistry/registries' and name eq 'LISTREG2'"))).toEqual(["listreg2"]);
    expect(names(await filter("resourceType eq 'Microsoft.Storage/storageAccounts'"))).toEqual([]);
    expect(names(await filter("tagName eq 'env' and tagValue eq 'prod'"))).toEqual(["listreg1"]);
    expect(names(await filter("tagName eq 'env'"))).toEqual(["listreg1", "listreg2"]);
    expect(names(await filter("substringof('reg3', name)"))).toEqual(["listreg3"]);
    expect(names(await filter("name eq 'listreg1'", `${group("listb")}/resources`))).toEqual([]);
    const bad = await filter("name ne 'x'");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("InvalidFilterInQueryString");

    const first = await client.get(`/subscriptions/${SUB}/resources?api-version=${RESOURCES}&$top=2&$filter=${encodeURIComponent("resourceType eq 'Microsoft.ContainerRegistry/registries'")}`);
    expect(names(first)).toEqual(["listreg1", "listreg2"]);
    const next = new URL(first.body.nextLink);
    expect(next.searchParams.get("$top")).toBe("2");
    expect(next.searchParams.get("$filter")).toBe("resourceType eq 'Microsoft.ContainerRegistry/registries'");
    const second = await client.get(first.body.nextLink);
    expect(names(second)).toEqual(["listreg3"]);
    expect(second.body.nextLink).toBeUndefined();
    expect((await client.get(`/subscriptions/${SUB}/resources?api-version=${RESOURCES}&$top=0`)).status).toBe(400);
  });
});

describe("the provider and the cloud", () => {
  const context = useTestEmulator();

  it("describes Microsoft.ContainerRegistry as Registered with its resource types, api-versions and locations", async () => {
    const { client } = context;
    for (const response of [
      await client.get(`/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry`, { apiVersion: RESOURCES }),
      await client.post(`/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/register`, undefined, { apiVersion: RESOURCES }),
    ]) {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ namespace: "Microsoft.ContainerRegistry", registrationState: "Registered" });
      const types = Object.fromEntries(response.body.resourceTypes.map((t: { resourceType: string }) => [t.resourceType, t]));
      expect(types["registries"].apiVersions[0]).toBe("2025-11-01");
      expect(types["registries"].apiVersions).toContain("2017-10-01");
      expect(types["registries/tokens"].apiVersions).toContain("2019-05-01-preview");
      expect(types["registries/tokens"].apiVersions).not.toContain("2017-10-01");
      expect(types["registries"].locations).toContain("West US");
    }
  });

  it("serves /metadata/endpoints without a token, naming the emulator as Resource Manager and audience", async () => {
    const { client, emulator } = context;
    const old = await client.get("/metadata/endpoints", { apiVersion: "2015-01-01", token: null });
    expect(old.status).toBe(200);
    expect(old.body.authentication).toMatchObject({ loginEndpoint: `${emulator.endpoint}/`, audiences: [`${emulator.endpoint}/`] });
    expect(old.body.graphEndpoint).toBe(`${emulator.endpoint}/`);
    const clouds = await client.get("//metadata/endpoints", { apiVersion: "2022-09-01", token: null });
    expect(clouds.body).toHaveLength(1);
    expect(clouds.body[0]).toMatchObject({ name: "AcrEmulator", resourceManager: `${emulator.endpoint}/`, suffixes: { acrLoginServer: "azurecr.io" } });
    expect((await client.get("/metadata/endpoints", { apiVersion: "2025-11-01", token: null })).status).toBe(400);
  });
});
