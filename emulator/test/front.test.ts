// The HTTPS front: links from the emulator's own endpoint, close() and requests in flight,
// fault patterns from other processes, IPv6.
import { request } from "node:https";
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, createScopeMap, registryPath, scopeMapPath, startTestEmulator, TestClient, useTestEmulator } from "./support.js";

const RG = "frontrg";
const REGISTRY = "frontreg1";

describe("links", () => {
  const context = useTestEmulator({ pageSize: 2 });
  let emulator: Emulator;
  let client: TestClient;
  beforeAll(async () => {
    ({ emulator, client } = context);
    await createRegistry(client, RG, REGISTRY);
  });

  it("builds nextLink, Azure-AsyncOperation and Location from its own endpoint, whatever the Host header says", async () => {
    const spoofed = { headers: { host: "attacker.example:443" }, servername: "localhost" };
    const page = await client.get(`${registryPath(RG, REGISTRY)}/scopeMaps`, spoofed);
    expect(page.body.nextLink.startsWith(`${emulator.endpoint}/subscriptions/`)).toBe(true);
    emulator.setAsyncDelay(50);
    try {
      const created = await client.put(scopeMapPath(RG, REGISTRY, "linked-map"), { properties: { actions: ["repositories/a/content/read"] } }, spoofed);
      expect((created.headers["azure-asyncoperation"] as string).startsWith(`${emulator.endpoint}/subscriptions/`)).toBe(true);
      const posted = await client.post(`${registryPath(RG, REGISTRY)}/importImage`, { source: { sourceImage: "a:b", registryUri: "docker.io" } }, spoofed);
      expect((posted.headers.location as string).startsWith(`${emulator.endpoint}/subscriptions/`)).toBe(true);
    } finally {
      emulator.setAsyncDelay(0);
    }
  });
});

describe("close()", () => {
  it("answers a request that is in flight before it resolves", async () => {
    const emulator = await startTestEmulator();
    const client = new TestClient(emulator);
    await createRegistry(client, RG, REGISTRY);
    const body = JSON.stringify({ properties: { actions: ["repositories/inflight/content/read"] } });
    const url = new URL(`${emulator.endpoint}${scopeMapPath(RG, REGISTRY, "inflight-map")}?api-version=2025-11-01`);
    let closing: Promise<void> | undefined;
    const answer = new Promise<number>((resolve, reject) => {
      const outgoing = request(
        url,
        { method: "PUT", ca: emulator.ca, headers: { authorization: "Bearer t", "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on("error", reject);
      // Half the body now, the rest once close() has begun.
      outgoing.write(body.slice(0, 10));
      setTimeout(() => {
        closing = emulator.close();
        outgoing.end(body.slice(10));
      }, 50);
    });
    // Before, close() cut the connection and this request never got an answer.
    expect(await answer).toBe(201);
    await closing;
    client.close();
  });
});

describe("fault patterns from the control endpoint", () => {
  const context = useTestEmulator();
  let client: TestClient;
  beforeAll(() => {
    client = context.client;
  });

  it("runs even a catastrophically backtracking pattern in linear time", async () => {
    const added = await client.post("/_emulator/faults", { kind: "status", status: 503, pathPattern: "(a+)+$" });
    expect(added.status).toBe(201);
    // With a backtracking engine this path would hold the event loop for longer than the test runs.
    const path = `/subscriptions/${"a".repeat(4000)}!`;
    // Not faulted (the pattern needs the path to end in a's): the route's own answer, a malformed subscription id.
    expect((await client.get(path)).status).toBe(400);
    expect((await client.get("/subscriptions/aaaa")).status).toBe(503);
  });

  it("matches letters in either case and refuses patterns the linear engine cannot run", async () => {
    await client.delete("/_emulator/faults");
    await client.post("/_emulator/faults", { kind: "status", status: 429, pathPattern: "RESOURCEGROUPS/[A-Z]+/PROVIDERS" });
    expect((await client.get(registryPath("somerg", "someregistry"))).status).toBe(429);
    const refused = await client.post("/_emulator/faults", { kind: "drop", pathPattern: "(a)\\1" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/cannot be used/);
    await client.delete("/_emulator/faults");
  });
});

describe("IPv6", () => {
  it("listens on ::1 and names it in brackets in its endpoint and links", async () => {
    const emulator = await startTestEmulator({ host: "::1", pageSize: 1 });
    const client = new TestClient(emulator);
    try {
      expect(emulator.endpoint).toMatch(/^https:\/\/\[::1\]:\d+$/);
      await createRegistry(client, RG, REGISTRY);
      await createScopeMap(client, RG, REGISTRY, "six-map");
      const page = await client.get(`${registryPath(RG, REGISTRY)}/scopeMaps`);
      expect(page.body.nextLink.startsWith(`${emulator.endpoint}/`)).toBe(true);
      expect((await client.get(page.body.nextLink)).status).toBe(200);
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
