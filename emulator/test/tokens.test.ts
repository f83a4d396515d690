import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import {
  createRegistry,
  createScopeMap,
  createToken,
  registryPath,
  scopeMapPath,
  startTestEmulator,
  TestClient,
  tokenPath,
  type Json,
} from "./support.js";

const RG = "tokenrg";
const REGISTRY = "tokenreg1";

let emulator: Emulator;
let client: TestClient;

const generate = (body: object) => client.post(`${registryPath(RG, REGISTRY)}/generateCredentials`, body);
const passwordsOf = (token: Json) => token.properties.credentials.passwords as Json[];

beforeAll(async () => {
  emulator = await startTestEmulator({ skuLimits: { Basic: { tokens: 3 } } });
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY);
  await createScopeMap(client, RG, REGISTRY, "pullers", ["repositories/app/content/read"]);
  await createScopeMap(client, RG, REGISTRY, "pushers", ["repositories/app/content/write"]);
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("token creation", () => {
  it("creates an enabled token bound to its scope map", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "ci-token"), {
      properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "pullers") },
    });
    expect(response.status).toBe(201);
    expect(response.body.id).toBe(tokenPath(RG, REGISTRY, "ci-token"));
    expect(response.body.type).toBe("Microsoft.ContainerRegistry/registries/tokens");
    expect(response.body.properties).toMatchObject({
      scopeMapId: scopeMapPath(RG, REGISTRY, "pullers"),
      status: "enabled",
      provisioningState: "Succeeded",
      credentials: { passwords: [], certificates: [] },
    });
  });

  it("accepts a built-in scope map and normalises the scopeMapId casing", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "builtin-user"), {
      properties: { scopeMapId: scopeMapPath(RG.toUpperCase(), REGISTRY.toUpperCase(), "_REPOSITORIES_PULL"), status: "Disabled" },
    });
    expect(response.status).toBe(201);
    expect(response.body.properties.scopeMapId).toBe(scopeMapPath(RG, REGISTRY, "_repositories_pull"));
    expect(response.body.properties.status).toBe("disabled");
  });

  it("requires scopeMapId", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "no-scope"), { properties: { status: "enabled" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
    expect(response.body.error.message).toContain("scopeMapId");
  });

  it("requires the scope map to exist in the same registry", async () => {
    const missing = await client.put(tokenPath(RG, REGISTRY, "bad-scope"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "nosuchmap") } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("nosuchmap");
    await createRegistry(client, RG, "otherreg01");
    await createScopeMap(client, RG, "otherreg01", "pullers");
    const elsewhere = await client.put(tokenPath(RG, REGISTRY, "bad-scope"), { properties: { scopeMapId: scopeMapPath(RG, "otherreg01", "pullers") } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.message).toContain(REGISTRY);
    const malformed = await client.put(tokenPath(RG, REGISTRY, "bad-scope"), { properties: { scopeMapId: "pullers" } });
    expect(malformed.status).toBe(400);
    expect((await client.get(tokenPath(RG, REGISTRY, "bad-scope"))).status).toBe(404);
  });

  it("rejects an unknown status", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "paused-token"), {
      properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "pullers"), status: "paused" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("properties.status");
  });

  it("answers 404 ParentResourceNotFound in a missing registry and ResourceNotFound for a missing token", async () => {
    const parent = await client.get(tokenPath(RG, "noregistry", "some-token"));
    expect(parent.status).toBe(404);
    expect(parent.body.error.code).toBe("ParentResourceNotFound");
    expect((await client.get(`${registryPath(RG, "noregistry")}/tokens`)).body.error.code).toBe("ParentResourceNotFound");
    const token = await client.get(tokenPath(RG, REGISTRY, "no-such-token"));
    expect(token.status).toBe(404);
    expect(token.body.error.code).toBe("ResourceNotFound");
    expect((await client.delete(tokenPath(RG, REGISTRY, "no-such-token"))).status).toBe(204);
  });
});

