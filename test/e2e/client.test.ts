// Our client against the emulator: every operation of the three groups, in the flows people run.
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { getContinuationToken, InvalidParameterError, type Token } from "../../src/index.js";
import { all, RG, SUBSCRIPTION, useEmulator } from "../support/emulator.js";

const e2e = useEmulator({ asyncDelayMs: 0, pageSize: 3 });

async function failure(call: Promise<unknown>): Promise<RestError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

describe("registries", () => {
  it("create, get, update, list (paged), check names, usages, delete", async () => {
    const { client } = e2e;
    const created = await client.registries.beginCreateAndWait(RG, "e2ebasic", { location: "westus", sku: { name: "Basic" }, tags: { team: "a" } });
    expect(created).toMatchObject({ name: "e2ebasic", location: "westus", loginServer: e2e.emulator.loginServer("e2ebasic"), provisioningState: "Succeeded", sku: { name: "Basic", tier: "Basic" } });
    expect(created.creationDate).toBeInstanceOf(Date);
    for (const [name, sku] of [["e2estandard", "Standard"], ["e2epremium", "Premium"], ["e2eother", "Basic"]] as const) {
      await client.registries.beginCreateAndWait(name === "e2eother" ? "e2e-other" : RG, name, { location: "eastus", sku: { name: sku } });
    }
    const got = await client.registries.get(RG, "e2ebasic");
    expect(got.tags).toEqual({ team: "a" });
    const updated = await client.registries.beginUpdateAndWait(RG, "e2ebasic", { tags: { team: "b" }, adminUserEnabled: true });
    expect([updated.tags, updated.adminUserEnabled]).toEqual([{ team: "b" }, true]);

    // Page size 3: four registries span two pages.
    const pages = [];
    for await (const page of client.registries.list().byPage()) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat().map((r) => r.name).sort()).toEqual(["e2ebasic", "e2eother", "e2epremium", "e2estandard"]);
    expect((await all(client.registries.listByResourceGroup(RG))).map((r) => r.name).sort()).toEqual(["e2ebasic", "e2epremium", "e2estandard"]);

    expect(await client.registries.checkNameAvailability({ name: "e2efresh" })).toMatchObject({ nameAvailable: true });
    expect(await client.registries.checkNameAvailability({ name: "e2ebasic" })).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });

    const usages = await client.registries.listUsages(RG, "e2ebasic");
    expect(usages.value?.map((u) => u.name)).toEqual(expect.arrayContaining(["Size", "Webhooks", "ScopeMaps", "Tokens"]));
    expect(usages.value?.find((u) => u.name === "Tokens")).toMatchObject({ limit: 100 });

    await client.registries.beginDeleteAndWait(RG, "e2estandard");
    const gone = await failure(client.registries.get(RG, "e2estandard"));
    expect([gone.statusCode, gone.code]).toEqual([404, "ResourceNotFound"]);
  });

  it("admin credentials: list and regenerate when enabled, refused when disabled", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2eadmin", { location: "westus", sku: { name: "Standard" }, adminUserEnabled: true });
    const before = await client.registries.listCredentials(RG, "e2eadmin");
    expect(before.username).toBe("e2eadmin");
    expect(before.passwords?.map((p) => p.name)).toEqual(["password", "password2"]);
    const after = await client.registries.regenerateCredential(RG, "e2eadmin", { name: "password2" });
    expect(after.passwords?.[0]?.value).toBe(before.passwords?.[0]?.value);
    expect(after.passwords?.[1]?.value).not.toBe(before.passwords?.[1]?.value);

    await client.registries.beginUpdateAndWait(RG, "e2eadmin", { adminUserEnabled: false });
    const refused = await failure(client.registries.listCredentials(RG, "e2eadmin"));
    expect(refused.statusCode).toBe(400);
  });

  it("imports an image and reads private link resources", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2eimport", { location: "westus", sku: { name: "Premium" } });
    await expect(
      client.registries.beginImportImageAndWait(RG, "e2eimport", { source: { registryUri: "docker.io", sourceImage: "library/hello-world:latest" }, targetTags: ["hello:latest"] }),
    ).resolves.toBeUndefined();
    const links = await all(client.registries.listPrivateLinkResources(RG, "e2eimport"));
    expect(links.map((l) => l.groupId)).toEqual(["registry"]);
    expect((await client.registries.getPrivateLinkResource(RG, "e2eimport", "registry")).groupId).toBe("registry");
    const missing = await failure(client.registries.getPrivateLinkResource(RG, "e2eimport", "nosuchgroup"));
    expect(missing.statusCode).toBe(404);
  });
});

