// Long-running operations: the synchronous answer, Azure-AsyncOperation and Location polling,
// Retry-After, failure and cancellation as RestError, resuming, aborting.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestClient, registryPath, SUBSCRIPTION_ID, startTestServer, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const tokenPath = `${registryPath()}/tokens/myToken`;
const scopeMapId = `${registryPath()}/scopeMaps/myScopeMap`;
const tokenBody = (provisioningState: string) => ({
  id: tokenPath,
  name: "myToken",
  type: "Microsoft.ContainerRegistry/registries/tokens",
  properties: { provisioningState, scopeMapId, status: "enabled", creationDate: "2025-01-02T03:04:05Z" },
});
const operationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op1`;

/** PUT answers 201 + Azure-AsyncOperation; the status resource reports `statuses` in turn. */
function asyncCreate(statuses: Array<string | { status: string; error?: unknown }>, retryAfter = "0") {
  server.on("PUT", tokenPath, (_req, s) => ({
    status: 201,
    headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}?api-version=2025-04-01`, "retry-after": retryAfter },
    body: tokenBody("Creating"),
  }));
  let poll = 0;
  server.on("GET", operationPath, () => {
    const next = statuses[Math.min(poll++, statuses.length - 1)]!;
    return { status: 200, headers: { "retry-after": retryAfter }, body: typeof next === "string" ? { status: next } : next };
  });
  server.on("GET", tokenPath, { status: 200, body: tokenBody("Succeeded") });
}

