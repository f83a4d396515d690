// The task helpers end to end: the generated client over HTTPS against the local emulator.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient, type Token } from "../../src/index.js";
import {
  createRepositoryToken,
  deleteRepositoryToken,
  dockerCredentials,
  findExpiringCredentials,
  generateCredentials,
  rotateTokenPassword,
  setTokenStatus,
  TokenTaskError,
  type ExpiringToken,
} from "../../src/customizations/index.js";
import type { Emulator } from "acr-tokens-emulator";
import { SUBSCRIPTION, useEmulator } from "../support/emulator.js";

const RG = "helpers-rg";
const REGISTRY = "helpersreg";

const e2e = useEmulator();
let emulator: Emulator;
let client: ContainerRegistryManagementClient;

beforeAll(() => {
  ({ emulator, client } = e2e);
});
beforeEach(async () => {
  await emulator.reset();
  emulator.setAsyncDelay(0);
  emulator.setPageSize(100);
  await client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
});

const ref = (token: string) => ({ resourceGroup: RG, registry: REGISTRY, token });
const tokenId = (token: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/tokens/${token}`;
const scopeMapId = (name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/${name}`;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The registry's token names and user-defined scope map names. */
async function contents(): Promise<{ tokens: string[]; scopeMaps: string[] }> {
  const tokens = (await collect(client.tokens.list(RG, REGISTRY))).map((t) => t.name!);
  const scopeMaps = (await collect(client.scopeMaps.list(RG, REGISTRY))).filter((s) => !s.name!.startsWith("_")).map((s) => s.name!);
  return { tokens: tokens.sort(), scopeMaps: scopeMaps.sort() };
}

async function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error,
  );
}

/** Password slots as the service lists them: name → creation time. */
async function slots(token: string): Promise<Record<string, number>> {
  const read: Token = await client.tokens.get(RG, REGISTRY, token);
  return Object.fromEntries((read.credentials?.passwords ?? []).map((p) => [p.name, p.creationTime!.getTime()]));
}

