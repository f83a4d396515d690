// The default transport (runtime/transport.ts): compressed bodies, timeouts, dropped connections.
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestClient, registryPath, startTestServer, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const tokenPath = `${registryPath()}/tokens/myToken`;
const body = JSON.stringify({ name: "myToken", properties: { status: "disabled", creationDate: "2025-03-04T05:06:07Z" } });

describe("JSON transport", () => {
  for (const [encoding, compress] of [["gzip", gzipSync], ["deflate", deflateSync], ["br", brotliCompressSync]] as const) {
    it(`reads a ${encoding}-encoded answer`, async () => {
      server.on("GET", tokenPath, { status: 200, headers: { "content-encoding": encoding, "content-type": "application/json" }, body: compress(Buffer.from(body)) });
      const token = await createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken");
      expect(token).toEqual({ name: "myToken", status: "disabled", creationDate: new Date("2025-03-04T05:06:07Z") });
      expect(String(server.requests[0]!.headers["accept-encoding"])).toContain("gzip");
    });
  }

  it("keeps one connection alive across calls of a client", async () => {
    server.on("GET", /\/tokens\//, { status: 200, body: { name: "myToken" } });
    const client = createTestClient(server);
    for (let i = 0; i < 5; i++) await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it("sends the body with its byte length", async () => {
    server.on("PATCH", tokenPath, { status: 200, body: { name: "myToken" } });
    await createTestClient(server).tokens.beginUpdateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId: "ünïcode" });
    const request = server.requests[0]!;
    expect(request.json).toEqual({ properties: { scopeMapId: "ünïcode" } });
    expect(Number(request.headers["content-length"])).toBe(Buffer.byteLength(request.body));
  });

  it("gives up on a request after requestOptions.timeout", async () => {
    server.on("GET", tokenPath, () => new Promise(() => {}));
    const error = await createTestClient(server)
      .tokens.get("myResourceGroup", "myRegistry", "myToken", { requestOptions: { timeout: 50 } })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("reports a dropped connection as a RestError with the socket's code", async () => {
    server.on("GET", tokenPath, { status: 200, drop: true });
    const error = await createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe("ECONNRESET");
  });

  it("lets the retry policy retry a dropped connection", async () => {
    server.once("GET", tokenPath, { status: 200, drop: true });
    server.on("GET", tokenPath, { status: 200, body });
    const client = createTestClient(server, { retryOptions: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
    const token = await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(token.status).toBe("disabled");
    expect(server.requests).toHaveLength(2);
  });

  it("refuses to start a request whose signal has already fired", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await createTestClient(server)
      .tokens.get("myResourceGroup", "myRegistry", "myToken", { abortSignal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(0);
  });
});
