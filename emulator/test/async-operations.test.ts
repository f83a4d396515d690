import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import {
  createRegistry,
  createScopeMap,
  createToken,
  eventually,
  registryPath,
  scopeMapPath,
  startTestEmulator,
  SUB,
  TestClient,
  tokenPath,
  type ApiResponse,
  type Json,
} from "./support.js";

const RG = "asyncrg";
const REGISTRY = "asyncreg1";
// Long enough that the first poll reliably finds the operation still running.
const DELAY_MS = 300;
const OPERATION_URL = new RegExp(
  `^https://127\\.0\\.0\\.1:\\d+/subscriptions/${SUB}/providers/Microsoft\\.ContainerRegistry/locations/westus/operationResults/[0-9a-f-]{36}\\?api-version=2025-04-01$`,
);

let emulator: Emulator;
let client: TestClient;

/** Polls an Azure-AsyncOperation URL until the operation leaves InProgress. */
async function finalStatus(url: string): Promise<Json> {
  return eventually(async () => {
    const response = await client.get(url);
    expect(response.status).toBe(200);
    return response.body.status === "InProgress" ? undefined : response.body;
  });
}

/** Polls a Location URL until it stops answering 202. */
async function finalResult(url: string): Promise<ApiResponse> {
  return eventually(async () => {
    const response = await client.get(url);
    return response.status === 202 ? undefined : response;
  });
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY);
  await createScopeMap(client, RG, REGISTRY, "async-map");
});

