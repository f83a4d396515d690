// Tokens made by the SDK log in with a real client (Debian's skopeo) to the emulator's data plane,
// and checkTokenAccess reports what skopeo could actually do. Nothing is skipped: CI installs skopeo.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkTokenAccess,
  createRepositoryToken,
  rotateTokenPassword,
  setTokenStatus,
  TokenAccessErrorCodes,
  type CreatedRepositoryToken,
  type RepositoryAction,
} from "../../src/index.js";
import { RG, useEmulator } from "../support/emulator.js";
import { writeOciImage, type OciImage } from "../support/ociLayout.js";
import { Skopeo, skopeoAvailable, type SkopeoResult } from "../support/skopeo.js";

const REGISTRY = "dataplanereg";
const e2e = useEmulator();
let temp: string;
let image: OciImage;
let loginServer: string;
let writer: CreatedRepositoryToken;
let reader: CreatedRepositoryToken;
let sessions = 0;

/** A skopeo with its own auth file, certificates and caches, all under this file's temp folder. */
function skopeo(): Skopeo {
  return new Skopeo(join(temp, `skopeo-${++sessions}`), e2e.emulator.ca);
}

function expectOk(result: SkopeoResult): void {
  expect(result.stderr, result.stderr).toBe("");
  expect(result.code).toBe(0);
}

function expectRefused(result: SkopeoResult, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(pattern);
}

async function token(name: string, repositories: Record<string, RepositoryAction[]>): Promise<CreatedRepositoryToken> {
  return createRepositoryToken(e2e.client, { resourceGroup: RG, registry: REGISTRY, token: name, repositories });
}

function access(created: CreatedRepositoryToken, repositories: string[], password = created.passwords.password1!.value) {
  return checkTokenAccess({ loginServer: created.loginServer, username: created.username, password, repositories, tlsOptions: { ca: e2e.emulator.ca } });
}

beforeAll(async () => {
  expect(skopeoAvailable(), "skopeo must be installed (.ci/run installs it with apt-get)").toBe(true);
  temp = mkdtempSync(join(tmpdir(), "acr-dataplane-"));
  image = writeOciImage(join(temp, "layout"), "v1", "hello from acr-tokens\n");
  await e2e.client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
  loginServer = e2e.emulator.loginServer(REGISTRY);
  writer = await token("writer", { "app/web": ["content/read", "content/write", "content/delete", "metadata/read"] });
  reader = await token("reader", { "app/web": ["content/read"] });
});

afterAll(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
});

