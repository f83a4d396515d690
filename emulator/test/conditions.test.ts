// Conditional requests as ARM has them: If-Match (etag) and If-None-Match: * on PUT and PATCH.
import { describe, expect, it } from "vitest";
import { createRegistry, registryPath, scopeMapPath, tokenPath, useTestEmulator } from "./support.js";

const REGISTRY = { location: "westus", sku: { name: "Standard" } };

describe("conditional requests", () => {
  const context = useTestEmulator();

  it("If-None-Match: * creates once and then answers 412 PreconditionFailed, changing nothing", async () => {
    const { client } = context;
    const path = registryPath("condrg", "condreg1");
    const created = await client.put(path, { ...REGISTRY, tags: { v: "1" } }, { headers: { "If-None-Match": "*" } });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await client.put(path, { ...REGISTRY, tags: { v: "2" } }, { headers: { "If-None-Match": "*" } });
    expect(again.status).toBe(412);
    expect(again.body.error.code).toBe("PreconditionFailed");
    expect((await client.get(path)).body.tags).toEqual({ v: "1" });
  });

  it("If-Match with the current etag writes; with a stale one, or on a missing resource, answers 412", async () => {
    const { client } = context;
    const path = registryPath("condrg", "condreg2");
    await client.put(path, REGISTRY);
    const read = await client.get(path);
    const etag = read.headers.etag!;
    const patched = await client.patch(path, { tags: { step: "1" } }, { headers: { "If-Match": etag } });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).not.toBe(etag);
    const stale = await client.patch(path, { tags: { step: "2" } }, { headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    expect((await client.get(path)).body.tags).toEqual({ step: "1" });
    expect((await client.put(path, REGISTRY, { headers: { "If-Match": "*" } })).status).toBe(200);
    const missing = await client.put(registryPath("condrg", "condreg9"), REGISTRY, { headers: { "If-Match": "*" } });
    expect(missing.status).toBe(412);
    expect((await client.get(registryPath("condrg", "condreg9"))).status).toBe(404);
  });

  it("holds for scope maps and tokens too", async () => {
    const { client } = context;
    await createRegistry(client, "condrg", "condreg3");
    const map = scopeMapPath("condrg", "condreg3", "condmap");
    const body = { properties: { actions: ["repositories/a/content/read"] } };
    expect((await client.put(map, body, { headers: { "If-None-Match": "*" } })).status).toBe(201);
    expect((await client.put(map, body, { headers: { "If-None-Match": "*" } })).status).toBe(412);
    const token = tokenPath("condrg", "condreg3", "condtoken");
    const tokenBody = { properties: { scopeMapId: map } };
    const created = await client.put(token, tokenBody, { headers: { "If-None-Match": "*" } });
    expect(created.status).toBe(201);
    expect((await client.get(token)).headers.etag).toBe(created.headers.etag);
    expect((await client.patch(token, { properties: { status: "disabled" } }, { headers: { "If-Match": '"0000"' } })).status).toBe(412);
    expect((await client.patch(token, { properties: { status: "disabled" } }, { headers: { "If-Match": created.headers.etag! } })).status).toBe(200);
  });
});
