// The clients compared, behind one small interface: ours, the official AutoRest (11.0.0) and
// TypeSpec (12.0.0) packages, and raw node:https with a keep-alive agent (the floor).
import { Agent, request } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { loadBuiltPackage } from "./builtPackage.js";
import { REGISTRY_PATH, SUBSCRIPTION } from "./server.js";

export interface BenchClient {
  readonly name: string;
  getToken(): Promise<unknown>;
  /** Lists every token; returns how many there were. */
  listTokens(): Promise<number>;
  createToken(): Promise<unknown>;
  close(): void;
}

const credential: TokenCredential = { getToken: async () => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3600_000 }) };
const RG = "bench";
const REGISTRY = "benchregistry";
const newToken = { scopeMapId: `${REGISTRY_PATH}/scopeMaps/_repositories_pull`, status: "enabled" as const };

/** Ours and the AutoRest-generated official client share one API shape. */
interface AutoRestStyleClient {
  tokens: {
    get(rg: string, registry: string, token: string): Promise<unknown>;
    list(rg: string, registry: string): AsyncIterable<unknown>;
    beginCreateAndWait(rg: string, registry: string, token: string, body: typeof newToken): Promise<unknown>;
  };
}

function autoRestStyle(name: string, client: AutoRestStyleClient): BenchClient {
  return {
    name,
    getToken: () => client.tokens.get(RG, REGISTRY, "token-0"),
    listTokens: async () => {
      let n = 0;
      for await (const _ of client.tokens.list(RG, REGISTRY)) n++;
      return n;
    },
    createToken: () => client.tokens.beginCreateAndWait(RG, REGISTRY, "token-new", newToken),
    close: () => {},
  };
}

export async function ours(endpoint: string, ca: string): Promise<BenchClient> {
  const { ContainerRegistryManagementClient } = await loadBuiltPackage();
  return autoRestStyle("acr-tokens", new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint, tlsOptions: { ca } }));
}

export async function official11(endpoint: string, ca: string): Promise<BenchClient> {
  const { ContainerRegistryManagementClient } = await import("@azure/arm-containerregistry");
  const options = { endpoint, tlsOptions: { ca }, apiVersion: "2025-11-01" };
  return autoRestStyle("@azure/arm-containerregistry 11.0.0", new ContainerRegistryManagementClient(credential, SUBSCRIPTION, options as never) as unknown as AutoRestStyleClient);
}

export async function official12(endpoint: string, ca: string): Promise<BenchClient> {
  const { ContainerRegistryManagementClient } = await import("arm-containerregistry-12");
  const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint, tlsOptions: { ca }, apiVersion: "2025-11-01" } as never);
  return {
    name: "@azure/arm-containerregistry 12.0.0",
    getToken: () => client.tokens.get(RG, REGISTRY, "token-0"),
    listTokens: async () => {
      let n = 0;
      for await (const _ of client.tokens.list(RG, REGISTRY)) n++;
      return n;
    },
    createToken: () => client.tokens.create(RG, REGISTRY, "token-new", { properties: newToken } as never),
    close: () => {},
  };
}

export async function raw(endpoint: string, ca: string): Promise<BenchClient> {
  const agent = new Agent({ keepAlive: true, ca });
  const base = new URL(endpoint);
  const send = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; json: any }>((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, path, method, agent, headers: { authorization: "Bearer bench-token", accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const api = "api-version=2025-11-01";
  return {
    name: "raw node:https (keep-alive)",
    getToken: async () => (await send("GET", `${REGISTRY_PATH}/tokens/token-0?${api}`)).json,
    listTokens: async () => {
      let n = 0;
      let path: string | undefined = `${REGISTRY_PATH}/tokens?${api}`;
      while (path) {
        const { json } = await send("GET", path);
        n += json.value.length;
        path = json.nextLink ? new URL(json.nextLink).pathname + new URL(json.nextLink).search : undefined;
      }
      return n;
    },
    createToken: async () => {
      const created = await send("PUT", `${REGISTRY_PATH}/tokens/token-new?${api}`, JSON.stringify({ properties: newToken }));
      const operation = new URL(String(created.headers["azure-asyncoperation"]));
      let status = "InProgress";
      while (status !== "Succeeded") status = (await send("GET", operation.pathname + operation.search)).json.status;
      return (await send("GET", `${REGISTRY_PATH}/tokens/token-new?${api}`)).json;
    },
    close: () => agent.destroy(),
  };
}

export const factories = { ours, official11, official12, raw };
