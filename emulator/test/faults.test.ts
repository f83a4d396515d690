import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, registryPath, startTestEmulator, TestClient, type Json } from "./support.js";

const RG = "faultrg";
const REGISTRY = "faultreg1";
const PATH = registryPath(RG, REGISTRY);

let emulator: Emulator;
let client: TestClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY);
  emulator.clearRequests();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.clearRequests();
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("programmatic faults", () => {
  it("answers an injected status with an ARM error and Retry-After, for `count` requests", async () => {
    emulator.faults.add({ kind: "status", status: 503, retryAfter: 2, count: 2, path: REGISTRY });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await client.get(PATH);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe("ServiceUnavailable");
      expect(response.headers["retry-after"]).toBe("2");
    }
    expect((await client.get(PATH)).status).toBe(200);
    expect(emulator.countRequests()).toBe(3);
    expect(emulator.countRequests({ status: 503 })).toBe(2);
    expect(emulator.requests.filter((request) => request.fault === "status")).toHaveLength(2);
  });

  it("matches on method and path pattern only", async () => {
    emulator.faults.add({ kind: "status", status: 429, method: "put", path: /\/registries\/faultreg1$/i });
    expect((await client.get(PATH)).status).toBe(200);
    expect((await client.get(`${PATH}/listUsages`)).status).toBe(200);
    const throttled = await client.put(PATH, { location: "westus", sku: { name: "Standard" } });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("TooManyRequests");
    expect(throttled.headers["retry-after"]).toBeUndefined();
    // No count: it stays until removed.
    expect((await client.put(PATH, { location: "westus", sku: { name: "Standard" } })).status).toBe(429);
  });

  it("applies before authentication, with custom code and message", async () => {
    emulator.faults.add({ kind: "status", status: 500, code: "InternalServerError", message: "kaput", count: 1 });
    const response = await client.get(PATH, { token: null });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({ code: "InternalServerError", message: "kaput" });
  });

  it("drops the connection", async () => {
    emulator.faults.add({ kind: "drop", count: 1, path: "listUsages" });
    await expect(client.get(`${PATH}/listUsages`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await client.get(`${PATH}/listUsages`)).status).toBe(200);
    expect(emulator.countRequests({ path: "listUsages" })).toBe(2);
    expect(emulator.requests[0]).toMatchObject({ fault: "drop", status: 0 });
  });

  it("answers a malformed body", async () => {
    emulator.faults.add({ kind: "malformed", count: 1 });
    const response = await client.get(PATH);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(() => JSON.parse(response.text)).toThrow();
  });

  it("delays a request and then handles it normally", async () => {
    emulator.faults.add({ kind: "delay", ms: 300, count: 1, path: "listUsages" });
    const finished: string[] = [];
    const slow = client.get(`${PATH}/listUsages`).then((response) => {
      finished.push("slow");
      return response;
    });
    const fast = client.get(PATH).then((response) => {
      finished.push("fast");
      return response;
    });
    const [slowResponse, fastResponse] = await Promise.all([slow, fast]);
    expect(slowResponse.status).toBe(200);
    expect(slowResponse.body.value).toHaveLength(4);
    expect(fastResponse.status).toBe(200);
    expect(finished).toEqual(["fast", "slow"]);
  });

  it("lists, removes and validates faults", async () => {
    const id = emulator.faults.add({ kind: "status", status: 503, path: "nothing-matches-this" });
    emulator.faults.failNextOperation({ status: "Failed" });
    expect(emulator.faults.list().map((fault) => fault.type)).toEqual(["request", "operationOutcome"]);
    expect(emulator.faults.list()[0]).toMatchObject({ id, remaining: null, rule: { kind: "status", status: 503, path: "nothing-matches-this" } });
    expect(emulator.faults.remove(id)).toBe(true);
    expect(emulator.faults.remove(id)).toBe(false);
    expect(() => emulator.faults.add({ kind: "status", status: 42 })).toThrow(/status/);
    expect(() => emulator.faults.add({ kind: "delay", ms: -1 })).toThrow(/delay/);
    expect(() => emulator.faults.add({ kind: "explode" } as never)).toThrow(/unknown fault kind/);
  });
});

