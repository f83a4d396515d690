// ARM bodies and routes shared by the task helpers' unit tests on the scripted HTTPS server.
import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import { afterEach, beforeEach, expect } from "vitest";
import { registryPath, SUBSCRIPTION_ID, type RecordedRequest, type TestServer } from "../support/testServer.js";

export const RG = "myResourceGroup";
export const REGISTRY = "myRegistry";
export const LOGIN_SERVER = "myregistry.azurecr.io";
export const REGISTRY_PATH = registryPath(RG, REGISTRY);
export const TOKENS_PATH = `${REGISTRY_PATH}/tokens`;
export const SCOPE_MAPS_PATH = `${REGISTRY_PATH}/scopeMaps`;
export const GENERATE_PATH = `${REGISTRY_PATH}/generateCredentials`;
export const tokenPath = (name: string) => `${TOKENS_PATH}/${name}`;
export const scopeMapPath = (name: string) => `${SCOPE_MAPS_PATH}/${name}`;
export const TOKEN_REF = { resourceGroup: RG, registry: REGISTRY, token: "myToken" } as const;
export const TOKEN_ID = tokenPath("myToken");
export const OTHER_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";

export interface SlotJson {
  name: string;
  creationTime?: string;
  expiry?: string;
  value?: string;
}

/** `null` leaves the login server out. */
export function registryJson(loginServer: string | null = LOGIN_SERVER) {
  return {
    id: REGISTRY_PATH,
    name: REGISTRY,
    type: "Microsoft.ContainerRegistry/registries",
    location: "westus",
    sku: { name: "Premium", tier: "Premium" },
    properties: { ...(loginServer === null ? {} : { loginServer }), provisioningState: "Succeeded" },
  };
}

export function tokenJson(
  name: string,
  options: { scopeMap?: string; status?: string; passwords?: SlotJson[]; certificates?: SlotJson[] } = {},
) {
  const credentials: Record<string, unknown> = {};
  if (options.passwords) credentials["passwords"] = options.passwords;
  if (options.certificates) credentials["certificates"] = options.certificates;
  return {
    id: tokenPath(name),
    name,
    type: "Microsoft.ContainerRegistry/registries/tokens",
    properties: {
      provisioningState: "Succeeded",
      scopeMapId: scopeMapPath(options.scopeMap ?? `${name}-scope-map`),
      status: options.status ?? "enabled",
      credentials,
    },
  };
}

export function scopeMapJson(name: string, actions: string[], description?: string) {
  return {
    id: scopeMapPath(name),
    name,
    type: "Microsoft.ContainerRegistry/registries/scopeMaps",
    properties: { provisioningState: "Succeeded", type: "UserDefined", actions, ...(description === undefined ? {} : { description }) },
  };
}

export const notFound = (what: string) => ({
  status: 404,
  body: { error: { code: "ResourceNotFound", message: `The Resource '${what}' under resource group '${RG}' was not found.` } },
});

/** Registry GET answered with the login server. */
export function serveRegistry(server: TestServer): void {
  server.on("GET", REGISTRY_PATH, { status: 200, body: registryJson() });
}

/**
 * generateCredentials answered synchronously: `secrets[slot]` for each regenerated slot, and the
 * other slots of `existing` listed without a value (as the service does). Returns the values issued.
 */
export function serveGenerate(server: TestServer, existing: SlotJson[] = []): { issued: Record<string, string> } {
  const issued: Record<string, string> = {};
  let counter = 0;
  server.on("POST", GENERATE_PATH, (request) => {
    const wanted: string[] = request.json?.name ? [request.json.name] : ["password1", "password2"];
    const creationTime = new Date().toISOString();
    // Listed in reverse slot order on purpose: the helpers must pick by name.
    const passwords = ["password2", "password1"].flatMap((name): SlotJson[] => {
      if (wanted.includes(name)) {
        const value = `S3CRET-${name}-${++counter}-${Math.random().toString(36).slice(2)}`;
        issued[name] = value;
        return [{ name, value, creationTime, ...(request.json?.expiry ? { expiry: request.json.expiry } : {}) }];
      }
      return existing.filter((slot) => slot.name === name);
    });
    return { status: 200, body: { username: request.json?.tokenId?.split("/").pop(), passwords } };
  });
  return { issued };
}

export function lines(server: TestServer): string[] {
  return server.requests.map((r: RecordedRequest) => `${r.method} ${r.path}`);
}

/** The settled rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  expect(outcome.ok, "expected the call to fail").toBe(false);
  return (outcome as { error: unknown }).error;
}

export { SUBSCRIPTION_ID };

export interface FakeToken {
  name: string;
  scopeMap: string;
  status: string;
  passwords: SlotJson[];
  certificates?: SlotJson[];
}

/**
 * A small in-memory registry on the test server: tokens, scope maps (with the built-in
 * `_repositories_pull`), token listing in pages, and generateCredentials. Every operation answers
 * synchronously. Script a failure with `server.once(...)` before the call: once-routes win.
 */
