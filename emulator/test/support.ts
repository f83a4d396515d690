/**
 * Test helpers: an emulator per test file (sharing one generated certificate
 * per worker), a small node:https client that trusts it, and ARM paths.
 */

import { Agent, request } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll } from "vitest";
import { createSelfSignedCertificate, type TlsMaterial } from "../src/front/certificate.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../src/index.js";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const OTHER_SUB = "99999999-8888-7777-6666-555555555555";
export const API_VERSION = "2025-04-01";

// Response bodies are checked field by field, so they are typed loosely.
export type Json = any;

let certificate: Promise<TlsMaterial> | undefined;

/** Starts an emulator with Retry-After 0 and a certificate shared by the worker. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const tls = options.cert !== undefined || options.dataDir !== undefined ? {} : await (certificate ??= createSelfSignedCertificate());
  return startEmulator({ retryAfterSeconds: 0, ...tls, ...options });
}

/** One emulator and a client on it for the calling test file (or describe block), closed after it. */
export function useTestEmulator(options: EmulatorOptions = {}): { emulator: Emulator; client: TestClient } {
  const context = {} as { emulator: Emulator; client: TestClient };
  beforeAll(async () => {
    context.emulator = await startTestEmulator(options);
    context.client = new TestClient(context.emulator);
  });
  afterAll(async () => {
    context.client?.close();
    await context.emulator?.close();
  });
  return context;
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: Json;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  rawBody?: string;
  /** Appended as ?api-version=; null sends none. Ignored when the path already has one. */
  apiVersion?: string | null;
  headers?: Record<string, string>;
  /** Overrides the client's bearer token; null sends no Authorization header. */
  token?: string | null;
  /** Name to check the certificate against (when a Host header is set by hand). */
  servername?: string;
}

export class TestClient {
  readonly agent: Agent;

  constructor(
    readonly emulator: Emulator,
    private readonly token: string | null = "test-token",
  ) {
    this.agent = new Agent({ ca: emulator.ca, keepAlive: true, maxSockets: 50 });
  }

  request(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const url = new URL(pathOrUrl.startsWith("https://") ? pathOrUrl : `${this.emulator.endpoint}${pathOrUrl}`);
    const apiVersion = options.apiVersion === undefined ? API_VERSION : options.apiVersion;
    if (apiVersion !== null && !url.searchParams.has("api-version") && !url.pathname.startsWith("/_emulator")) {
      url.searchParams.set("api-version", apiVersion);
    }
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers["authorization"] = `Bearer ${token}`;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers["content-type"] = "application/json";
    return new Promise((resolve, reject) => {
      const tls = options.servername === undefined ? {} : { servername: options.servername };
      const outgoing = request(url, { method, agent: this.agent, headers, ...tls }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          let body: Json;
          try {
            body = text === "" ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
        });
        response.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request("GET", path, options);
  }
  put(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse> {
    return this.request("PUT", path, { ...options, body });
  }
  patch(path: string, body: unknown, options?: RequestOptions): Promise<ApiResponse> {
    return this.request("PATCH", path, { ...options, body });
  }
  post(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse> {
    return this.request("POST", path, { ...options, body });
  }
  delete(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request("DELETE", path, options);
  }

  close(): void {
    this.agent.destroy();
  }
}

export function registryPath(resourceGroup: string, registry: string, subscription = SUB): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry}`;
}

export function scopeMapPath(resourceGroup: string, registry: string, scopeMap: string): string {
  return `${registryPath(resourceGroup, registry)}/scopeMaps/${scopeMap}`;
}

export function tokenPath(resourceGroup: string, registry: string, token: string): string {
  return `${registryPath(resourceGroup, registry)}/tokens/${token}`;
}

export async function createRegistry(client: TestClient, resourceGroup: string, registry: string, sku = "Standard", properties: object = {}): Promise<ApiResponse> {
  const response = await client.put(registryPath(resourceGroup, registry), { location: "westus", sku: { name: sku }, properties });
  if (response.status !== 200 && response.status !== 201) throw new Error(`creating registry ${registry} failed: ${response.status} ${response.text}`);
  return response;
}

export async function createScopeMap(
  client: TestClient,
  resourceGroup: string,
  registry: string,
  scopeMap: string,
  actions: string[] = ["repositories/hello/content/read"],
): Promise<ApiResponse> {
  const response = await client.put(scopeMapPath(resourceGroup, registry, scopeMap), { properties: { actions } });
  if (response.status !== 200 && response.status !== 201) throw new Error(`creating scope map ${scopeMap} failed: ${response.status} ${response.text}`);
  return response;
}

export async function createToken(
  client: TestClient,
  resourceGroup: string,
  registry: string,
  token: string,
  scopeMap: string,
  properties: object = {},
): Promise<ApiResponse> {
  const response = await client.put(tokenPath(resourceGroup, registry, token), {
    properties: { scopeMapId: scopeMapPath(resourceGroup, registry, scopeMap), ...properties },
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`creating token ${token} failed: ${response.status} ${response.text}`);
  return response;
}

/** Polls `probe` until it returns a value other than undefined; fails after `attempts` tries. */
export async function eventually<T>(probe: () => Promise<T | undefined>, attempts = 200, pauseMs = 10): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(pauseMs);
  }
  throw new Error("condition not reached");
}
