// A real HTTPS server on 127.0.0.1 for one test file: scripted answers, every request recorded.
// The client under test reaches it through its real pipeline (bearer auth included).
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TokenCredential } from "@azure/core-auth";
import { createSelfSignedCertificate, type TlsMaterial } from "acr-tokens-emulator";
import { ContainerRegistryManagementClient, type ContainerRegistryManagementClientOptionalParams } from "../../src/index.js";

export const SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const TEST_TOKEN = "test-bearer-token";

/** A credential that always hands out the same token, and counts how often it was asked. */
export function testCredential(): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken() {
      credential.calls++;
      return { token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  return credential;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: any;
  /** The client's port: requests on one kept-alive connection share it. */
  readonly remotePort: number | undefined;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer is sent as is. */
  body?: unknown;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
}

export type Route = (request: RecordedRequest, server: TestServer) => Reply | Promise<Reply>;

export interface TestServer {
  readonly endpoint: string;
  readonly ca: string;
  readonly requests: RecordedRequest[];
  /** Answers requests whose method matches and whose path (without query) matches `path`. */
  on(method: string, path: string | RegExp, route: Route | Reply): void;
  /** Answers the next matching request only (before routes registered with on()). */
  once(method: string, path: string | RegExp, route: Route | Reply): void;
  reset(): void;
  close(): Promise<void>;
}

// One certificate per worker, made the way the emulator makes its own.
let certificate: Promise<TlsMaterial> | undefined;
function testCertificate(): Promise<TlsMaterial> {
  return (certificate ??= createSelfSignedCertificate());
}

interface Entry {
  method: string;
  path: string | RegExp;
  route: Route | Reply;
  once: boolean;
}

export async function startTestServer(): Promise<TestServer> {
  const { cert, key } = await testCertificate();
  const entries: Entry[] = [];
  const requests: RecordedRequest[] = [];
  let api: TestServer;
  const server: Server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = req.url ?? "/";
      const parsed = new URL(url, "https://127.0.0.1");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: any;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? "", url, path: parsed.pathname, query: parsed.searchParams, headers: req.headers, body, json, remotePort: req.socket.remotePort };
      requests.push(recorded);
      const matches = (e: Entry) =>
        e.method.toUpperCase() === recorded.method &&
        (typeof e.path === "string" ? e.path === recorded.path : e.path.test(recorded.path));
      const index = entries.findIndex((e) => e.once && matches(e));
      const entry = index >= 0 ? entries.splice(index, 1)[0] : entries.find((e) => !e.once && matches(e));
      let reply: Reply;
      try {
        reply = !entry
          ? { status: 404, body: { error: { code: "NoRoute", message: `test server has no route for ${recorded.method} ${recorded.path}` } } }
          : typeof entry.route === "function"
            ? await entry.route(recorded, api)
            : entry.route;
      } catch (e) {
        reply = { status: 500, body: { error: { code: "TestRouteFailed", message: String(e) } } };
      }
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const text =
        reply.body === undefined ? "" : typeof reply.body === "string" || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
      const headers: Record<string, string> = { ...reply.headers };
      if (text && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      res.writeHead(reply.status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  api = {
    endpoint: `https://127.0.0.1:${port}`,
    ca: cert,
    requests,
    on: (method, path, route) => void entries.push({ method, path, route, once: false }),
    once: (method, path, route) => void entries.push({ method, path, route, once: true }),
    reset: () => {
      entries.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

/** Our client, pointed at the test server, trusting its certificate; retries off unless asked. */
export function createTestClient(
  server: TestServer,
  options: ContainerRegistryManagementClientOptionalParams = {},
  credential: TokenCredential = testCredential(),
): ContainerRegistryManagementClient {
  return new ContainerRegistryManagementClient(credential, SUBSCRIPTION_ID, {
    endpoint: server.endpoint,
    tlsOptions: { ca: server.ca },
    retryOptions: { maxRetries: 0 },
    ...options,
  });
}

/** The ARM path prefix of a registry in the test subscription. */
export function registryPath(resourceGroup = "myResourceGroup", registry = "myRegistry"): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry}`;
}

/**
 * One test server for the calling test file and our client on it, stopped after the file;
 * routes and recorded requests are cleared before each test unless `resetBeforeEach` is false.
 */
export function useTestServer(
  ready: (server: TestServer, client: ContainerRegistryManagementClient) => void,
  { resetBeforeEach = true }: { resetBeforeEach?: boolean } = {},
): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    ready(server, createTestClient(server));
  });
  afterAll(() => server?.close());
  if (resetBeforeEach) beforeEach(() => server?.reset());
}

/** Answers every request, whatever its method and path, with `reply`. */
export function answerAll(server: TestServer, reply: Reply): void {
  for (const method of ["GET", "PUT", "PATCH", "POST", "DELETE"]) server.on(method, /.*/, reply);
}
