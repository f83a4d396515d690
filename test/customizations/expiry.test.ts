// findExpiringCredentials: what it reports, and that it streams over pages.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findExpiringCredentials, type ExpiringToken } from "../../src/customizations/expiry.js";
import { createTestClient, startTestServer, type TestServer } from "../support/testServer.js";
import { RG, REGISTRY, TOKENS_PATH, fakeRegistry, rejectionOf, tokenPath, type FakeToken } from "./fixtures.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const NOW = new Date("2030-06-15T00:00:00.000Z");
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
const params = { resourceGroup: RG, registry: REGISTRY, within: { days: 7 }, now: NOW };

function token(name: string, passwords: FakeToken["passwords"], certificates?: FakeToken["certificates"]): FakeToken {
  return { name, scopeMap: "_repositories_pull", status: name.startsWith("off") ? "disabled" : "enabled", passwords, ...(certificates ? { certificates } : {}) };
}

async function collect(iterable: AsyncIterable<ExpiringToken>): Promise<ExpiringToken[]> {
  const found: ExpiringToken[] = [];
  for await (const item of iterable) found.push(item);
  return found;
}

function seed(pageSize?: number) {
  const fake = fakeRegistry(server, pageSize === undefined ? {} : { pageSize });
  const add = (t: FakeToken) => fake.tokens.set(t.name, t);
  add(token("bare-token", []));
  add(token("soon-token", [{ name: "password1", creationTime: inDays(-80), expiry: inDays(3) }, { name: "password2", expiry: inDays(60) }]));
  add(token("later-token", [{ name: "password1", expiry: inDays(30) }]));
  add(token("forever-token", [{ name: "password2", creationTime: inDays(-1) }]));
  add(token("off-expired", [{ name: "password2", expiry: inDays(20) }], [{ name: "certificate1", expiry: inDays(-2) }]));
  add(token("mixed-token", [{ name: "password1", expiry: inDays(-1) }, { name: "password2", expiry: inDays(5) }]));
  return fake;
}

describe("findExpiringCredentials", () => {
  it("reports expiring, expired and credential-less tokens, and only the credentials that are due", async () => {
    seed();
    const found = await collect(findExpiringCredentials(createTestClient(server), params));
    expect(found).toEqual([
      { token: "bare-token", id: tokenPath("bare-token"), status: "enabled", reason: "no-credentials", credentials: [] },
      { token: "soon-token", id: tokenPath("soon-token"), status: "enabled", reason: "expiring", credentials: [{ kind: "password", name: "password1", expiry: new Date(inDays(3)) }] },
      { token: "off-expired", id: tokenPath("off-expired"), status: "disabled", reason: "expired", credentials: [{ kind: "certificate", name: "certificate1", expiry: new Date(inDays(-2)) }] },
      {
        token: "mixed-token",
        id: tokenPath("mixed-token"),
        status: "enabled",
        reason: "expired",
        credentials: [
          { kind: "password", name: "password1", expiry: new Date(inDays(-1)) },
          { kind: "password", name: "password2", expiry: new Date(inDays(5)) },
        ],
      },
    ]);
  });

  it("with a window of 0 days reports only what has expired", async () => {
    seed();
    const found = await collect(findExpiringCredentials(createTestClient(server), { ...params, within: { days: 0 } }));
    expect(found.map((f) => [f.token, f.reason])).toEqual([
      ["bare-token", "no-credentials"],
      ["off-expired", "expired"],
      ["mixed-token", "expired"],
    ]);
    expect(found[2]!.credentials.map((c) => c.name)).toEqual(["password1"]);
  });

  it("counts a credential expiring exactly at the end of the window", async () => {
    const fake = fakeRegistry(server);
    fake.tokens.set("edge-token", token("edge-token", [{ name: "password1", expiry: inDays(7) }]));
    const found = await collect(findExpiringCredentials(createTestClient(server), params));
    expect(found.map((f) => f.reason)).toEqual(["expiring"]);
  });

  it("yields the first result before reading the next page", async () => {
    seed(1);
    const iterator = findExpiringCredentials(createTestClient(server), params);
    const first = await iterator.next();
    expect(first.value?.token).toBe("bare-token");
    expect(server.requests.filter((r) => r.path === TOKENS_PATH)).toHaveLength(1);
    const rest = await collect({ [Symbol.asyncIterator]: () => iterator });
    expect(rest).toHaveLength(3);
    expect(server.requests.filter((r) => r.path === TOKENS_PATH)).toHaveLength(6);
  });

  it("passes a missing registry's 404 through", async () => {
    server.on("GET", TOKENS_PATH, { status: 404, body: { error: { code: "ResourceNotFound", message: "no registry" } } });
    const error = await rejectionOf(collect(findExpiringCredentials(createTestClient(server), params)));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });

  it("stops when aborted", async () => {
    seed();
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(collect(findExpiringCredentials(createTestClient(server), { ...params, abortSignal: controller.signal })));
    expect(error.name).toBe("AbortError");
  });

  it.each([
    ["a negative window", { within: { days: -1 } }, /params\.within\.days must be zero or more/],
    ["a NaN window", { within: { days: Number.NaN } }, /params\.within\.days must be a finite number/],
    ["a missing window", { within: undefined }, /params\.within must be an object \{ days: number \}/],
    ["an invalid now", { now: new Date("x") }, /params\.now is an invalid Date/],
    ["a bad registry", { registry: "r" }, /params\.registry "r" is too short/],
  ])("refuses %s at the call, before any request", (_label, change, message) => {
    expect(() => findExpiringCredentials(createTestClient(server), { ...params, ...change } as never)).toThrow(message);
    expect(server.requests).toEqual([]);
  });
});