describe("generateCredentials", () => {
  it("generates both passwords when no name is given, and only there shows their values", async () => {
    await createToken(client, RG, REGISTRY, "both-token", "pullers");
    const expiry = "2031-01-01T00:00:00.000Z";
    const response = await generate({ tokenId: tokenPath(RG, REGISTRY, "both-token"), expiry });
    expect(response.status).toBe(200);
    expect(response.body.username).toBe("both-token");
    const [password1, password2] = response.body.passwords;
    expect(password1).toMatchObject({ name: "password1", expiry });
    expect(password2).toMatchObject({ name: "password2", expiry });
    expect(password1.value).toMatch(/^[A-Za-z0-9+/]{40,}$/);
    expect(password2.value).toMatch(/^[A-Za-z0-9+/]{40,}$/);
    expect(password1.value).not.toBe(password2.value);

    const token = await client.get(tokenPath(RG, REGISTRY, "both-token"));
    expect(passwordsOf(token.body)).toEqual([
      { name: "password1", creationTime: password1.creationTime, expiry },
      { name: "password2", creationTime: password2.creationTime, expiry },
    ]);
    const list = await client.get(`${registryPath(RG, REGISTRY)}/tokens`);
    expect(list.text).not.toContain(password1.value);
    const listedSlots = list.body.value.flatMap((item: Json) => passwordsOf(item));
    expect(listedSlots.length).toBeGreaterThanOrEqual(2);
    for (const slot of listedSlots) expect(slot).not.toHaveProperty("value");
  });

  it("regenerates only the named slot and lists the other without a value", async () => {
    await createToken(client, RG, REGISTRY, "slot-token", "pullers");
    const first = await generate({ tokenId: tokenPath(RG, REGISTRY, "slot-token") });
    const second = await generate({ tokenId: tokenPath(RG, REGISTRY, "slot-token"), name: "password2" });
    expect(second.status).toBe(200);
    const [kept, regenerated] = second.body.passwords;
    expect(kept).toEqual({ name: "password1", creationTime: first.body.passwords[0].creationTime });
    expect(regenerated.name).toBe("password2");
    expect(regenerated.value).toBeTypeOf("string");
    expect(regenerated.value).not.toBe(first.body.passwords[1].value);
  });

  it("lists just the regenerated slot when the token had no other password", async () => {
    await createToken(client, RG, REGISTRY, "single-slot", "pullers");
    const response = await generate({ tokenId: tokenPath(RG, REGISTRY, "single-slot"), name: "password1" });
    expect(response.body.passwords).toHaveLength(1);
    expect(response.body.passwords[0].name).toBe("password1");
    const token = await client.get(tokenPath(RG, REGISTRY, "single-slot"));
    expect(passwordsOf(token.body).map((slot) => slot.name)).toEqual(["password1"]);
  });

  it("validates its body and the token it names", async () => {
    const noId = await generate({ name: "password1" });
    expect(noId.status).toBe(400);
    expect(noId.body.error.message).toContain("tokenId");
    const badName = await generate({ tokenId: tokenPath(RG, REGISTRY, "slot-token"), name: "password3" });
    expect(badName.status).toBe(400);
    const badExpiry = await generate({ tokenId: tokenPath(RG, REGISTRY, "slot-token"), expiry: "tomorrow" });
    expect(badExpiry.status).toBe(400);
    const missing = await generate({ tokenId: tokenPath(RG, REGISTRY, "ghost-token") });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("ResourceNotFound");
    const elsewhere = await generate({ tokenId: tokenPath(RG, "otherreg01", "slot-token") });
    expect(elsewhere.status).toBe(400);
    const noRegistry = await client.post(`${registryPath(RG, "noregistry")}/generateCredentials`, { tokenId: tokenPath(RG, "noregistry", "x-token") });
    expect(noRegistry.status).toBe(404);
  });
});