beforeEach(() => emulator.setAsyncDelay(DELAY_MS));

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("PUT and PATCH with Azure-AsyncOperation", () => {
  it("creates a token with 201, Creating, and a status URL that ends Succeeded", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "async-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    expect(response.status).toBe(201);
    expect(response.body.properties.provisioningState).toBe("Creating");
    expect(response.headers["azure-asyncoperation"]).toMatch(OPERATION_URL);
    expect(response.headers["retry-after"]).toBe("0");

    const running = await client.get(response.headers["azure-asyncoperation"] as string);
    expect(running.status).toBe(200);
    expect(running.body.status).toBe("InProgress");
    expect(running.headers["retry-after"]).toBe("0");
    expect((await client.get(tokenPath(RG, REGISTRY, "async-token"))).body.properties.provisioningState).toBe("Creating");

    const done = await finalStatus(response.headers["azure-asyncoperation"] as string);
    expect(done.status).toBe("Succeeded");
    expect(done.endTime).toBeTypeOf("string");
    expect((await client.get(tokenPath(RG, REGISTRY, "async-token"))).body.properties.provisioningState).toBe("Succeeded");
  });

  it("reports Updating for PATCH and refuses a second change while it runs", async () => {
    const response = await client.patch(tokenPath(RG, REGISTRY, "async-token"), { properties: { status: "disabled" } });
    expect(response.status).toBe(201);
    expect(response.body.properties.provisioningState).toBe("Updating");
    expect(response.body.properties.status).toBe("disabled");
    const busy = await client.patch(tokenPath(RG, REGISTRY, "async-token"), { properties: { status: "enabled" } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("Conflict");
    expect((await finalStatus(response.headers["azure-asyncoperation"] as string)).status).toBe("Succeeded");
    expect((await client.patch(tokenPath(RG, REGISTRY, "async-token"), { properties: { status: "enabled" } })).status).toBe(201);
  });

  it("creates registries and scope maps the same way", async () => {
    const registry = await client.put(registryPath(RG, "asyncreg2"), { location: "westus", sku: { name: "Premium" } });
    expect(registry.status).toBe(201);
    expect(registry.body.properties.provisioningState).toBe("Creating");
    const scopeMap = await client.put(scopeMapPath(RG, REGISTRY, "async-map-2"), { properties: { actions: ["repositories/a/content/read"] } });
    expect(scopeMap.status).toBe(201);
    expect(scopeMap.body.properties.provisioningState).toBe("Creating");
    for (const response of [registry, scopeMap]) {
      expect((await finalStatus(response.headers["azure-asyncoperation"] as string)).status).toBe("Succeeded");
    }
    expect((await client.get(registryPath(RG, "asyncreg2"))).body.properties.provisioningState).toBe("Succeeded");
  });
});

describe("DELETE and POST with Location", () => {
  it("deletes a token with 202 and a Location that answers 202 until it is gone", async () => {
    emulator.setAsyncDelay(0);
    await createToken(client, RG, REGISTRY, "doomed-token", "async-map");
    emulator.setAsyncDelay(DELAY_MS);
    const response = await client.delete(tokenPath(RG, REGISTRY, "doomed-token"));
    expect(response.status).toBe(202);
    expect(response.headers["location"]).toMatch(OPERATION_URL);
    expect(response.headers["retry-after"]).toBe("0");
    expect(response.text).toBe("");
    const running = await client.get(response.headers["location"] as string);
    expect(running.status).toBe(202);
    expect(running.headers["location"]).toBe(response.headers["location"]);
    expect((await client.get(tokenPath(RG, REGISTRY, "doomed-token"))).body.properties.provisioningState).toBe("Deleting");

    const done = await finalResult(response.headers["location"] as string);
    expect(done.status).toBe(204);
    expect((await client.get(tokenPath(RG, REGISTRY, "doomed-token"))).status).toBe(404);
  });

  it("generates credentials with 202 and delivers the passwords through Location", async () => {
    emulator.setAsyncDelay(0);
    await createToken(client, RG, REGISTRY, "cred-token", "async-map");
    emulator.setAsyncDelay(DELAY_MS);
    const response = await client.post(`${registryPath(RG, REGISTRY)}/generateCredentials`, { tokenId: tokenPath(RG, REGISTRY, "cred-token") });
    expect(response.status).toBe(202);
    expect(response.headers["location"]).toMatch(OPERATION_URL);
    const done = await finalResult(response.headers["location"] as string);
    expect(done.status).toBe(200);
    expect(done.body.username).toBe("cred-token");
    expect(done.body.passwords.map((password: Json) => password.name)).toEqual(["password1", "password2"]);
    expect(done.body.passwords[0].value.length).toBeGreaterThanOrEqual(40);
    const token = await client.get(tokenPath(RG, REGISTRY, "cred-token"));
    expect(token.body.properties.credentials.passwords).toHaveLength(2);
  });

  it("runs image imports as operations", async () => {
    const response = await client.post(`${registryPath(RG, REGISTRY)}/importImage`, { source: { registryUri: "docker.io", sourceImage: "library/busybox:1" } });
    expect(response.status).toBe(202);
    expect((await finalResult(response.headers["location"] as string)).status).toBe(204);
  });

  it("deletes registries with 202, keeping the name taken until done", async () => {
    emulator.setAsyncDelay(0);
    await createRegistry(client, RG, "asyncdel01");
    emulator.setAsyncDelay(DELAY_MS);
    const response = await client.delete(registryPath(RG, "asyncdel01"));
    expect(response.status).toBe(202);
    const child = await client.put(scopeMapPath(RG, "asyncdel01", "late-map"), { properties: { actions: ["repositories/a/content/read"] } });
    expect(child.status).toBe(409);
    await finalResult(response.headers["location"] as string);
    expect((await client.get(registryPath(RG, "asyncdel01"))).status).toBe(404);
  });
});

describe("injected outcomes", () => {
  it("makes the next matching PUT end Failed with the given code", async () => {
    emulator.faults.failNextOperation({ method: "PUT", path: /tokens\/failing-token$/, status: "Failed", code: "TokenBroken", message: "boom" });
    const response = await client.put(tokenPath(RG, REGISTRY, "failing-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    const done = await finalStatus(response.headers["azure-asyncoperation"] as string);
    expect(done.status).toBe("Failed");
    expect(done.error).toEqual({ code: "TokenBroken", message: "boom" });
    expect((await client.get(tokenPath(RG, REGISTRY, "failing-token"))).body.properties.provisioningState).toBe("Failed");

    // Only the next one: a retry succeeds.
    const retry = await client.put(tokenPath(RG, REGISTRY, "failing-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    expect(retry.status).toBe(201);
    expect((await finalStatus(retry.headers["azure-asyncoperation"] as string)).status).toBe("Succeeded");
  });

  it("makes a DELETE end Canceled, reported by its Location with an error status", async () => {
    emulator.setAsyncDelay(0);
    await createToken(client, RG, REGISTRY, "kept-token", "async-map");
    emulator.faults.failNextOperation({ method: "DELETE", path: "kept-token", status: "Canceled", httpStatus: 409 });
    const response = await client.delete(tokenPath(RG, REGISTRY, "kept-token"));
    expect(response.status).toBe(202);
    const done = await finalResult(response.headers["location"] as string);
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe("OperationCanceled");
    const token = await client.get(tokenPath(RG, REGISTRY, "kept-token"));
    expect(token.status).toBe(200);
    expect(token.body.properties.provisioningState).toBe("Succeeded");
  });

  it("forces the async protocol even when operations are synchronous", async () => {
    emulator.setAsyncDelay(0);
    emulator.faults.failNextOperation({ path: "generateCredentials", status: "Failed" });
    await createToken(client, RG, REGISTRY, "no-creds", "async-map");
    const response = await client.post(`${registryPath(RG, REGISTRY)}/generateCredentials`, { tokenId: tokenPath(RG, REGISTRY, "no-creds") });
    expect(response.status).toBe(202);
    const done = await finalResult(response.headers["location"] as string);
    expect(done.status).toBe(500);
    expect(done.body.error.code).toBe("OperationFailed");
    expect((await client.get(tokenPath(RG, REGISTRY, "no-creds"))).body.properties.credentials.passwords).toEqual([]);
  });

  it("can be armed through the control endpoint", async () => {
    const armed = await client.post("/_emulator/operation-outcomes", { method: "PUT", pathPattern: "scopeMaps/ctl-map$", status: "Failed", code: "ViaControl" });
    expect(armed.status).toBe(201);
    const response = await client.put(scopeMapPath(RG, REGISTRY, "ctl-map"), { properties: { actions: ["repositories/a/content/read"] } });
    const done = await finalStatus(response.headers["azure-asyncoperation"] as string);
    expect(done.error.code).toBe("ViaControl");
  });
});

describe("operation URLs", () => {
  it("answer 404 for unknown operations and other subscriptions", async () => {
    const response = await client.put(tokenPath(RG, REGISTRY, "url-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    const url = response.headers["azure-asyncoperation"] as string;
    expect((await client.get(url.replace(SUB, "00000000-0000-0000-0000-000000000000"))).status).toBe(404);
    expect((await client.get(url.replace(/operationResults\/[0-9a-f-]+/, "operationResults/00000000-0000-0000-0000-000000000000"))).status).toBe(404);
    expect((await client.get(url, { token: null })).status).toBe(401);
  });
});

describe("synchronous mode", () => {
  it("answers final results at once when the delay is 0", async () => {
    emulator.setAsyncDelay(0);
    const created = await client.put(tokenPath(RG, REGISTRY, "sync-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    expect(created.status).toBe(201);
    expect(created.headers["azure-asyncoperation"]).toBeUndefined();
    expect(created.body.properties.provisioningState).toBe("Succeeded");
    const replaced = await client.put(tokenPath(RG, REGISTRY, "sync-token"), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "async-map") } });
    expect(replaced.status).toBe(200);
    const generated = await client.post(`${registryPath(RG, REGISTRY)}/generateCredentials`, { tokenId: tokenPath(RG, REGISTRY, "sync-token") });
    expect(generated.status).toBe(200);
    expect(generated.body.passwords).toHaveLength(2);
    const deleted = await client.delete(tokenPath(RG, REGISTRY, "sync-token"));
    expect(deleted.status).toBe(200);
    expect(deleted.headers["location"]).toBeUndefined();
    expect((await client.delete(tokenPath(RG, REGISTRY, "sync-token"))).status).toBe(204);
  });
});