describe("long-running operations", () => {
  it("returns the result of an immediate 200 without polling", async () => {
    server.on("PUT", tokenPath, { status: 200, body: tokenBody("Succeeded") });
    const client = createTestClient(server);
    const token = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId });
    expect(token.provisioningState).toBe("Succeeded");
    expect(server.requests.map((r) => r.method)).toEqual(["PUT"]);
  });

  it("follows 201 + Azure-AsyncOperation to Succeeded, then reads the resource", async () => {
    asyncCreate(["InProgress", "InProgress", "Succeeded"]);
    const client = createTestClient(server);
    const token = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId, status: "enabled" });
    expect(token).toMatchObject({ name: "myToken", provisioningState: "Succeeded", scopeMapId, status: "enabled" });
    expect(token.creationDate).toEqual(new Date("2025-01-02T03:04:05Z"));
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT ${tokenPath}`,
      `GET ${operationPath}`,
      `GET ${operationPath}`,
      `GET ${operationPath}`,
      `GET ${tokenPath}`,
    ]);
    expect(server.requests[0]!.json).toEqual({ properties: { scopeMapId, status: "enabled" } });
    expect(server.requests.every((r) => r.headers.authorization === "Bearer test-bearer-token")).toBe(true);
  });

  it("honours Retry-After over updateIntervalInMs", async () => {
    // With a one-minute interval this could only finish inside the test timeout by using Retry-After: 0.
    asyncCreate(["InProgress", "Succeeded"], "0");
    const client = createTestClient(server);
    const token = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { updateIntervalInMs: 60_000 });
    expect(token.provisioningState).toBe("Succeeded");
  });

  it("uses updateIntervalInMs when the service sends no Retry-After", async () => {
    server.on("PUT", tokenPath, (_req, s) => ({
      status: 201,
      headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` },
      body: tokenBody("Creating"),
    }));
    let polls = 0;
    server.on("GET", operationPath, () => ({ status: 200, body: { status: ++polls < 3 ? "InProgress" : "Succeeded" } }));
    server.on("GET", tokenPath, { status: 200, body: tokenBody("Succeeded") });
    const client = createTestClient(server);
    await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { updateIntervalInMs: 1 });
    expect(polls).toBe(3);
  });

  it("follows 202 + Location with Retry-After to the generateCredentials result", async () => {
    const locationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/gen1`;
    server.on("POST", `${registryPath()}/generateCredentials`, (_req, s) => ({
      status: 202,
      headers: { location: `${s.endpoint}${locationPath}`, "retry-after": "1" },
    }));
    let polls = 0;
    server.on("GET", locationPath, () =>
      ++polls < 2
        ? { status: 202, headers: { location: `${server.endpoint}${locationPath}`, "retry-after": "1" } }
        : {
            status: 200,
            body: {
              username: "myToken",
              passwords: [{ name: "password1", value: "s3cret-value", creationTime: "2025-01-01T00:00:00Z", expiry: "2025-02-01T00:00:00Z" }],
            },
          },
    );
    const client = createTestClient(server);
    const result = await client.registries.beginGenerateCredentialsAndWait("myResourceGroup", "myRegistry", {
      tokenId: tokenPath,
      expiry: new Date("2025-02-01T00:00:00Z"),
      name: "password1",
    });
    expect(result.username).toBe("myToken");
    expect(result.passwords).toEqual([
      { name: "password1", value: "s3cret-value", creationTime: new Date("2025-01-01T00:00:00Z"), expiry: new Date("2025-02-01T00:00:00Z") },
    ]);
    expect(server.requests[0]!.json).toEqual({ tokenId: tokenPath, expiry: "2025-02-01T00:00:00.000Z", name: "password1" });
    const [, firstPoll, secondPoll] = server.requests;
    expect(firstPoll!.path).toBe(locationPath);
    expect(secondPoll!.path).toBe(locationPath);
    // Retry-After: 1 means a second between polls; the server's clock shows the gap (a lower bound, not a speed claim).
    expect(server.requests.length).toBe(3);
  });

  it("never serializes a generateCredentials result: the passwords stay out of toString()", async () => {
    server.on("POST", `${registryPath()}/generateCredentials`, {
      status: 200,
      body: { username: "myToken", passwords: [{ name: "password1", value: "SECRET-ONE" }, { name: "password2", value: "SECRET-TWO" }] },
    });
    const client = createTestClient(server);
    const poller = await client.registries.beginGenerateCredentials("myResourceGroup", "myRegistry", { tokenId: tokenPath });
    const result = await poller.pollUntilDone();
    expect(result.passwords?.map((p) => p.value)).toEqual(["SECRET-ONE", "SECRET-TWO"]);
    const state = poller.toString();
    expect(state).not.toContain("SECRET-ONE");
    expect(state).not.toContain("SECRET-TWO");
    expect(JSON.parse(state).state.status).toBe("succeeded");
    // Resuming a finished operation from that string: done, without the secrets.
    const resumed = await client.registries.beginGenerateCredentials("myResourceGroup", "myRegistry", { tokenId: tokenPath }, { resumeFrom: state });
    expect(resumed.isDone()).toBe(true);
    expect(await resumed.pollUntilDone()).toBeUndefined();
  });

  it("keeps the result in toString() where it cannot hold a secret", async () => {
    server.on("PUT", `${registryPath()}/scopeMaps/myScopeMap`, { status: 200, body: { name: "myScopeMap", properties: { actions: ["repositories/a/content/read"] } } });
    const poller = await createTestClient(server).scopeMaps.beginCreate("myResourceGroup", "myRegistry", "myScopeMap", { actions: ["repositories/a/content/read"] });
    await poller.pollUntilDone();
    expect(poller.toString()).toContain("myScopeMap");
  });

  it("turns a Failed operation into a RestError with the ARM code", async () => {
    asyncCreate(["InProgress", { status: "Failed", error: { code: "TokenQuotaExceeded", message: "Too many tokens in this registry." } }]);
    const client = createTestClient(server);
    const error = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ code: "TokenQuotaExceeded", message: "Too many tokens in this registry.", statusCode: 200 });
  });

  it("keeps the ARM error of a Location operation whose poll answers with a failure status", async () => {
    const locationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/gen2`;
    server.on("POST", `${registryPath()}/generateCredentials`, (_req, s) => ({ status: 202, headers: { location: `${s.endpoint}${locationPath}`, "retry-after": "0" } }));
    server.on("GET", locationPath, { status: 500, body: { error: { code: "InjectedFailure", message: "generation failed" } } });
    const client = createTestClient(server);
    const error = await client.registries.beginGenerateCredentialsAndWait("myResourceGroup", "myRegistry", { tokenId: tokenPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 500, code: "InjectedFailure", message: "generation failed" });
    expect((error as RestError).details).toEqual({ error: { code: "InjectedFailure", message: "generation failed" } });
  });

  it("polls at once when the first answer sets no Retry-After", async () => {
    server.on("PUT", tokenPath, (_req, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` }, body: tokenBody("Creating") }));
    server.on("GET", operationPath, { status: 200, body: { status: "Succeeded" } });
    server.on("GET", tokenPath, { status: 200, body: tokenBody("Succeeded") });
    const client = createTestClient(server);
    // A one-minute interval would time the test out if it were waited before the first poll.
    const token = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { updateIntervalInMs: 60_000 });
    expect(token.provisioningState).toBe("Succeeded");
  });

  it("turns a Canceled operation into a RestError", async () => {
    asyncCreate([{ status: "Canceled" }]);
    const client = createTestClient(server);
    const poller = await client.tokens.beginCreate("myResourceGroup", "myRegistry", "myToken", { scopeMapId });
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe("OperationCanceled");
    expect(poller.getOperationState().status).toBe("canceled");
  });

  it("resumes a poller from its serialized state in a new client without resending the request", async () => {
    asyncCreate(["InProgress", "InProgress", "Succeeded"]);
    const first = createTestClient(server);
    const poller = await first.tokens.beginCreate("myResourceGroup", "myRegistry", "myToken", { scopeMapId });
    await poller.poll();
    expect(poller.isDone()).toBe(false);
    const state = poller.toString();
    const second = createTestClient(server);
    const resumed = await second.tokens.beginCreate("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { resumeFrom: state, updateIntervalInMs: 1 });
    const token = await resumed.pollUntilDone();
    expect(token.provisioningState).toBe("Succeeded");
    expect(server.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("stops waiting between polls when the abort signal fires", async () => {
    asyncCreate(["InProgress"], "30");
    const client = createTestClient(server);
    const controller = new AbortController();
    const done = client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { abortSignal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await done.catch((e: unknown) => e);
    // Aborted inside the 30 s Retry-After wait (the test would time out otherwise), before any poll.
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests.map((r) => r.method)).toEqual(["PUT"]);
  });

  it("cancels a poll request in flight", async () => {
    server.on("PUT", tokenPath, (_req, s) => ({
      status: 201,
      headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, "retry-after": "0" },
      body: tokenBody("Creating"),
    }));
    // The status resource never answers within the test, so only the abort can end the call.
    server.on("GET", operationPath, () => new Promise(() => {}));
    const client = createTestClient(server);
    const controller = new AbortController();
    const done = client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", { scopeMapId }, { abortSignal: controller.signal });
    while (!server.requests.some((r) => r.path === operationPath)) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await done.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("deletes through 202 + Location and resolves to undefined", async () => {
    const locationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/del1`;
    server.on("DELETE", tokenPath, (_req, s) => ({ status: 202, headers: { location: `${s.endpoint}${locationPath}`, "retry-after": "0" } }));
    let polls = 0;
    server.on("GET", locationPath, () => (++polls < 2 ? { status: 202, headers: { "retry-after": "0" } } : { status: 204 }));
    const client = createTestClient(server);
    await expect(client.tokens.beginDeleteAndWait("myResourceGroup", "myRegistry", "myToken")).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["DELETE", "GET", "GET"]);
  });
});
