import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, createScopeMap, createToken, registryPath, scopeMapPath, startTestEmulator, TestClient, tokenPath } from "./support.js";

const BUILTINS = [
  "_repositories_pull",
  "_repositories_pull_metadata_read",
  "_repositories_push",
  "_repositories_push_metadata_write",
  "_repositories_admin",
];

let emulator: Emulator;
let client: TestClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ skuLimits: { Basic: { scopeMaps: 2 } } });
  client = new TestClient(emulator);
  await createRegistry(client, "rg", "scopereg1");
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("built-in scope maps", () => {
  it("exist in every new registry as SystemDefined", async () => {
    const response = await client.get(`${registryPath("rg", "scopereg1")}/scopeMaps`);
    expect(response.status).toBe(200);
    const builtins = response.body.value.filter((scopeMap: { properties: { type: string } }) => scopeMap.properties.type === "SystemDefined");
    expect(builtins.map((scopeMap: { name: string }) => scopeMap.name).sort()).toEqual([...BUILTINS].sort());
  });

  it("carry actions matching their purpose", async () => {
    const pull = await client.get(scopeMapPath("rg", "scopereg1", "_repositories_pull"));
    expect(pull.body.properties.actions).toEqual(["repositories/*/content/read"]);
    const admin = await client.get(scopeMapPath("rg", "scopereg1", "_repositories_admin"));
    expect(admin.body.properties.actions).toEqual(
      expect.arrayContaining(["repositories/*/content/delete", "repositories/*/metadata/write", "repositories/*/content/write"]),
    );
    expect(admin.body.properties.provisioningState).toBe("Succeeded");
  });

  it("are read-only", async () => {
    const path = scopeMapPath("rg", "scopereg1", "_repositories_push");
    for (const response of [
      await client.put(path, { properties: { actions: ["repositories/a/content/read"] } }),
      await client.patch(path, { properties: { actions: ["repositories/a/content/read"] } }),
      await client.delete(path),
    ]) {
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain("system-defined");
    }
    expect((await client.get(path)).body.properties.actions).toEqual(["repositories/*/content/read", "repositories/*/content/write"]);
  });

  it("do not count against the scope map limit", async () => {
    const usages = await client.get(`${registryPath("rg", "scopereg1")}/listUsages`);
    expect(usages.body.value.find((usage: { name: string }) => usage.name === "ScopeMaps").currentValue).toBe(0);
  });
});