describe("credential semantics of PUT and PATCH", () => {
  it("PUT without credentials.passwords drops existing passwords", async () => {
    await createToken(client, RG, REGISTRY, "put-drops", "pullers");
    await generate({ tokenId: tokenPath(RG, REGISTRY, "put-drops") });
    const replaced = await client.put(tokenPath(RG, REGISTRY, "put-drops"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "pushers") } });
    expect(replaced.status).toBe(200);
    expect(passwordsOf(replaced.body)).toEqual([]);
    expect(passwordsOf((await client.get(tokenPath(RG, REGISTRY, "put-drops"))).body)).toEqual([]);
  });

  it("PUT that lists a slot keeps it and drops the others", async () => {
    await createToken(client, RG, REGISTRY, "put-keeps", "pullers");
    const generated = await generate({ tokenId: tokenPath(RG, REGISTRY, "put-keeps") });
    const replaced = await client.put(tokenPath(RG, REGISTRY, "put-keeps"), {
      properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "pullers"), credentials: { passwords: [{ name: "password2" }] } },
    });
    expect(passwordsOf(replaced.body)).toEqual([{ name: "password2", creationTime: generated.body.passwords[1].creationTime }]);
  });

  it("PATCH keeps credentials it does not mention", async () => {
    await createToken(client, RG, REGISTRY, "patch-keeps", "pullers");
    const generated = await generate({ tokenId: tokenPath(RG, REGISTRY, "patch-keeps") });
    const patched = await client.patch(tokenPath(RG, REGISTRY, "patch-keeps"), { properties: { status: "disabled" } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties.status).toBe("disabled");
    expect(patchedNames(patched.body)).toEqual(["password1", "password2"]);
    expect(passwordsOf(patched.body)[0].creationTime).toBe(generated.body.passwords[0].creationTime);
    expect(JSON.stringify(patched.body)).not.toContain(generated.body.passwords[0].value);
  });

  it("PATCH with a passwords list replaces the list (how a password is removed)", async () => {
    await createToken(client, RG, REGISTRY, "patch-removes", "pullers");
    await generate({ tokenId: tokenPath(RG, REGISTRY, "patch-removes") });
    const patched = await client.patch(tokenPath(RG, REGISTRY, "patch-removes"), {
      properties: { credentials: { passwords: [{ name: "password1", expiry: "2030-06-01T00:00:00Z" }] } },
    });
    expect(patchedNames(patched.body)).toEqual(["password1"]);
    expect(passwordsOf(patched.body)[0].expiry).toBe("2030-06-01T00:00:00.000Z");
  });

  it("rejects duplicate and unknown password slots", async () => {
    const path = tokenPath(RG, REGISTRY, "dup-slots");
    const scopeMapId = scopeMapPath(RG, REGISTRY, "pullers");
    const duplicate = await client.put(path, { properties: { scopeMapId, credentials: { passwords: [{ name: "password1" }, { name: "password1" }] } } });
    expect(duplicate.status).toBe(400);
    const unknown = await client.put(path, { properties: { scopeMapId, credentials: { passwords: [{ name: "password9" }] } } });
    expect(unknown.status).toBe(400);
  });

  it("stores certificates with their thumbprint and expiry", async () => {
    const certificate = new X509Certificate(emulator.ca);
    const thumbprint = certificate.fingerprint.replace(/:/g, "");
    const response = await client.put(tokenPath(RG, REGISTRY, "cert-token"), {
      properties: {
        scopeMapId: scopeMapPath(RG, REGISTRY, "pullers"),
        credentials: { certificates: [{ name: "certificate1", encodedPemCertificate: Buffer.from(emulator.ca).toString("base64") }] },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.properties.credentials.certificates).toEqual([
      { name: "certificate1", thumbprint, expiry: new Date(certificate.validTo).toISOString() },
    ]);
    const patched = await client.patch(tokenPath(RG, REGISTRY, "cert-token"), { properties: { status: "disabled" } });
    expect(patched.body.properties.credentials.certificates[0].thumbprint).toBe(thumbprint);
    const invalid = await client.put(tokenPath(RG, REGISTRY, "cert-token"), {
      properties: {
        scopeMapId: scopeMapPath(RG, REGISTRY, "pullers"),
        credentials: { certificates: [{ name: "certificate2", encodedPemCertificate: Buffer.from("not a certificate").toString("base64") }] },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain("certificate");
  });
});

function patchedNames(token: Json): string[] {
  return passwordsOf(token).map((slot) => slot.name);
}

describe("token limit", () => {
  it("refuses more tokens than the SKU allows with QuotaExceeded", async () => {
    await createRegistry(client, RG, "basictokens", "Basic");
    await createScopeMap(client, RG, "basictokens", "limit-map");
    for (const name of ["limit-1", "limit-2", "limit-3"]) await createToken(client, RG, "basictokens", name, "limit-map");
    const fourth = await client.put(tokenPath(RG, "basictokens", "limit-4"), { properties: { scopeMapId: scopeMapPath(RG, "basictokens", "limit-map") } });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe("QuotaExceeded");
    expect(fourth.body.error.message).toContain("Basic");
    // Updating an existing token at the limit is fine.
    expect((await createToken(client, RG, "basictokens", "limit-3", "limit-map", { status: "disabled" })).status).toBe(200);
    await client.delete(tokenPath(RG, "basictokens", "limit-1"));
    expect((await createToken(client, RG, "basictokens", "limit-4", "limit-map")).status).toBe(201);
  });
});

describe("token deletion", () => {
  it("deletes with 200 and then answers 404", async () => {
    await createToken(client, RG, REGISTRY, "short-lived", "pullers");
    expect((await client.delete(tokenPath(RG, REGISTRY, "short-lived"))).status).toBe(200);
    expect((await client.get(tokenPath(RG, REGISTRY, "short-lived"))).status).toBe(404);
    const generated = await generate({ tokenId: tokenPath(RG, REGISTRY, "short-lived") });
    expect(generated.status).toBe(404);
  });
});
