/**
 * The data plane over HTTPS: challenge, /oauth2/token (GET and POST), the access claim as the
 * intersection of asked and allowed, the Registry API checked against it with Docker's errors,
 * uploads, manifests and tags, verifiers instead of passwords, and content across a restart.
 */

import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request, type RequestOptions } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, createScopeMap, createToken, registryPath, startTestEmulator, TestClient, tokenPath, useTestEmulator, type Json } from "./support.js";

const RG = "dp";
const REGISTRY = "dataplane1";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
  body: Json;
}

function send(emulator: Emulator, registry: string, method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  const [host, port] = emulator.loginServer(registry).split(":");
  const init: RequestOptions = { host, port: Number(port), path, method, headers: options.headers ?? {}, ca: emulator.ca, agent: false };
  return new Promise((resolve, reject) => {
    const outgoing = request(init, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const bytes = Buffer.concat(chunks);
        let body: Json;
        try {
          body = JSON.parse(bytes.toString("utf8"));
        } catch {
          body = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes, body });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

function claims(token: string): Json {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

function digest(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

async function passwords(client: TestClient, registry: string, token: string, extra: object = {}): Promise<string[]> {
  const answer = await client.post(`${registryPath(RG, registry)}/generateCredentials`, { tokenId: tokenPath(RG, registry, token), ...extra });
  expect(answer.status).toBe(200);
  return answer.body.passwords.map((p: Json) => p.value);
}

describe("data plane", () => {
  const context = useTestEmulator({ asyncDelayMs: 0 });
  let emulator: Emulator;
  let client: TestClient;
  let writerPassword: string;
  let readerPassword: string;

  const tokenFor = async (username: string, password: string, ...scopes: string[]): Promise<string> => {
    const query = new URLSearchParams({ service: emulator.loginServer(REGISTRY) });
    for (const scope of scopes) query.append("scope", scope);
    const answer = await send(emulator, REGISTRY, "GET", `/oauth2/token?${query}`, { headers: { authorization: basic(username, password) } });
    expect(answer.status, answer.bytes.toString()).toBe(200);
    return answer.body.access_token;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ({ emulator, client } = context);
    await createRegistry(client, RG, REGISTRY, "Premium");
    await createScopeMap(client, RG, REGISTRY, "writer-map", [
      "repositories/app/content/read",
      "repositories/app/content/write",
      "repositories/app/metadata/read",
      "repositories/lib/*/content/read",
    ]);
    await createScopeMap(client, RG, REGISTRY, "reader-map", ["repositories/app/content/read"]);
    await createToken(client, RG, REGISTRY, "writer", "writer-map");
    await createToken(client, RG, REGISTRY, "reader", "reader-map");
    writerPassword = (await passwords(client, REGISTRY, "writer", { name: "password1" }))[0]!;
    readerPassword = (await passwords(client, REGISTRY, "reader", { name: "password1" }))[0]!;
  });

  it("challenges to its own token endpoint", async () => {
    const server = emulator.loginServer(REGISTRY);
    const answer = await send(emulator, REGISTRY, "GET", "/v2/");
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe(`Bearer realm="https://${server}/oauth2/token",service="${server}"`);
    expect(answer.body).toEqual({ errors: [{ code: "UNAUTHORIZED", message: expect.stringMatching(/^authentication required/) }] });
    const registry = await client.get(registryPath(RG, REGISTRY));
    expect(registry.body.properties.loginServer).toBe(server);
  });

  it("grants the intersection of what is asked and allowed, never the catalog, with ACR's claims", async () => {
    const token = await tokenFor("writer", writerPassword, "repository:app:pull,push,delete", "repository:other:pull", "repository:lib/x/y:pull,push", "registry:catalog:*");
    expect(claims(token)).toMatchObject({
      iss: "Azure Container Registry",
      aud: emulator.loginServer(REGISTRY),
      sub: "writer",
      access: [
        { type: "repository", name: "app", actions: ["pull", "push"] },
        { type: "repository", name: "lib/x/y", actions: ["pull"] },
      ],
    });
    expect(claims(await tokenFor("writer", writerPassword, "repository:app:*")).access).toEqual([
      { type: "repository", name: "app", actions: ["pull", "push", "metadata_read"] },
    ]);
  });

  it("takes POST grant_type=password and refuses what is malformed", async () => {
    const service = emulator.loginServer(REGISTRY);
    const form = new URLSearchParams({ grant_type: "password", username: "reader", password: readerPassword, service, scope: "repository:app:pull" });
    const posted = await send(emulator, REGISTRY, "POST", "/oauth2/token", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    expect(posted.status).toBe(200);
    expect(claims(posted.body.access_token).access).toEqual([{ type: "repository", name: "app", actions: ["pull"] }]);
    const refresh = new URLSearchParams({ grant_type: "refresh_token", service, refresh_token: "x" });
    const refused = await send(emulator, REGISTRY, "POST", "/oauth2/token", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: refresh.toString() });
    expect(refused.status).toBe(400);
    const wrongService = await send(emulator, REGISTRY, "GET", "/oauth2/token?service=other.azurecr.io", { headers: { authorization: basic("reader", readerPassword) } });
    expect(wrongService.status).toBe(400);
  });

  it("refuses wrong passwords, unknown users and tokens without credentials with 401", async () => {
    const service = encodeURIComponent(emulator.loginServer(REGISTRY));
    for (const authorization of [basic("reader", "wrong"), basic("nobody", readerPassword), basic("writer", readerPassword)]) {
      const answer = await send(emulator, REGISTRY, "GET", `/oauth2/token?service=${service}`, { headers: { authorization } });
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0].code).toBe("UNAUTHORIZED");
    }
    const anonymous = await send(emulator, REGISTRY, "GET", `/oauth2/token?service=${service}&scope=repository:app:pull`);
    expect(anonymous.status).toBe(401);
  });

  it("answers a call the token lacks with an insufficient_scope challenge naming the scope", async () => {
    const token = await tokenFor("reader", readerPassword, "repository:app:pull");
    const tags = await send(emulator, REGISTRY, "GET", "/v2/app/tags/list", { headers: bearer(token) });
    expect(tags.status).toBe(401);
    expect(tags.headers["www-authenticate"]).toMatch(/scope="repository:app:metadata_read",error="insufficient_scope"$/);
    expect(tags.body.errors[0]).toMatchObject({ code: "UNAUTHORIZED", detail: [{ Type: "repository", Name: "app", Action: "metadata_read" }] });
    const upload = await send(emulator, REGISTRY, "POST", "/v2/app/blobs/uploads/", { headers: bearer(token) });
    expect(upload.headers["www-authenticate"]).toMatch(/scope="repository:app:push",error="insufficient_scope"/);
    const catalog = await send(emulator, REGISTRY, "GET", "/v2/_catalog", { headers: bearer(token) });
    expect(catalog.headers["www-authenticate"]).toMatch(/scope="registry:catalog:\*",error="insufficient_scope"/);
    const forged = await send(emulator, REGISTRY, "GET", "/v2/", { headers: bearer(`${token.slice(0, -2)}xx`) });
    expect(forged.status).toBe(401);
    expect(forged.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
  });

  it("pushes blobs (monolithic and chunked) and a manifest, then pulls and lists them", async () => {
    const token = await tokenFor("writer", writerPassword, "repository:app:pull,push,metadata_read");
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const layer = Buffer.from("layer bytes, in two chunks");
    const mono = await send(emulator, REGISTRY, "POST", `/v2/app/blobs/uploads/?digest=${digest(config)}`, { headers: bearer(token), body: config });
    expect(mono.status).toBe(201);
    expect(mono.headers["docker-content-digest"]).toBe(digest(config));

    const started = await send(emulator, REGISTRY, "POST", "/v2/app/blobs/uploads/", { headers: bearer(token) });
    expect(started.status).toBe(202);
    const location = started.headers.location!;
    const first = await send(emulator, REGISTRY, "PATCH", location, { headers: { ...bearer(token), "content-range": `0-9` }, body: layer.subarray(0, 10) });
    expect(first.status).toBe(202);
    expect(first.headers.range).toBe("0-9");
    const misplaced = await send(emulator, REGISTRY, "PATCH", location, { headers: { ...bearer(token), "content-range": `0-3` }, body: layer.subarray(10, 14) });
    expect(misplaced.status).toBe(416);
    const wrong = await send(emulator, REGISTRY, "PUT", `${location}?digest=${digest("something else")}`, { headers: bearer(token), body: layer.subarray(10) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].code).toBe("DIGEST_INVALID");
    // A failed finish ends the session: start again.
    const again = (await send(emulator, REGISTRY, "POST", "/v2/app/blobs/uploads/", { headers: bearer(token) })).headers.location!;
    await send(emulator, REGISTRY, "PATCH", again, { headers: bearer(token), body: layer.subarray(0, 10) });
    const done = await send(emulator, REGISTRY, "PUT", `${again}?digest=${digest(layer)}`, { headers: bearer(token), body: layer.subarray(10) });
    expect(done.status).toBe(201);

    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: digest(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: digest(layer), size: layer.length }],
    });
    const contentType = { "content-type": "application/vnd.oci.image.manifest.v1+json" };
    const missingBlob = manifest.replace(digest(layer), digest("not pushed"));
    const refused = await send(emulator, REGISTRY, "PUT", "/v2/app/manifests/v1", { headers: { ...bearer(token), ...contentType }, body: missingBlob });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe("MANIFEST_BLOB_UNKNOWN");
    for (const tag of ["v1", "v2", "v3"]) {
      const put = await send(emulator, REGISTRY, "PUT", `/v2/app/manifests/${tag}`, { headers: { ...bearer(token), ...contentType }, body: manifest });
      expect(put.status).toBe(201);
      expect(put.headers["docker-content-digest"]).toBe(digest(manifest));
    }

    const got = await send(emulator, REGISTRY, "GET", "/v2/app/manifests/v1", { headers: bearer(token) });
    expect(got.status).toBe(200);
    expect(got.headers["content-type"]).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(got.bytes.toString()).toBe(manifest);
    const head = await send(emulator, REGISTRY, "HEAD", `/v2/app/manifests/${digest(manifest)}`, { headers: bearer(token) });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(manifest)));
    const blob = await send(emulator, REGISTRY, "GET", `/v2/app/blobs/${digest(layer)}`, { headers: bearer(token) });
    expect(blob.bytes.equals(layer)).toBe(true);

    const page = await send(emulator, REGISTRY, "GET", "/v2/app/tags/list?n=2", { headers: bearer(token) });
    expect(page.body).toEqual({ name: "app", tags: ["v1", "v2"] });
    expect(page.headers.link).toBe('</v2/app/tags/list?n=2&last=v2>; rel="next"');
    const rest = await send(emulator, REGISTRY, "GET", "/v2/app/tags/list?n=2&last=v2", { headers: bearer(token) });
    expect(rest.body.tags).toEqual(["v3"]);
    const unknown = await send(emulator, REGISTRY, "GET", "/v2/app/manifests/nope", { headers: bearer(token) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe("MANIFEST_UNKNOWN");

    // A blob is readable only in the repositories it was pushed or mounted into.
    const libToken = await tokenFor("writer", writerPassword, "repository:lib/a/b:pull");
    const elsewhere = await send(emulator, REGISTRY, "GET", `/v2/lib/a/b/blobs/${digest(layer)}`, { headers: bearer(libToken) });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.errors[0].code).toBe("BLOB_UNKNOWN");
  });

  it("Basic credentials work on the API too, and the admin user sees the catalog", async () => {
    const reader = await send(emulator, REGISTRY, "GET", "/v2/app/manifests/v1", { headers: { authorization: basic("reader", readerPassword) } });
    expect(reader.status).toBe(200);
    const refused = await send(emulator, REGISTRY, "DELETE", "/v2/app/manifests/v1", { headers: { authorization: basic("reader", readerPassword) } });
    expect(refused.status).toBe(401);

    await client.patch(registryPath(RG, REGISTRY), { properties: { adminUserEnabled: true } });
    const credentials = await client.post(`${registryPath(RG, REGISTRY)}/listCredentials`);
    const adminToken = await tokenFor(credentials.body.username, credentials.body.passwords[0].value, "registry:catalog:*", "repository:app:*");
    expect(claims(adminToken).access).toEqual([
      { type: "registry", name: "catalog", actions: ["*"] },
      { type: "repository", name: "app", actions: ["pull", "push", "delete", "metadata_read", "metadata_write"] },
    ]);
    const catalog = await send(emulator, REGISTRY, "GET", "/v2/_catalog", { headers: bearer(adminToken) });
    expect(catalog.body).toEqual({ repositories: ["app"] });
    const deleted = await send(emulator, REGISTRY, "DELETE", "/v2/app/manifests/v3", { headers: bearer(adminToken) });
    expect(deleted.status).toBe(202);
    const tags = await send(emulator, REGISTRY, "GET", "/v2/app/tags/list", { headers: bearer(adminToken) });
    // v1, v2 and v3 were one manifest: deleting it removes every tag.
    expect(tags.status).toBe(404);
    expect(tags.body.errors[0].code).toBe("NAME_UNKNOWN");
    await client.patch(registryPath(RG, REGISTRY), { properties: { adminUserEnabled: false } });
    const service = encodeURIComponent(emulator.loginServer(REGISTRY));
    const disabled = await send(emulator, REGISTRY, "GET", `/oauth2/token?service=${service}`, { headers: { authorization: basic(credentials.body.username, credentials.body.passwords[0].value) } });
    expect(disabled.status).toBe(401);
  });

  it("shows password slots without verifiers, and refuses a slot that was dropped", async () => {
    const token = await client.get(tokenPath(RG, REGISTRY, "reader"));
    expect(Object.keys(token.body.properties.credentials.passwords[0]).sort()).toEqual(["creationTime", "name"]);
    expect(token.text).not.toContain("verifier");
    await client.patch(tokenPath(RG, REGISTRY, "reader"), { properties: { credentials: { passwords: [] } } });
    const service = encodeURIComponent(emulator.loginServer(REGISTRY));
    const answer = await send(emulator, REGISTRY, "GET", `/oauth2/token?service=${service}`, { headers: { authorization: basic("reader", readerPassword) } });
    expect(answer.status).toBe(401);
  });

  it("answers 403 DENIED when the firewall does not allow the client", async () => {
    await client.patch(registryPath(RG, REGISTRY), { properties: { publicNetworkAccess: "Disabled" } });
    const answer = await send(emulator, REGISTRY, "GET", "/v2/");
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0]).toMatchObject({ code: "DENIED", message: expect.stringMatching(/client with IP '127\.0\.0\.1' is not allowed access/) });
    await client.patch(registryPath(RG, REGISTRY), { properties: { publicNetworkAccess: "Enabled" } });
  });

  it("closes a deleted registry's login server; loginServer() then throws", async () => {
    await createRegistry(client, RG, "shortlived");
    const server = emulator.loginServer("shortlived");
    expect((await send(emulator, "shortlived", "GET", "/v2/")).status).toBe(401);
    expect((await client.delete(registryPath(RG, "shortlived"))).status).toBe(200);
    expect(() => emulator.loginServer("shortlived")).toThrow(RangeError);
    const [host, port] = server.split(":");
    await expect(
      new Promise((resolve, reject) => request({ host, port: Number(port), path: "/v2/", ca: emulator.ca, agent: false }, resolve).on("error", reject).end()),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("data plane with a dataDir", () => {
  let dataDir: string;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps verifiers (never passwords), content and the login server's port across a restart", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "acr-dp-"));
    let emulator = await startTestEmulator({ dataDir, asyncDelayMs: 0 });
    let client = new TestClient(emulator);
    await createRegistry(client, RG, "durable1", "Standard");
    await createScopeMap(client, RG, "durable1", "push-map", ["repositories/kept/content/read", "repositories/kept/content/write"]);
    await createToken(client, RG, "durable1", "pusher", "push-map");
    const [password] = await passwords(client, "durable1", "pusher", { name: "password1" });
    const server = emulator.loginServer("durable1");
    const blob = Buffer.from("kept across restarts");
    const token = async (e: Emulator) => {
      const query = new URLSearchParams({ service: e.loginServer("durable1"), scope: "repository:kept:pull,push" });
      const answer = await send(e, "durable1", "GET", `/oauth2/token?${query}`, { headers: { authorization: basic("pusher", password!) } });
      expect(answer.status).toBe(200);
      return answer.body.access_token as string;
    };
    const pushed = await send(emulator, "durable1", "POST", `/v2/kept/blobs/uploads/?digest=${digest(blob)}`, { headers: { authorization: `Bearer ${await token(emulator)}` }, body: blob });
    expect(pushed.status).toBe(201);
    client.close();
    await emulator.close();

    const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    for (const file of files(dataDir)) expect(readFileSync(file, "latin1")).not.toContain(password);
    expect(files(dataDir).some((file) => readFileSync(file, "utf8").includes('"verifier"'))).toBe(true);

    emulator = await startTestEmulator({ dataDir, asyncDelayMs: 0 });
    client = new TestClient(emulator);
    try {
      expect(emulator.loginServer("durable1")).toBe(server);
      const pulled = await send(emulator, "durable1", "GET", `/v2/kept/blobs/${digest(blob)}`, { headers: { authorization: `Bearer ${await token(emulator)}` } });
      expect(pulled.bytes.equals(blob)).toBe(true);
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
