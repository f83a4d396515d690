import { API_VERSIONS } from "../src/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, registryPath, scopeMapPath, startTestEmulator, SUB, TestClient, tokenPath } from "./support.js";

let emulator: Emulator;
let client: TestClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ acceptToken: (token) => token !== "revoked" });
  client = new TestClient(emulator);
  await createRegistry(client, "rg", "requestsreg");
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("authentication", () => {
  it("answers 401 AuthenticationFailed without an Authorization header", async () => {
    const response = await client.get(registryPath("rg", "requestsreg"), { token: null });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("AuthenticationFailed");
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
  });

  it("rejects schemes other than Bearer and empty tokens", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "token"]) {
      const response = await client.get(registryPath("rg", "requestsreg"), { token: null, headers: { authorization } });
      expect(response.status, authorization).toBe(401);
      expect(response.body.error.code).toBe("AuthenticationFailed");
    }
  });

  it("applies the acceptToken option", async () => {
    expect((await client.get(registryPath("rg", "requestsreg"), { token: "revoked" })).status).toBe(401);
    expect((await client.get(registryPath("rg", "requestsreg"), { token: "anything-else" })).status).toBe(200);
  });

  it("checks authentication before the api-version", async () => {
    const response = await client.get(registryPath("rg", "requestsreg"), { token: null, apiVersion: null });
    expect(response.status).toBe(401);
  });
});

describe("api-version", () => {
  it("is required", async () => {
    const response = await client.get(registryPath("rg", "requestsreg"), { apiVersion: null });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("MissingApiVersionParameter");
  });

  /** The answer is InvalidApiVersionParameter naming `named` among the supported versions. */
  const expectRefused = (response: { status: number; body: any }, named: string) => {
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidApiVersionParameter");
    expect(response.body.error.message).toContain(named);
  };

  it("must be a supported version", async () => {
    expectRefused(await client.get(registryPath("rg", "requestsreg"), { apiVersion: "2099-01-01" }), "2025-04-01");
  });

  it("accepts every published version of registries, and only those", async () => {
    for (const apiVersion of API_VERSIONS.registries) {
      expect((await client.get(registryPath("rg", "requestsreg"), { apiVersion })).status, apiVersion).toBe(200);
    }
    // az 2.45 sends 2022-02-01-preview for registries; the spec seeds name 2021-08-01-preview and 2023-01-01-preview.
    expect(API_VERSIONS.registries).toEqual(expect.arrayContaining(["2017-10-01", "2021-08-01-preview", "2022-02-01-preview", "2023-01-01-preview", "2025-11-01"]));
    // Scope maps and tokens came with 2019-05-01-preview; registries were never published at it.
    expectRefused(await client.get(registryPath("rg", "requestsreg"), { apiVersion: "2019-05-01-preview" }), "2017-03-01");
  });

  it("accepts every published version of scope maps, tokens and generateCredentials, naming theirs when refusing", async () => {
    for (const apiVersion of API_VERSIONS.tokens) {
      expect((await client.get(`${registryPath("rg", "requestsreg")}/scopeMaps`, { apiVersion })).status, apiVersion).toBe(200);
      expect((await client.get(`${registryPath("rg", "requestsreg")}/tokens`, { apiVersion })).status, apiVersion).toBe(200);
    }
    expect(API_VERSIONS.tokens[0]).toBe("2019-05-01-preview");
    expect(API_VERSIONS.tokens).toContain("2020-11-01-preview");
    const refused = await client.post(`${registryPath("rg", "requestsreg")}/generateCredentials`, { tokenId: "x" }, { apiVersion: "2019-05-01" });
    expectRefused(refused, "2019-05-01-preview");
    expect(refused.body.error.message).not.toContain("2017-10-01");
  });

  it("accepts ARM's own versions on ARM's paths and the provider's on the provider's", async () => {
    expect((await client.get(`/subscriptions/${SUB}`, { apiVersion: "2019-11-01" })).status).toBe(200);
    expect((await client.get(`/subscriptions/${SUB}/resourcegroups/rg`, { apiVersion: "2021-04-01" })).status).toBe(200);
    expectRefused(await client.get(`/subscriptions/${SUB}/resourcegroups/rg`, { apiVersion: "2025-11-01" }), "2021-04-01");
    expect((await client.get(registryPath("rg", "requestsreg"), { apiVersion: "2021-04-01" })).status).toBe(400);
  });

  it("can be configured", async () => {
    const custom = await startTestEmulator({ apiVersions: ["2030-01-01"] });
    const customClient = new TestClient(custom);
    try {
      expect((await customClient.get(registryPath("rg", "nothere1"), { apiVersion: "2025-04-01" })).status).toBe(400);
      expect((await customClient.get(registryPath("rg", "nothere1"), { apiVersion: "2030-01-01" })).status).toBe(404);
    } finally {
      customClient.close();
      await custom.close();
    }
  });
});