export function fakeRegistry(server: TestServer, options: { pageSize?: number } = {}) {
  const tokens = new Map<string, FakeToken>();
  const scopeMaps = new Map<string, string[]>([["_repositories_pull", ["repositories/*/content/read"]]]);
  const descriptions = new Map<string, string>();
  const issued: string[] = [];
  const key = (name: string) => name.toLowerCase();
  const nameIn = (path: string) => decodeURIComponent(path.split("/").pop()!);
  const render = (token: FakeToken) =>
    tokenJson(token.name, { scopeMap: token.scopeMap, status: token.status, passwords: token.passwords, ...(token.certificates ? { certificates: token.certificates } : {}) });
  const pageSize = options.pageSize ?? 100;

  serveRegistry(server);
  server.on("GET", TOKENS_PATH, (request) => {
    const all = [...tokens.values()];
    const skip = Number(request.query.get("$skipToken") ?? "0");
    const next = skip + pageSize < all.length ? `${server.endpoint}${TOKENS_PATH}?api-version=2025-04-01&$skipToken=${skip + pageSize}` : undefined;
    return { status: 200, body: { value: all.slice(skip, skip + pageSize).map(render), ...(next ? { nextLink: next } : {}) } };
  });
  const tokenRoute = new RegExp(`^${TOKENS_PATH}/[^/]+$`);
  server.on("GET", tokenRoute, (request) => {
    const token = tokens.get(key(nameIn(request.path)));
    return token ? { status: 200, body: render(token) } : notFound(`tokens/${nameIn(request.path)}`);
  });
  server.on("PUT", tokenRoute, (request) => {
    const scopeMapId: string = request.json?.properties?.scopeMapId ?? "";
    const scopeMap = nameIn(scopeMapId);
    if (!scopeMaps.has(key(scopeMap))) return { status: 400, body: { error: { code: "BadRequest", message: `scope map ${scopeMap} does not exist` } } };
    const token: FakeToken = { name: nameIn(request.path), scopeMap, status: request.json?.properties?.status ?? "enabled", passwords: [] };
    tokens.set(key(token.name), token);
    return { status: 200, body: render(token) };
  });
  server.on("PATCH", tokenRoute, (request) => {
    const token = tokens.get(key(nameIn(request.path)));
    if (!token) return notFound(`tokens/${nameIn(request.path)}`);
    if (request.json?.properties?.status) token.status = request.json.properties.status;
    return { status: 200, body: render(token) };
  });
  server.on("DELETE", tokenRoute, (request) => {
    tokens.delete(key(nameIn(request.path)));
    return { status: 204 };
  });
  const scopeMapRoute = new RegExp(`^${SCOPE_MAPS_PATH}/[^/]+$`);
  server.on("GET", scopeMapRoute, (request) => {
    const name = nameIn(request.path);
    const actions = scopeMaps.get(key(name));
    return actions ? { status: 200, body: scopeMapJson(name, actions, descriptions.get(key(name))) } : notFound(`scopeMaps/${name}`);
  });
  server.on("PUT", scopeMapRoute, (request) => {
    const name = nameIn(request.path);
    scopeMaps.set(key(name), request.json.properties.actions);
    descriptions.set(key(name), request.json.properties.description);
    return { status: 200, body: scopeMapJson(name, request.json.properties.actions, request.json.properties.description) };
  });
  server.on("DELETE", scopeMapRoute, (request) => {
    const name = key(nameIn(request.path));
    if ([...tokens.values()].some((token) => key(token.scopeMap) === name)) {
      return { status: 409, body: { error: { code: "Conflict", message: "scope map in use" } } };
    }
    scopeMaps.delete(name);
    return { status: 204 };
  });
  server.on("POST", GENERATE_PATH, (request) => {
    const token = tokens.get(key(nameIn(request.json?.tokenId ?? "")));
    if (!token) return notFound("token");
    const wanted: string[] = request.json.name ? [request.json.name] : ["password1", "password2"];
    const creationTime = new Date().toISOString();
    const listed: SlotJson[] = [];
    for (const name of ["password2", "password1"]) {
      if (wanted.includes(name)) {
        const value = `S3CRET-${Math.random().toString(36).slice(2)}-${issued.length}`;
        issued.push(value);
        const slot: SlotJson = { name, creationTime, ...(request.json.expiry ? { expiry: request.json.expiry } : {}) };
        token.passwords = [...token.passwords.filter((p) => p.name !== name), slot];
        listed.push({ ...slot, value });
      } else {
        listed.push(...token.passwords.filter((p) => p.name === name));
      }
    }
    return { status: 200, body: { username: token.name, passwords: listed } };
  });
  return { tokens, scopeMaps, issued, names: () => ({ tokens: [...tokens.values()].map((t) => t.name), scopeMaps: [...scopeMaps.keys()] }) };
}

/** The lines the SDK logs at warning level during each test of the calling suite (cleared after each). */
export function captureWarnings(): string[] {
  const logged: string[] = [];
  let level: AzureLogLevel | undefined;
  const originalLog = AzureLogger.log;
  beforeEach(() => {
    level = getLogLevel();
    setLogLevel("warning");
    AzureLogger.log = (...args: unknown[]) => void logged.push(args.join(" "));
  });
  afterEach(() => {
    AzureLogger.log = originalLog;
    setLogLevel(level);
    logged.length = 0;
  });
  return logged;
}