describe("a token made by createRepositoryToken, used by skopeo", () => {
  it("reports the emulator's login server, as dockerCredentials() passes it on", () => {
    expect(writer.loginServer).toBe(loginServer);
    expect(loginServer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("logs in, pushes, lists tags and inspects with the writer", async () => {
    const client = skopeo();
    expectOk(await client.login(loginServer, writer.username, writer.passwords.password1!.value));
    const pushed = await client.push(image.dir, image.tag, `${loginServer}/app/web:v1`);
    expect(pushed.code, pushed.stderr).toBe(0);
    const tags = await client.listTags(`${loginServer}/app/web`);
    expect(tags.code, tags.stderr).toBe(0);
    expect(JSON.parse(tags.stdout).Tags).toEqual(["v1"]);
    const inspected = await client.inspect(`${loginServer}/app/web:v1`);
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ Digest: image.manifestDigest, Layers: [image.layerDigest], RepoTags: ["v1"] });
  });

  it("pulls and inspects with the reader, and refuses its push, its tag list and other repositories", async () => {
    const client = skopeo();
    expectOk(await client.login(loginServer, reader.username, reader.passwords.password1!.value));
    const pulled = await client.pull(`${loginServer}/app/web:v1`, join(temp, "pulled"), "v1");
    expect(pulled.code, pulled.stderr).toBe(0);
    const inspected = await client.inspect(`${loginServer}/app/web:v1`, "--no-tags");
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(JSON.parse(inspected.stdout).Digest).toBe(image.manifestDigest);

    expectRefused(await client.push(image.dir, image.tag, `${loginServer}/app/web:v2`), /authentication required|unauthorized|denied/i);
    expectRefused(await client.listTags(`${loginServer}/app/web`), /authentication required|unauthorized|denied/i);
    expectRefused(await client.push(image.dir, image.tag, `${loginServer}/app/other:v1`), /authentication required|unauthorized|denied/i);
    expectRefused(await client.inspect(`${loginServer}/app/other:v1`, "--no-tags"), /authentication required|unauthorized|denied/i);
    // Nothing of the refused pushes arrived.
    const tags = await skopeoAs(writer).then((c) => c.listTags(`${loginServer}/app/web`));
    expect(JSON.parse(tags.stdout).Tags).toEqual(["v1"]);
  });

  it("checkTokenAccess agrees with what skopeo could do, from one token request", async () => {
    e2e.emulator.clearRequests();
    const before = e2e.emulator.dataPlaneRequests.filter((r) => r.path === "/oauth2/token").length;
    const readerAccess = await access(reader, ["app/web", "app/other"]);
    const after = e2e.emulator.dataPlaneRequests.filter((r) => r.path === "/oauth2/token").length;
    expect(after - before).toBe(1);
    expect(readerAccess).toEqual({ authenticated: true, repositories: { "app/web": ["content/read"], "app/other": [] } });
    expect(await access(writer, ["app/web", "app/other"])).toEqual({
      authenticated: true,
      repositories: { "app/web": ["content/read", "content/write", "content/delete", "metadata/read"], "app/other": [] },
    });
  });

  it("grants wildcards and adds matching patterns up", async () => {
    const wide = await token("wide-access", { "team/*": ["content/read"], "team/api": ["content/write"] });
    expect(await access(wide, ["team/api", "team/web/v2", "teamx"])).toEqual({
      authenticated: true,
      repositories: { "team/api": ["content/read", "content/write"], "team/web/v2": ["content/read"], teamx: [] },
    });
    const client = skopeo();
    expectOk(await client.login(loginServer, wide.username, wide.passwords.password1!.value));
    const pushed = await client.push(image.dir, image.tag, `${loginServer}/team/api:v1`);
    expect(pushed.code, pushed.stderr).toBe(0);
    expectRefused(await client.push(image.dir, image.tag, `${loginServer}/team/web:v1`), /authentication required|unauthorized|denied/i);
  });

  it("refuses a disabled token, and lets it in again once enabled", async () => {
    const paused = await token("paused", { "app/web": ["content/read"] });
    await setTokenStatus(e2e.client, { resourceGroup: RG, registry: REGISTRY, token: "paused" }, "disabled");
    expectRefused(await skopeo().login(loginServer, paused.username, paused.passwords.password1!.value), /401|unauthorized|invalid username\/password/i);
    expect(await access(paused, ["app/web"])).toEqual({ authenticated: false, repositories: { "app/web": [] } });
    await setTokenStatus(e2e.client, { resourceGroup: RG, registry: REGISTRY, token: "paused" }, "enabled");
    expectOk(await skopeo().login(loginServer, paused.username, paused.passwords.password1!.value));
  });

  it("refuses an expired password, a wrong one and an unknown user", async () => {
    const expiring = await token("expiring", { "app/web": ["content/read"] });
    // The slot stays, its expiry moves into the past.
    await e2e.client.tokens.beginUpdateAndWait(RG, REGISTRY, "expiring", {
      credentials: { passwords: [{ name: "password1", expiry: new Date(Date.now() - 60_000) }, { name: "password2" }] },
    });
    expectRefused(await skopeo().login(loginServer, "expiring", expiring.passwords.password1!.value), /401|unauthorized|invalid username\/password/i);
    expect((await access(expiring, ["app/web"])).authenticated).toBe(false);
    expect((await access(expiring, ["app/web"], expiring.passwords.password2!.value)).authenticated).toBe(true);
    expect((await access(expiring, ["app/web"], "not-the-password")).authenticated).toBe(false);
    expect((await access({ ...expiring, username: "nobody" }, ["app/web"])).authenticated).toBe(false);
  });

  it("rotation: the new password logs in, the other slot still does, the replaced one no longer", async () => {
    const rotating = await token("rotating", { "app/web": ["content/read"] });
    const rotated = await rotateTokenPassword(e2e.client, { resourceGroup: RG, registry: REGISTRY, token: "rotating" });
    const replaced = rotating.passwords[rotated.slot]!.value;
    const kept = rotating.passwords[rotated.stillValid!]!.value;
    expectOk(await skopeo().login(loginServer, "rotating", rotated.value));
    expectOk(await skopeo().login(loginServer, "rotating", kept));
    expectRefused(await skopeo().login(loginServer, "rotating", replaced), /401|unauthorized|invalid username\/password/i);
  });

  it("a new password works only once it has propagated", async () => {
    e2e.emulator.setPasswordPropagation(3_600_000);
    try {
      const fresh = await token("fresh", { "app/web": ["content/read"] });
      expect((await access(fresh, ["app/web"])).authenticated).toBe(false);
      e2e.emulator.setPasswordPropagation(0);
      expect((await access(fresh, ["app/web"])).authenticated).toBe(true);
    } finally {
      e2e.emulator.setPasswordPropagation(0);
    }
  });

  it("the admin user logs in with full access, and skopeo deletes with the writer", async () => {
    const registry = await e2e.client.registries.beginUpdateAndWait(RG, REGISTRY, { adminUserEnabled: true });
    const credentials = await e2e.client.registries.listCredentials(RG, REGISTRY);
    const admin = { loginServer: registry.loginServer!, username: credentials.username!, passwords: { password1: { value: credentials.passwords![0]!.value! } } };
    expect((await access(admin as CreatedRepositoryToken, ["anything/here"])).repositories["anything/here"]).toEqual([
      "content/read",
      "content/write",
      "content/delete",
      "metadata/read",
      "metadata/write",
    ]);
    const client = skopeo();
    expectOk(await client.login(loginServer, admin.username, admin.passwords.password1.value));
    const pushed = await client.push(image.dir, image.tag, `${loginServer}/anything/here:v1`);
    expect(pushed.code, pushed.stderr).toBe(0);

    const writerClient = await skopeoAs(writer);
    const deleted = await writerClient.delete(`${loginServer}/app/web:v1`);
    expect(deleted.code, deleted.stderr).toBe(0);
    expectRefused(await writerClient.inspect(`${loginServer}/app/web:v1`, "--no-tags"), /manifest unknown/i);
  });

  it("the firewall's 403 is not a 401: skopeo is refused and checkTokenAccess says why", async () => {
    await e2e.client.registries.beginUpdateAndWait(RG, REGISTRY, { networkRuleSet: { defaultAction: "Deny", ipRules: [] } });
    try {
      expectRefused(await skopeo().login(loginServer, reader.username, reader.passwords.password1!.value), /403|denied|not allowed/i);
      const error = await access(reader, ["app/web"]).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "RestError", code: TokenAccessErrorCodes.firewallDenied, statusCode: 403 });
      expect((error as Error).message).toMatch(/firewall/);
      await e2e.client.registries.beginUpdateAndWait(RG, REGISTRY, { networkRuleSet: { defaultAction: "Deny", ipRules: [{ iPAddressOrRange: "127.0.0.0/8" }] } });
      expect((await access(reader, ["app/web"])).authenticated).toBe(true);
    } finally {
      await e2e.client.registries.beginUpdateAndWait(RG, REGISTRY, { networkRuleSet: { defaultAction: "Allow", ipRules: [] } });
    }
  });
});

/** A skopeo already logged in with the token's first password. */
async function skopeoAs(created: CreatedRepositoryToken): Promise<Skopeo> {
  const client = skopeo();
  expectOk(await client.login(loginServer, created.username, created.passwords.password1!.value));
  return client;
}