describe("control endpoint", () => {
  const control = (method: string, path: string, body?: unknown) => client.request(method, `/_emulator${path}`, { body, token: null });

  it("needs no bearer token", async () => {
    const health = await control("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "ok" });
  });

  it("adds, lists and clears faults", async () => {
    const added = await control("POST", "/faults", { kind: "status", status: 503, count: 1, method: "GET", pathPattern: "faultreg1$", retryAfter: 0 });
    expect(added.status).toBe(201);
    expect(added.body.id).toBeTypeOf("string");
    const listed = await control("GET", "/faults");
    expect(listed.body.faults).toEqual([
      { id: added.body.id, type: "request", remaining: 1, rule: { method: "GET", pathPattern: "faultreg1$", kind: "status", status: 503, retryAfter: 0 } },
    ]);
    const failed = await client.get(PATH);
    expect(failed.status).toBe(503);
    expect(failed.headers["retry-after"]).toBe("0");
    expect((await client.get(PATH)).status).toBe(200);

    await control("POST", "/faults", { kind: "drop" });
    await control("POST", "/faults", { kind: "delay", ms: 1, path: "x" });
    expect((await control("GET", "/faults")).body.faults).toHaveLength(2);
    expect((await control("DELETE", "/faults")).status).toBe(204);
    expect((await control("GET", "/faults")).body.faults).toEqual([]);
    expect((await client.get(PATH)).status).toBe(200);
  });

  it("applies drop, malformed and delay faults posted to it", async () => {
    await control("POST", "/faults", { kind: "drop", count: 1, path: "listUsages" });
    await expect(client.get(`${PATH}/listUsages`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    await control("POST", "/faults", { kind: "malformed", count: 1, status: 500 });
    const malformed = await client.get(PATH);
    expect(malformed.status).toBe(500);
    expect(() => JSON.parse(malformed.text)).toThrow();
    await control("POST", "/faults", { kind: "delay", ms: 20, count: 1 });
    const delayed = await client.get(PATH);
    expect(delayed.status).toBe(200);
    expect(emulator.requests.map((request) => request.fault)).toEqual(["drop", "malformed", "delay"]);
    expect((await control("GET", "/faults")).body.faults).toEqual([]);
  });

  it("removes one fault by id", async () => {
    const added = await control("POST", "/faults", { kind: "malformed" });
    expect((await control("DELETE", `/faults/${added.body.id}`)).status).toBe(204);
    expect((await control("DELETE", `/faults/${added.body.id}`)).status).toBe(404);
    expect((await client.get(PATH)).body.name).toBe(REGISTRY);
  });

  it("rejects invalid fault definitions with 400", async () => {
    for (const body of [{ kind: "status" }, { kind: "teleport" }, { kind: "drop", path: 5 }, { kind: "drop", count: 0 }]) {
      const response = await control("POST", "/faults", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await client.request("POST", "/_emulator/faults", { rawBody: "{", token: null });
    expect(notJson.status).toBe(400);
  });

  it("serves the request log, including faulted requests but not control calls", async () => {
    await control("POST", "/faults", { kind: "status", status: 500, count: 1 });
    await client.get(PATH);
    await client.get(`${PATH}/listUsages`);
    const log = await control("GET", "/requests");
    expect(log.body.total).toBe(2);
    expect(log.body.requests.map((request: Json) => [request.method, request.path, request.status, request.fault])).toEqual([
      ["GET", PATH, 500, "status"],
      ["GET", `${PATH}/listUsages`, 200, undefined],
    ]);
    expect(log.body.requests[0].query).toBe("api-version=2025-04-01");
    expect((await control("GET", "/requests?limit=1")).body.requests).toHaveLength(1);
    expect((await control("DELETE", "/requests")).status).toBe(204);
    expect(emulator.countRequests()).toBe(0);
  });

  it("reads and changes settings", async () => {
    const changed = await control("PATCH", "/settings", { pageSize: 7, retryAfterSeconds: 3 });
    expect(changed.body).toEqual({ asyncDelayMs: 0, pageSize: 7, retryAfterSeconds: 3 });
    expect((await control("PATCH", "/settings", { pageSize: 0 })).status).toBe(400);
    expect((await control("GET", "/settings")).body.pageSize).toBe(7);
    await control("PATCH", "/settings", { pageSize: 100, retryAfterSeconds: 0 });
  });

  it("reports state counts and resets everything", async () => {
    const scratch = await startTestEmulator();
    const scratchClient = new TestClient(scratch);
    try {
      await createRegistry(scratchClient, RG, "resetreg1");
      const controlScratch = (method: string, path: string) => scratchClient.request(method, `/_emulator${path}`, { token: null });
      expect((await controlScratch("GET", "/state")).body).toEqual({ registries: 1, scopeMaps: 0, tokens: 0 });
      scratch.faults.add({ kind: "drop", path: "never" });
      expect((await controlScratch("POST", "/reset")).status).toBe(204);
      expect((await controlScratch("GET", "/state")).body).toEqual({ registries: 0, scopeMaps: 0, tokens: 0 });
      expect(scratch.faults.list()).toEqual([]);
      expect(scratch.countRequests()).toBe(0);
      expect((await scratchClient.get(registryPath(RG, "resetreg1"))).status).toBe(404);
    } finally {
      scratchClient.close();
      await scratch.close();
    }
  });

  it("answers 404 for unknown control operations", async () => {
    expect((await control("GET", "/nothing")).status).toBe(404);
  });
});