/** Waits until the clock has moved on, so the next creation time is strictly later. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() <= start) await new Promise((resolve) => setTimeout(resolve, 1));
}

async function plainToken(name: string, scopeMap = "_repositories_pull"): Promise<void> {
  await client.tokens.beginCreateAndWait(RG, REGISTRY, name, { scopeMapId: scopeMapId(scopeMap) });
}

describe("createRepositoryToken on the emulator", () => {
  it("creates the scope map and token, with two working passwords", async () => {
    const created = await createRepositoryToken(client, { ...ref("ci-web"), repositories: { "app/web": ["content/read"], "app/api": ["content/read", "content/write"] } });

    expect(created.scopeMap).toEqual({ name: "ci-web-scope-map", id: scopeMapId("ci-web-scope-map"), created: true });
    expect(created.token).toEqual({ name: "ci-web", id: tokenId("ci-web"), status: "enabled" });
    expect(created.loginServer).toBe(e2e.emulator.loginServer(REGISTRY));
    expect(created.username).toBe("ci-web");
    expect(created.passwords.password1?.value).toMatch(/^\S{20,}$/);
    expect(created.passwords.password2?.value).toMatch(/^\S{20,}$/);
    expect(created.passwords.password1!.value).not.toBe(created.passwords.password2!.value);
    expect(dockerCredentials(created).server).toBe(e2e.emulator.loginServer(REGISTRY));

    const scopeMap = await client.scopeMaps.get(RG, REGISTRY, "ci-web-scope-map");
    expect(scopeMap.actions?.sort()).toEqual(["repositories/app/api/content/read", "repositories/app/api/content/write", "repositories/app/web/content/read"]);
    const token = await client.tokens.get(RG, REGISTRY, "ci-web");
    expect(token.scopeMapId?.toLowerCase()).toBe(scopeMapId("ci-web-scope-map").toLowerCase());
    expect(Object.keys(await slots("ci-web")).sort()).toEqual(["password1", "password2"]);
  });

  it("works through asynchronous operations too", async () => {
    emulator.setAsyncDelay(30);
    const created = await createRepositoryToken(client, { ...ref("slow-token"), repositories: { web: ["content/read"] }, updateIntervalInMs: 5 });
    expect(Object.keys(created.passwords).sort()).toEqual(["password1", "password2"]);
    expect(await deleteRepositoryToken(client, ref("slow-token"), { updateIntervalInMs: 5 })).toEqual({ token: "slow-token", scopeMap: "slow-token-scope-map" });
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });
  });

  it("uses a built-in scope map and generates only the slots asked for", async () => {
    const created = await createRepositoryToken(client, { ...ref("puller"), scopeMap: "_repositories_pull", passwords: ["password2"], status: "disabled" });
    expect(created.scopeMap.created).toBe(false);
    expect(Object.keys(created.passwords)).toEqual(["password2"]);
    expect((await client.tokens.get(RG, REGISTRY, "puller")).status).toBe("disabled");
    expect(await contents()).toEqual({ tokens: ["puller"], scopeMaps: [] });
  });

  it("reuses <token>-scope-map with the same actions", async () => {
    await client.scopeMaps.beginCreateAndWait(RG, REGISTRY, "ci-web-scope-map", { actions: ["repositories/web/content/read"] });
    const created = await createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } });
    expect(created.scopeMap.created).toBe(false);
  });

  it("refuses a <token>-scope-map with other actions and creates nothing", async () => {
    await client.scopeMaps.beginCreateAndWait(RG, REGISTRY, "ci-web-scope-map", { actions: ["repositories/web/content/write"] });
    const error = await failure(createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } }));
    expect(error).toBeInstanceOf(TokenTaskError);
    expect(error.code).toBe("ScopeMapConflict");
    expect(error.message).toContain('"ci-web-scope-map"');
    expect(error.message).toContain('lacks "repositories/web/content/read"');
    expect(error.message).toContain('also allows "repositories/web/content/write"');
    expect(await contents()).toEqual({ tokens: [], scopeMaps: ["ci-web-scope-map"] });
    expect((await client.scopeMaps.get(RG, REGISTRY, "ci-web-scope-map")).actions).toEqual(["repositories/web/content/write"]);
  });

  it("refuses an existing token and leaves its passwords alone", async () => {
    await createRepositoryToken(client, { ...ref("ci-web"), scopeMap: "_repositories_pull" });
    const before = await slots("ci-web");
    const error = await failure(createRepositoryToken(client, { ...ref("ci-web"), scopeMap: "_repositories_push" }));
    expect(error.code).toBe("TokenAlreadyExists");
    expect(await slots("ci-web")).toEqual(before);
    expect((await client.tokens.get(RG, REGISTRY, "ci-web")).scopeMapId).toMatch(/_repositories_pull$/);
  });

  it("refuses a scope map that does not exist", async () => {
    const error = await failure(createRepositoryToken(client, { ...ref("ci-web"), scopeMap: "nosuchmap" }));
    expect(error.code).toBe("ScopeMapNotFound");
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });
  });

  it("leaves nothing behind when generating the passwords fails (request fault)", async () => {
    emulator.faults.add({ method: "POST", path: "/generateCredentials", kind: "status", status: 500, code: "InternalServerError", message: "injected", count: 1 });
    const error = await failure(createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } }));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(500);
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });
    expect(emulator.state.counts()).toMatchObject({ tokens: 0, scopeMaps: 0 });
  });

  it("leaves nothing behind when the generation operation ends Failed", async () => {
    emulator.faults.failNextOperation({ method: "POST", path: "/generateCredentials", status: "Failed", code: "InjectedFailure", message: "the operation failed" });
    const error = await failure(createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } }));
    expect(error).toBeInstanceOf(RestError);
    // The generated poller reports a failed Location-style operation as "OperationFailed" and drops the
    // final poll's ARM code (reported upstream); either code is the operation's failure.
    expect(["InjectedFailure", "OperationFailed"]).toContain(error.code);
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });
  });

  it("leaves nothing behind when creating the token fails, and keeps a scope map it did not make", async () => {
    emulator.faults.add({ method: "PUT", path: "/tokens/ci-web", kind: "status", status: 409, code: "Conflict", message: "injected", count: 1 });
    const first = await failure(createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } }));
    expect(first.code).toBe("Conflict");
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });

    await client.scopeMaps.beginCreateAndWait(RG, REGISTRY, "ci-web-scope-map", { actions: ["repositories/web/content/read"] });
    emulator.faults.add({ method: "POST", path: "/generateCredentials", kind: "status", status: 503, count: 1 });
    await failure(createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } }));
    expect(await contents()).toEqual({ tokens: [], scopeMaps: ["ci-web-scope-map"] });
  });
});

describe("generateCredentials on the emulator", () => {
  it("regenerates one slot and keeps the other", async () => {
    await plainToken("gen-token");
    const both = await generateCredentials(client, ref("gen-token"));
    expect(Object.keys(both.passwords).sort()).toEqual(["password1", "password2"]);
    const before = await slots("gen-token");
    await nextMillisecond();

    const one = await generateCredentials(client, tokenId("gen-token"), { password: "password2", expiry: { days: 30 } });
    expect(Object.keys(one.passwords)).toEqual(["password2"]);
    expect(one.passwords.password2!.value).not.toBe(both.passwords.password2!.value);
    expect(one.passwords.password2!.expiry!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(one.loginServer).toBe(e2e.emulator.loginServer(REGISTRY));
    const after = await slots("gen-token");
    expect(after["password1"]).toBe(before["password1"]);
    expect(after["password2"]).toBeGreaterThan(before["password2"]!);
  });

  it("passes a missing token's 404 through", async () => {
    const error = await failure(generateCredentials(client, ref("no-such-token")));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });
});

describe("rotateTokenPassword on the emulator", () => {
  it("fills the empty slot of a token without passwords", async () => {
    await plainToken("rot-token");
    const rotated = await rotateTokenPassword(client, ref("rot-token"));
    expect(rotated).toMatchObject({ slot: "password1", stillValid: undefined });
    expect(Object.keys(await slots("rot-token"))).toEqual(["password1"]);
  });

  it("fills the empty slot of a token with one password", async () => {
    await plainToken("rot-token");
    await generateCredentials(client, ref("rot-token"), { password: "password1" });
    const before = await slots("rot-token");
    const rotated = await rotateTokenPassword(client, ref("rot-token"));
    expect(rotated).toMatchObject({ slot: "password2", stillValid: "password1" });
    expect((await slots("rot-token"))["password1"]).toBe(before["password1"]);
  });

  it("replaces the older of two passwords, then the other one", async () => {
    await plainToken("rot-token");
    await generateCredentials(client, ref("rot-token"), { password: "password2" });
    await nextMillisecond();
    await generateCredentials(client, ref("rot-token"), { password: "password1" });
    const start = await slots("rot-token");
    expect(start["password2"]).toBeLessThan(start["password1"]!);
    await nextMillisecond();

    const first = await rotateTokenPassword(client, ref("rot-token"), { expiry: { days: 90 } });
    expect(first).toMatchObject({ slot: "password2", stillValid: "password1" });
    expect(first.expiry).toBeInstanceOf(Date);
    const middle = await slots("rot-token");
    expect(middle["password1"]).toBe(start["password1"]);
    expect(middle["password2"]).toBeGreaterThan(start["password1"]!);
    await nextMillisecond();

    const second = await rotateTokenPassword(client, ref("rot-token"));
    expect(second).toMatchObject({ slot: "password1", stillValid: "password2" });
    expect(second.value).not.toBe(first.value);
    expect((await slots("rot-token"))["password2"]).toBe(middle["password2"]);
  });

  it("passes a missing token's 404 through", async () => {
    const error = await failure(rotateTokenPassword(client, ref("no-such-token")));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });
});

describe("findExpiringCredentials on the emulator", () => {
  it("streams the tokens that need attention across pages", async () => {
    emulator.setPageSize(1);
    await plainToken("bare-token");
    await plainToken("soon-token");
    await generateCredentials(client, ref("soon-token"), { password: "password1", expiry: { days: 3 } });
    await plainToken("later-token");
    await generateCredentials(client, ref("later-token"), { expiry: { days: 60 } });
    await plainToken("forever-token");
    await generateCredentials(client, ref("forever-token"));

    const found = await collect(findExpiringCredentials(client, { resourceGroup: RG, registry: REGISTRY, within: { days: 7 } }));
    expect(found.map((f) => [f.token, f.reason])).toEqual([
      ["bare-token", "no-credentials"],
      ["soon-token", "expiring"],
    ]);
    expect(found[1]).toMatchObject({ id: tokenId("soon-token"), status: "enabled", credentials: [{ kind: "password", name: "password1", expiry: expect.any(Date) }] });
    expect(emulator.countRequests({ method: "GET", path: /\/tokens$/ })).toBe(4);

    // Ten days on, the 3-day password has expired.
    const later = new Date(Date.now() + 10 * 86_400_000);
    const expired: ExpiringToken[] = await collect(findExpiringCredentials(client, { resourceGroup: RG, registry: REGISTRY, within: { days: 0 }, now: later }));
    expect(expired.map((f) => [f.token, f.reason])).toEqual([
      ["bare-token", "no-credentials"],
      ["soon-token", "expired"],
    ]);
  });

  it("passes a missing registry's 404 through", async () => {
    const error = await failure(collect(findExpiringCredentials(client, { resourceGroup: RG, registry: "nosuchregistry", within: { days: 1 } })));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });
});

describe("setTokenStatus on the emulator", () => {
  it("disables and enables with PATCH, keeping the passwords", async () => {
    await plainToken("status-token");
    await generateCredentials(client, ref("status-token"));
    const before = await slots("status-token");
    emulator.clearRequests();

    expect((await setTokenStatus(client, ref("status-token"), "disabled")).status).toBe("disabled");
    expect((await client.tokens.get(RG, REGISTRY, "status-token")).status).toBe("disabled");
    expect((await setTokenStatus(client, tokenId("status-token"), "enabled")).status).toBe("enabled");

    expect(await slots("status-token")).toEqual(before);
    expect(emulator.countRequests({ method: "PATCH" })).toBe(2);
    expect(emulator.countRequests({ method: "PUT" })).toBe(0);
  });

  it("passes a missing token's 404 through", async () => {
    const error = await failure(setTokenStatus(client, ref("no-such-token"), "disabled"));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });
});

describe("deleteRepositoryToken on the emulator", () => {
  it("deletes the token and its scope map", async () => {
    await createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } });
    expect(await deleteRepositoryToken(client, ref("ci-web"))).toEqual({ token: "ci-web", scopeMap: "ci-web-scope-map" });
    expect(await contents()).toEqual({ tokens: [], scopeMaps: [] });
  });

  it("keeps the scope map while another token uses it", async () => {
    await createRepositoryToken(client, { ...ref("ci-web"), repositories: { web: ["content/read"] } });
    await plainToken("co-user", "ci-web-scope-map");
    expect(await deleteRepositoryToken(client, ref("ci-web"))).toEqual({ token: "ci-web" });
    expect(await contents()).toEqual({ tokens: ["co-user"], scopeMaps: ["ci-web-scope-map"] });
  });

  it("passes a missing token's 404 through", async () => {
    const error = await failure(deleteRepositoryToken(client, ref("no-such-token")));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });
});
