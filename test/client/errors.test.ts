// Answers the client did not expect become RestError with status, ARM code and message.
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { restErrorOf } from "../support/outcomes.js";
import { createTestClient, registryPath, startTestServer, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const tokenPath = `${registryPath()}/tokens/myToken`;


describe("errors", () => {
  it("carries the ARM code and message of a 404", async () => {
    server.on("GET", tokenPath, { status: 404, body: { error: { code: "ResourceNotFound", message: "The token myToken was not found." } } });
    const error = await restErrorOf(() => createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken"));
    expect(error).toMatchObject({ statusCode: 404, code: "ResourceNotFound", message: "The token myToken was not found." });
    expect(error.details).toEqual({ error: { code: "ResourceNotFound", message: "The token myToken was not found." } });
  });

  it("carries the ARM code of a 409 on a long-running operation's first request", async () => {
    server.on("DELETE", `${registryPath()}/scopeMaps/myScopeMap`, { status: 409, body: { error: { code: "Conflict", message: "Scope map is in use by token myToken." } } });
    const error = await restErrorOf(() => createTestClient(server).scopeMaps.beginDeleteAndWait("myResourceGroup", "myRegistry", "myScopeMap"));
    expect(error).toMatchObject({ statusCode: 409, code: "Conflict", message: "Scope map is in use by token myToken." });
  });

  it("describes an error answer without a body", async () => {
    server.on("GET", tokenPath, { status: 500 });
    const error = await restErrorOf(() => createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken"));
    expect(error.statusCode).toBe(500);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("The service answered with unexpected status 500.");
  });

  it("reports a malformed JSON body without quoting it", async () => {
    const body = '{"username":"myToken","passwords":[{"name":"password1","value":"SECRET-VALUE-123"';
    server.on("POST", `${registryPath()}/generateCredentials`, { status: 200, body, headers: { "content-type": "application/json" } });
    const error = await restErrorOf(() =>
      createTestClient(server).registries.beginGenerateCredentialsAndWait("myResourceGroup", "myRegistry", { tokenId: tokenPath }),
    );
    expect(error).toMatchObject({ statusCode: 200, code: "PARSE_ERROR" });
    expect(error.message).not.toContain("SECRET-VALUE-123");
    expect(JSON.stringify(error)).not.toContain("SECRET-VALUE-123");
    // What console.log(error) prints: RestError's own inspect, which sanitizes request and response.
    expect(inspect(error)).not.toContain("SECRET-VALUE-123");
  });

  it("retries a 503 per retryOptions, then succeeds", async () => {
    server.once("GET", tokenPath, { status: 503, headers: { "retry-after": "0" }, body: { error: { code: "ServiceUnavailable", message: "busy" } } });
    server.on("GET", tokenPath, { status: 200, body: { name: "myToken" } });
    const client = createTestClient(server, { retryOptions: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
    const token = await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(token.name).toBe("myToken");
    expect(server.requests).toHaveLength(2);
  });
});