describe("path parameters", () => {
  it("requires the subscription id to be a UUID", async () => {
    const response = await client.get(registryPath("rg", "requestsreg", "not-a-uuid"));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidSubscriptionId");
  });

  it.each([
    ["registry name too short", registryPath("rg", "abcd")],
    ["registry name too long", registryPath("rg", "a".repeat(51))],
    ["registry name with a dash", registryPath("rg", "my-registry")],
    ["scope map name with a dot", scopeMapPath("rg", "requestsreg", "my.map")],
    ["scope map name too short", scopeMapPath("rg", "requestsreg", "map")],
    ["token name with an underscore", tokenPath("rg", "requestsreg", "my_token")],
    ["token name too long", tokenPath("rg", "requestsreg", "t".repeat(51))],
    ["resource group name too long", registryPath("r".repeat(91), "requestsreg")],
    ["resource group name with a slash-like character", registryPath("rg%23x", "requestsreg")],
    ["resource group name ending in a period", registryPath("rg.", "requestsreg")],
  ])("rejects a %s with 400 BadRequest", async (_case, path) => {
    const response = await client.get(path);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("BadRequest");
    expect(response.body.error.message).toMatch(/must/);
  });

  it.each([
    ["registry name of 5 characters", registryPath("rg", "abcde")],
    ["registry name of 50 characters", registryPath("rg", "a".repeat(50))],
    ["resource group with dots, dashes and parentheses", registryPath("my.rg-(1)_x", "abcde")],
    ["resource group of 90 characters", registryPath("r".repeat(90), "abcde")],
  ])("accepts a %s (404 rather than 400)", async (_case, path) => {
    expect((await client.get(path)).status).toBe(404);
  });

  it("accepts the characters the spec allows in token and scope map names", async () => {
    expect((await client.get(tokenPath("rg", "requestsreg", "my-token-1"))).status).toBe(404);
    expect((await client.get(scopeMapPath("rg", "requestsreg", "my_map-1"))).status).toBe(404);
  });
});

describe("routing", () => {
  it("matches paths and names case-insensitively and keeps the stored casing", async () => {
    await createRegistry(client, "MixedCaseRG", "CasedRegistry");
    const response = await client.get(
      `/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/mixedcaserg/PROVIDERS/microsoft.containerregistry/REGISTRIES/casedregistry`,
    );
    expect(response.status).toBe(200);
    expect(response.body.name).toBe("CasedRegistry");
    expect(response.body.id).toBe(registryPath("MixedCaseRG", "CasedRegistry"));
  });

  it("answers 404 NotFound for paths it does not serve", async () => {
    const response = await client.get(`${registryPath("rg", "requestsreg")}/webhooks`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("NotFound");
  });

  it("answers 405 for a known path with another method", async () => {
    const response = await client.post(`${registryPath("rg", "requestsreg")}/listUsages`, {});
    expect(response.status).toBe(405);
    expect(response.headers["allow"]).toBe("GET");
  });

  it("rejects bodies that are not JSON or not objects with InvalidRequestContent", async () => {
    const path = registryPath("rg", "badbodyreg");
    for (const rawBody of ["{not json", "[1,2]", "42"]) {
      const response = await client.request("PUT", path, { rawBody });
      expect(response.status, rawBody).toBe(400);
      expect(response.body.error.code).toBe("InvalidRequestContent");
    }
    const empty = await client.request("PUT", path);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("InvalidRequestContent");
  });

  it("echoes x-ms-client-request-id and sets a request id", async () => {
    const response = await client.get(registryPath("rg", "requestsreg"), { headers: { "x-ms-client-request-id": "abc-123" } });
    expect(response.headers["x-ms-client-request-id"]).toBe("abc-123");
    expect(response.headers["x-ms-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
