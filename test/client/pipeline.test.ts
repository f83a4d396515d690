// The default pipeline: only the policies a JSON ARM client needs, and those still working —
// logging at AZURE_LOG_LEVEL, and a proxy (through a real CONNECT proxy on loopback).
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient } from "../../src/index.js";
import { createTestClient, registryPath, SUBSCRIPTION_ID, TEST_TOKEN, testCredential, type TestServer, useTestServer } from "../support/testServer.js";

let server: TestServer;
useTestServer((s) => (server = s));
const TOKEN_PATH = `${registryPath()}/tokens/myToken`;

const policyNames = (client: ContainerRegistryManagementClient) => client.pipeline.getOrderedPolicies().map((p) => p.name);

describe("the default pipeline", () => {
  it("has only what a JSON ARM client needs, in order", () => {
    const client = new ContainerRegistryManagementClient(testCredential(), SUBSCRIPTION_ID, { tlsOptions: { ca: "x" } });
    expect(policyNames(client)).toEqual([
      "trustedOriginsPolicy",
      "tlsPolicy",
      "decompressResponsePolicy",
      "userAgentPolicy",
      "setClientRequestIdPolicy",
      "bearerTokenAuthenticationPolicy",
      "defaultRetryPolicy",
      "tracingPolicy",
      "logPolicy",
    ]);
  });

  it("adds the proxy policy when proxyOptions or a proxy variable is set", () => {
    const withOptions = new ContainerRegistryManagementClient(testCredential(), SUBSCRIPTION_ID, { proxyOptions: { host: "http://127.0.0.1", port: 3128 } });
    expect(policyNames(withOptions)).toContain("proxyPolicy");
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = "http://127.0.0.1:3128";
    try {
      expect(policyNames(new ContainerRegistryManagementClient(testCredential(), SUBSCRIPTION_ID))).toContain("proxyPolicy");
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });

  it("does not follow redirects: a 3xx is an error, and the bearer token goes nowhere else", async () => {
    server.on("GET", TOKEN_PATH, { status: 307, headers: { location: "https://127.0.0.2:1/elsewhere" }, body: {} });
    await expect(createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken")).rejects.toMatchObject({ statusCode: 307 });
    expect(server.requests).toHaveLength(1);
  });
});

describe("logging at AZURE_LOG_LEVEL", () => {
  let level: AzureLogLevel | undefined;
  const original = AzureLogger.log;
  const lines: string[] = [];
  beforeAll(() => {
    level = getLogLevel();
    AzureLogger.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  });
  afterEach(() => void (lines.length = 0));
  afterAll(() => {
    AzureLogger.log = original;
    setLogLevel(level);
  });

  it("logs each request and response at info, with the bearer token redacted", async () => {
    setLogLevel("info");
    server.on("GET", TOKEN_PATH, { status: 200, body: { name: "myToken" } });
    await createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken");
    const text = lines.join("\n");
    expect(text).toMatch(/Request: \{/);
    expect(text).toMatch(/Response status code: 200/);
    expect(text).toContain("api-version=2025-11-01");
    expect(text).toMatch(/"authorization": "REDACTED"/i);
    expect(text).not.toContain(TEST_TOKEN);
  });
});

describe("a proxy", () => {
  let proxy: Server;
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // A plain HTTP CONNECT proxy, as corporate proxies are: it opens a TCP tunnel and relays bytes.
    proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? "");
      sockets.add(client);
      const [host, port] = (req.url ?? "").split(":");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    // The client keeps its tunnel alive; end it so the proxy can close.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it("carries every request through its tunnel when proxyOptions names it", async () => {
    server.on("GET", TOKEN_PATH, { status: 200, body: { name: "myToken" } });
    const port = (proxy.address() as AddressInfo).port;
    const client = createTestClient(server, { proxyOptions: { host: "http://127.0.0.1", port } });
    expect((await client.tokens.get("myResourceGroup", "myRegistry", "myToken")).name).toBe("myToken");
    expect(tunnels).toEqual([new URL(server.endpoint).host]);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });
});
