// setTokenStatus: a PATCH with just the status, never a PUT.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setTokenStatus } from "../../src/customizations/tokenStatus.js";
import { createTestClient, startTestServer, type TestServer } from "../support/testServer.js";
import { RG, REGISTRY, TOKEN_ID, fakeRegistry, rejectionOf, tokenPath } from "./fixtures.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ref = { resourceGroup: RG, registry: REGISTRY, token: "myToken" };

describe("setTokenStatus", () => {
  it("disables and enables with a PATCH carrying only the status, keeping the passwords", async () => {
    const fake = fakeRegistry(server);
    fake.tokens.set("mytoken", { name: "myToken", scopeMap: "_repositories_pull", status: "enabled", passwords: [{ name: "password1", creationTime: "2025-01-01T00:00:00Z" }] });
    const client = createTestClient(server);

    const disabled = await setTokenStatus(client, ref, "disabled");
    expect(disabled.status).toBe("disabled");
    const enabled = await setTokenStatus(client, TOKEN_ID, "enabled");
    expect(enabled.status).toBe("enabled");

    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      ["PATCH", tokenPath("myToken"), { properties: { status: "disabled" } }],
      ["PATCH", tokenPath("myToken"), { properties: { status: "enabled" } }],
    ]);
    expect(fake.tokens.get("mytoken")!.passwords).toEqual([{ name: "password1", creationTime: "2025-01-01T00:00:00Z" }]);
  });

  it("passes the options through to the long-running operation", async () => {
    const fake = fakeRegistry(server);
    fake.tokens.set("mytoken", { name: "myToken", scopeMap: "_repositories_pull", status: "enabled", passwords: [] });
    const client = createTestClient(server);
    const update = vi.spyOn(client.tokens, "beginUpdateAndWait");
    const signal = new AbortController().signal;
    await setTokenStatus(client, ref, "disabled", { abortSignal: signal, updateIntervalInMs: 10 });
    expect(update.mock.calls[0]).toEqual([RG, REGISTRY, "myToken", { status: "disabled" }, { abortSignal: signal, updateIntervalInMs: 10 }]);
  });

  it("passes the 404 of a missing token through", async () => {
    fakeRegistry(server);
    const error = await rejectionOf(setTokenStatus(createTestClient(server), ref, "disabled"));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
  });

  it("checks the status and reference before any request", async () => {
    const bad = await rejectionOf(setTokenStatus(createTestClient(server), ref, "Enabled" as never));
    expect(bad.message).toBe('status must be "enabled" or "disabled", got "Enabled".');
    expect(bad).toMatchObject({ parameterName: "status", rule: "enum" });
    const badRef = await rejectionOf(setTokenStatus(createTestClient(server), 42 as never, "enabled"));
    expect(badRef).toMatchObject({ name: "InvalidParameterError", parameterName: "tokenRef", rule: "type" });
    expect(server.requests).toEqual([]);
  });
});