describe("scope maps", () => {
  it("built-in ones exist and are read-only", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2escopes", { location: "westus", sku: { name: "Premium" } });
    const names = (await all(client.scopeMaps.list(RG, "e2escopes"))).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["_repositories_pull", "_repositories_pull_metadata_read", "_repositories_push", "_repositories_push_metadata_write", "_repositories_admin"]));
    const pull = await client.scopeMaps.get(RG, "e2escopes", "_repositories_pull");
    expect(pull.typePropertiesType).toBe("SystemDefined");
    const refused = await failure(client.scopeMaps.beginUpdateAndWait(RG, "e2escopes", "_repositories_pull", { actions: ["repositories/x/content/write"] }));
    expect(refused.statusCode).toBe(400);
  });

  it("user scope maps: create, get, update, delete; in use cannot be deleted", async () => {
    const { client } = e2e;
    const made = await client.scopeMaps.beginCreateAndWait(RG, "e2escopes", "app-read", { actions: ["repositories/app/content/read"], description: "read app" });
    expect(made).toMatchObject({ name: "app-read", typePropertiesType: "UserDefined", actions: ["repositories/app/content/read"], description: "read app" });
    const changed = await client.scopeMaps.beginUpdateAndWait(RG, "e2escopes", "app-read", { actions: ["repositories/app/content/read", "repositories/app/metadata/read"] });
    expect(changed.actions).toHaveLength(2);
    expect((await client.scopeMaps.get(RG, "e2escopes", "app-read")).description).toBe("read app");

    await client.tokens.beginCreateAndWait(RG, "e2escopes", "holder", { scopeMapId: made.id });
    const inUse = await failure(client.scopeMaps.beginDeleteAndWait(RG, "e2escopes", "app-read"));
    expect([inUse.statusCode, inUse.code]).toEqual([409, "Conflict"]);
    await client.tokens.beginDeleteAndWait(RG, "e2escopes", "holder");
    await client.scopeMaps.beginDeleteAndWait(RG, "e2escopes", "app-read");
    expect((await failure(client.scopeMaps.get(RG, "e2escopes", "app-read"))).statusCode).toBe(404);
  });
});

describe("tokens", () => {
  const scopeMapId = (registry: string, name: string) =>
    `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${registry}/scopeMaps/${name}`;

  it("lifecycle: create, credentials by slot, PUT drops passwords, PATCH keeps them, status, delete", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2etokens", { location: "westus", sku: { name: "Premium" } });
    const token = await client.tokens.beginCreateAndWait(RG, "e2etokens", "ci-token", { scopeMapId: scopeMapId("e2etokens", "_repositories_pull") });
    expect(token).toMatchObject({ name: "ci-token", status: "enabled", provisioningState: "Succeeded" });

    const one = await client.registries.beginGenerateCredentialsAndWait(RG, "e2etokens", { tokenId: token.id, name: "password1", expiry: new Date("2030-01-01T00:00:00Z") });
    expect(one.username).toBe("ci-token");
    const p1 = one.passwords?.find((p) => p.name === "password1");
    expect(p1?.value).toEqual(expect.any(String));
    expect(p1?.expiry).toEqual(new Date("2030-01-01T00:00:00Z"));
    expect(one.passwords?.filter((p) => p.value !== undefined).map((p) => p.name)).toEqual(["password1"]);

    const both = await client.registries.beginGenerateCredentialsAndWait(RG, "e2etokens", { tokenId: token.id });
    expect(both.passwords?.map((p) => [p.name, typeof p.value])).toEqual([["password1", "string"], ["password2", "string"]]);
    expect(both.passwords?.[0]?.value).not.toBe(p1?.value);

    // Reads list the slots but never a value.
    const read = await client.tokens.get(RG, "e2etokens", "ci-token");
    expect(read.credentials?.passwords?.map((p) => p.name)).toEqual(["password1", "password2"]);
    expect(read.credentials?.passwords?.every((p) => p.value === undefined)).toBe(true);

    const patched = await client.tokens.beginUpdateAndWait(RG, "e2etokens", "ci-token", { status: "disabled" });
    expect(patched.status).toBe("disabled");
    expect(patched.credentials?.passwords).toHaveLength(2);

    const replaced = await client.tokens.beginCreateAndWait(RG, "e2etokens", "ci-token", { scopeMapId: token.scopeMapId, status: "enabled" });
    expect(replaced.credentials?.passwords ?? []).toHaveLength(0);

    await client.tokens.beginDeleteAndWait(RG, "e2etokens", "ci-token");
    expect((await failure(client.tokens.get(RG, "e2etokens", "ci-token"))).code).toBe("ResourceNotFound");
  });

  it("lists across pages and resumes from a continuation token", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2epaging", { location: "westus", sku: { name: "Premium" } });
    for (let i = 0; i < 7; i++) await client.tokens.beginCreateAndWait(RG, "e2epaging", `token-${i}`, { scopeMapId: scopeMapId("e2epaging", "_repositories_pull") });
    const pages: Token[][] = [];
    for await (const page of client.tokens.list(RG, "e2epaging").byPage()) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const resumed: Token[][] = [];
    for await (const page of client.tokens.list(RG, "e2epaging").byPage({ continuationToken: getContinuationToken(pages[0]) })) resumed.push(page);
    expect(resumed.flat().map((t) => t.name)).toEqual(["token-3", "token-4", "token-5", "token-6"]);
  });

  it("errors: missing registry, missing scope map, and bad names refused before sending", async () => {
    const { client, emulator } = e2e;
    const noRegistry = await failure(client.tokens.get(RG, "e2enothere", "ci-token"));
    expect([noRegistry.statusCode, noRegistry.code]).toEqual([404, "ParentResourceNotFound"]);
    await client.registries.beginCreateAndWait(RG, "e2eerrors", { location: "westus", sku: { name: "Basic" } });
    const noScopeMap = await failure(client.tokens.beginCreateAndWait(RG, "e2eerrors", "orphan", { scopeMapId: scopeMapId("e2eerrors", "nosuchmap") }));
    expect(noScopeMap.statusCode).toBe(400);
    expect(noScopeMap.message).toContain("nosuchmap");

    const before = emulator.requests.length;
    await expect(client.tokens.get(RG, "e2eerrors", "bad name")).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(client.registries.get(RG, "no-dashes-allowed")).rejects.toBeInstanceOf(InvalidParameterError);
    expect(emulator.requests.length).toBe(before);
  });
});
