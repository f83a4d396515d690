// Client options: endpoint, credential scopes, API version, user agent, extra policies.
import type { GetTokenOptions } from "@azure/core-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient, type Tokens } from "../../src/index.js";
import { registryPath, startTestServer, SUBSCRIPTION_ID, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.on("GET", `${registryPath()}/tokens/myToken`, { status: 200, body: { name: "myToken" } });
});

function recordingCredential() {
  const scopes: Array<string | string[]> = [];
  return {
    scopes,
    async getToken(scope: string | string[], _options?: GetTokenOptions) {
      scopes.push(scope);
      return { token: "t", expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

describe("client options", () => {
  it("asks for the endpoint's .default scope by default and strips a trailing slash", async () => {
    const credential = recordingCredential();
    const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION_ID, { endpoint: `${server.endpoint}/`, tlsOptions: { ca: server.ca } });
    expect(client.endpoint).toBe(server.endpoint);
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(credential.scopes).toEqual([[`${server.endpoint}/.default`]]);
    expect(server.requests[0]!.path).toBe(`${registryPath()}/tokens/myToken`);
  });

  it("uses credentialScopes when given (sovereign clouds)", async () => {
    const credential = recordingCredential();
    const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION_ID, {
      endpoint: server.endpoint,
      tlsOptions: { ca: server.ca },
      credentialScopes: "https://management.chinacloudapi.cn/.default",
    });
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(credential.scopes.flat()).toEqual(["https://management.chinacloudapi.cn/.default"]);
  });

  it("defaults to management.azure.com and API version 2025-11-01", () => {
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID);
    expect([client.endpoint, client.apiVersion]).toEqual(["https://management.azure.com", "2025-11-01"]);
  });

  it("sends the apiVersion option instead of the default", async () => {
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID, {
      endpoint: server.endpoint,
      tlsOptions: { ca: server.ca },
      apiVersion: "2025-04-01",
    });
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(server.requests[0]!.query.get("api-version")).toBe("2025-04-01");
  });

  it("takes $host as a deprecated alias of endpoint, which wins when both are given", async () => {
    const credential = recordingCredential();
    const legacy = new ContainerRegistryManagementClient(credential, SUBSCRIPTION_ID, { $host: `${server.endpoint}/`, tlsOptions: { ca: server.ca } });
    expect([legacy.endpoint, legacy.$host]).toEqual([server.endpoint, server.endpoint]);
    await legacy.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(server.requests).toHaveLength(1);
    expect(credential.scopes).toEqual([[`${server.endpoint}/.default`]]);
    const both = new ContainerRegistryManagementClient(credential, SUBSCRIPTION_ID, { endpoint: server.endpoint, $host: "https://elsewhere.invalid" });
    expect(both.$host).toBe(server.endpoint);
  });

  it("lets a test put a double in place of an operation group", async () => {
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID, { endpoint: server.endpoint, tlsOptions: { ca: server.ca } });
    const fake: Tokens = Object.assign(Object.create(client.tokens) as Tokens, {
      get: async (_rg: string, _registry: string, name: string) => ({ name, status: "disabled" }),
    });
    client.tokens = fake;
    expect(await client.tokens.get("myResourceGroup", "myRegistry", "fake1")).toEqual({ name: "fake1", status: "disabled" });
    expect(server.requests).toHaveLength(0);
  });

  it("puts the package and the caller's prefix in the user agent", async () => {
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID, {
      endpoint: server.endpoint,
      tlsOptions: { ca: server.ca },
      userAgentOptions: { userAgentPrefix: "my-app/1.2" },
    });
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(String(server.requests[0]!.headers["user-agent"])).toMatch(/^my-app\/1\.2 acr-tokens\/\d+\.\d+\.\d+/);
  });

  it("runs additional policies and custom headers", async () => {
    const signed: Array<string | undefined> = [];
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID, {
      endpoint: server.endpoint,
      tlsOptions: { ca: server.ca },
      additionalPolicies: [
        { position: "perCall", policy: { name: "tag", sendRequest: (req, next) => (req.headers.set("x-tag", "policy"), next(req)) } },
        // Per retry means after signing, as with core-client's ServiceClient: it sees the bearer header.
        { position: "perRetry", policy: { name: "signed", sendRequest: (req, next) => (signed.push(req.headers.get("authorization")?.split(" ")[0]), next(req)) } },
      ],
    });
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken", { requestOptions: { customHeaders: { "x-custom": "yes" } } });
    expect(signed).toEqual(["Bearer"]);
    expect(server.requests[0]!.headers["x-tag"]).toBe("policy");
    expect(server.requests[0]!.headers["x-custom"]).toBe("yes");
  });

  it("calls onResponse with the raw response and the parsed body", async () => {
    const client = new ContainerRegistryManagementClient(recordingCredential(), SUBSCRIPTION_ID, { endpoint: server.endpoint, tlsOptions: { ca: server.ca } });
    const seen: Array<[number, unknown]> = [];
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken", { onResponse: (raw, flat) => void seen.push([raw.status, flat]) });
    expect(seen).toEqual([[200, { name: "myToken" }]]);
  });
});