describe("user-defined scope maps", () => {
  it("are created as UserDefined with their actions", async () => {
    const actions = ["repositories/samples/hello-world/content/read", "repositories/samples/*/metadata/read", "gateway/myconnected1/config/read"];
    const response = await client.put(scopeMapPath("rg", "scopereg1", "readers"), { properties: { actions, description: "Readers" } });
    expect(response.status).toBe(201);
    expect(response.body.id).toBe(scopeMapPath("rg", "scopereg1", "readers"));
    expect(response.body.type).toBe("Microsoft.ContainerRegistry/registries/scopeMaps");
    expect(response.body.properties).toMatchObject({ type: "UserDefined", actions, provisioningState: "Succeeded", description: "Readers" });
  });

  it("are updated by PATCH and replaced by PUT", async () => {
    const patched = await client.patch(scopeMapPath("rg", "scopereg1", "readers"), { properties: { actions: ["repositories/*/content/read"] } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties.actions).toEqual(["repositories/*/content/read"]);
    expect(patched.body.properties.description).toBe("Readers");
    const replaced = await client.put(scopeMapPath("rg", "scopereg1", "READERS"), { properties: { actions: ["repositories/x/content/write"] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toBe("readers");
    expect(replaced.body.properties.description).toBeUndefined();
  });

  it.each([
    ["no properties", {}, "properties"],
    ["no actions", { properties: {} }, "properties.actions"],
    ["an empty action list", { properties: { actions: [] } }, "at least one action"],
    ["a non-string action", { properties: { actions: [5] } }, "properties.actions[0]"],
  ])("are rejected with %s", async (_case, body, mentioned) => {
    const response = await client.put(scopeMapPath("rg", "scopereg1", "badmap"), body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
    expect(response.body.error.message).toContain(mentioned);
  });

  it.each([
    "repositories/hello/content/execute",
    "repositories/hello/metadata/delete",
    "repositories/Hello/content/read",
    "repositories//content/read",
    "registries/hello/content/read",
    "gateway/conn/content/read",
    "repositories/hello",
  ])("reject the action %s, naming it", async (action) => {
    const response = await client.put(scopeMapPath("rg", "scopereg1", "badmap"), {
      properties: { actions: ["repositories/fine/content/read", action] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(`'${action}'`);
    expect(response.body.error.message).toContain("[1]");
  });

  it("allow at most 500 actions", async () => {
    const actions = Array.from({ length: 501 }, (_, index) => `repositories/repo${index}/content/read`);
    const tooMany = await client.put(scopeMapPath("rg", "scopereg1", "bigmap"), { properties: { actions } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain("500");
    const enough = await client.put(scopeMapPath("rg", "scopereg1", "bigmap"), { properties: { actions: actions.slice(0, 500) } });
    expect(enough.status).toBe(201);
    expect(enough.body.properties.actions).toHaveLength(500);
    expect((await client.delete(scopeMapPath("rg", "scopereg1", "bigmap"))).status).toBe(200);
  });

  it("answer 404 ResourceNotFound, or ParentResourceNotFound when the registry is missing", async () => {
    const missing = await client.get(scopeMapPath("rg", "scopereg1", "nosuchmap"));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("ResourceNotFound");
    expect((await client.patch(scopeMapPath("rg", "scopereg1", "nosuchmap"), { properties: {} })).status).toBe(404);
    for (const response of [
      await client.get(scopeMapPath("rg", "noregistry", "anymap")),
      await client.put(scopeMapPath("rg", "noregistry", "anymap"), { properties: { actions: ["repositories/a/content/read"] } }),
      await client.get(`${registryPath("rg", "noregistry")}/scopeMaps`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("ParentResourceNotFound");
    }
  });

  it("cannot be deleted while a token uses them", async () => {
    await createScopeMap(client, "rg", "scopereg1", "inuse");
    await createToken(client, "rg", "scopereg1", "user-token", "inuse");
    const refused = await client.delete(scopeMapPath("rg", "scopereg1", "inuse"));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("Conflict");
    expect(refused.body.error.message).toContain("user-token");
    expect((await client.get(scopeMapPath("rg", "scopereg1", "inuse"))).status).toBe(200);

    await client.delete(tokenPath("rg", "scopereg1", "user-token"));
    expect((await client.delete(scopeMapPath("rg", "scopereg1", "inuse"))).status).toBe(200);
    expect((await client.get(scopeMapPath("rg", "scopereg1", "inuse"))).status).toBe(404);
    expect((await client.delete(scopeMapPath("rg", "scopereg1", "inuse"))).status).toBe(204);
  });

  it("become deletable once the token that used them points elsewhere", async () => {
    await createScopeMap(client, "rg", "scopereg1", "first-map");
    await createScopeMap(client, "rg", "scopereg1", "second-map");
    await createToken(client, "rg", "scopereg1", "mover", "first-map");
    await client.patch(tokenPath("rg", "scopereg1", "mover"), { properties: { scopeMapId: scopeMapPath("rg", "scopereg1", "second-map") } });
    expect((await client.delete(scopeMapPath("rg", "scopereg1", "first-map"))).status).toBe(200);
    expect((await client.delete(scopeMapPath("rg", "scopereg1", "second-map"))).status).toBe(409);
  });
});

describe("scope map limit", () => {
  it("refuses more user-defined scope maps than the SKU allows with QuotaExceeded", async () => {
    await createRegistry(client, "rg", "basicscope1", "Basic");
    await createScopeMap(client, "rg", "basicscope1", "limit-a");
    await createScopeMap(client, "rg", "basicscope1", "limit-b");
    const third = await client.put(scopeMapPath("rg", "basicscope1", "limit-c"), { properties: { actions: ["repositories/a/content/read"] } });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe("QuotaExceeded");
    // Replacing one that exists is not a new scope map.
    expect((await createScopeMap(client, "rg", "basicscope1", "limit-b", ["repositories/b/content/read"])).status).toBe(200);
    await client.delete(scopeMapPath("rg", "basicscope1", "limit-a"));
    expect((await createScopeMap(client, "rg", "basicscope1", "limit-c")).status).toBe(201);
  });

  it("blocks a downgrade to a SKU whose limit the registry exceeds", async () => {
    await createRegistry(client, "rg", "downgrade1", "Standard");
    for (const name of ["down-a", "down-b", "down-c"]) await createScopeMap(client, "rg", "downgrade1", name);
    const response = await client.patch(registryPath("rg", "downgrade1"), { sku: { name: "Basic" } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("QuotaExceeded");
  });
});
