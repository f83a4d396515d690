// Our pollers against the emulator's ARM asynchronous operations.
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { RG, SUBSCRIPTION, useEmulator } from "../support/emulator.js";

const e2e = useEmulator({ asyncDelayMs: 30, retryAfterSeconds: 0 });
const pullMap = (registry: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${registry}/scopeMaps/_repositories_pull`;

describe("asynchronous operations on the emulator", () => {
  it("create goes through 201 + Azure-AsyncOperation to Succeeded", async () => {
    const { client, emulator } = e2e;
    emulator.clearRequests();
    const registry = await client.registries.beginCreateAndWait(RG, "e2easync", { location: "westus", sku: { name: "Premium" } });
    expect(registry.provisioningState).toBe("Succeeded");
    const methods = emulator.requests.map((r) => r.method);
    expect(methods[0]).toBe("PUT");
    expect(methods.filter((m) => m === "GET").length).toBeGreaterThanOrEqual(2); // status poll(s) and the final read
    expect(emulator.requests[0]!.status).toBe(201);
  });

  it("delete and generateCredentials go through 202 + Location", async () => {
    const { client, emulator } = e2e;
    const token = await client.tokens.beginCreateAndWait(RG, "e2easync", "async-token", { scopeMapId: pullMap("e2easync") });
    emulator.clearRequests();
    const creds = await client.registries.beginGenerateCredentialsAndWait(RG, "e2easync", { tokenId: token.id });
    expect(creds.passwords?.filter((p) => p.value).length).toBe(2);
    expect(emulator.requests[0]).toMatchObject({ method: "POST", status: 202 });
    emulator.clearRequests();
    await client.tokens.beginDeleteAndWait(RG, "e2easync", "async-token");
    expect(emulator.requests[0]).toMatchObject({ method: "DELETE", status: 202 });
    await expect(client.tokens.get(RG, "e2easync", "async-token")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a poller serialized mid-operation completes in another client", async () => {
    const { client, emulator, newClient } = e2e;
    emulator.setAsyncDelay(300);
    try {
      const poller = await client.tokens.beginCreate(RG, "e2easync", "resumed-token", { scopeMapId: pullMap("e2easync") });
      const state = poller.toString();
      emulator.clearRequests();
      const resumed = await newClient().tokens.beginCreate(RG, "e2easync", "resumed-token", { scopeMapId: pullMap("e2easync") }, { resumeFrom: state, updateIntervalInMs: 20 });
      const token = await resumed.pollUntilDone();
      expect(token.provisioningState).toBe("Succeeded");
      expect(emulator.requests.some((r) => r.method === "PUT")).toBe(false);
    } finally {
      emulator.setAsyncDelay(30);
    }
  });

  for (const status of ["Failed", "Canceled"] as const) {
    it(`an operation that ends ${status} rejects with a RestError carrying the code`, async () => {
      const { client, emulator } = e2e;
      emulator.faults.failNextOperation({ method: "PUT", path: "/tokens/", status, code: `Injected${status}` });
      const error = await client.tokens.beginCreateAndWait(RG, "e2easync", `doomed-${status.toLowerCase()}`, { scopeMapId: pullMap("e2easync") }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestError);
      expect((error as RestError).code).toBe(`Injected${status}`);
    });
  }

  it("a Location operation that fails rejects with the service's code", async () => {
    const { client, emulator } = e2e;
    const token = await client.tokens.beginCreateAndWait(RG, "e2easync", "gen-fail", { scopeMapId: pullMap("e2easync") });
    emulator.faults.failNextOperation({ method: "POST", path: "/generateCredentials", status: "Failed", code: "GenerationFailed" });
    const error = await client.registries.beginGenerateCredentialsAndWait(RG, "e2easync", { tokenId: token.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe("GenerationFailed");
  });

  it("abortSignal stops a poller mid-operation", async () => {
    const { client, emulator } = e2e;
    emulator.setAsyncDelay(60_000);
    try {
      const controller = new AbortController();
      const done = client.tokens.beginCreateAndWait(RG, "e2easync", "aborted-token", { scopeMapId: pullMap("e2easync") }, { abortSignal: controller.signal, updateIntervalInMs: 10 });
      while (emulator.countRequests({ method: "GET" }) === 0) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      await expect(done).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      emulator.setAsyncDelay(30);
    }
  });
});
