// Faults from the emulator: throttling, server errors, dropped connections, malformed bodies,
// cancellation, failed operations, a poller resumed in another process, many concurrent callers.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { RestError } from "@azure/core-rest-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { all, useEmulator } from "../support/emulator.js";

const RG = "rel";
const REGISTRY = "relregistry";
const e2e = useEmulator({ asyncDelayMs: 0, retryAfterSeconds: 0 });
const scopeMapId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/_repositories_pull`;
const tokenPath = (name: string) => `/registries/${REGISTRY}/tokens/${name}`;

beforeAll(async () => {
  await e2e.client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
  await e2e.client.tokens.beginCreateAndWait(RG, REGISTRY, "steady", { scopeMapId });
});

const retrying = () => e2e.newClient({ retryOptions: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 } });

describe("retries", () => {
  it("waits out a 429's Retry-After, then succeeds", async () => {
    const { emulator } = e2e;
    emulator.clearRequests();
    emulator.faults.add({ method: "GET", path: tokenPath("steady"), count: 1, kind: "status", status: 429, retryAfter: 1 });
    const token = await retrying().tokens.get(RG, REGISTRY, "steady");
    expect(token.name).toBe("steady");
    const [throttled, retried] = emulator.requests;
    expect([throttled!.status, retried!.status]).toEqual([429, 200]);
    // The retry came after the second the service asked for, not after the 5 ms backoff.
    expect(Date.parse(retried!.time) - Date.parse(throttled!.time)).toBeGreaterThanOrEqual(900);
  });

  for (const status of [500, 503]) {
    it(`retries a ${status} up to maxRetries, then throws a RestError`, async () => {
      const { emulator } = e2e;
      emulator.clearRequests();
      const fault = emulator.faults.add({ method: "GET", path: tokenPath("steady"), kind: "status", status, code: "Unavailable" });
      try {
        const error = await retrying().tokens.get(RG, REGISTRY, "steady").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RestError);
        expect((error as RestError).statusCode).toBe(status);
        expect(emulator.countRequests({ method: "GET", path: tokenPath("steady") })).toBe(3);
      } finally {
        emulator.faults.remove(fault);
      }
    });
  }

  it("retries a dropped connection", async () => {
    const { emulator } = e2e;
    emulator.clearRequests();
    emulator.faults.add({ method: "GET", path: tokenPath("steady"), count: 1, kind: "drop" });
    const token = await retrying().tokens.get(RG, REGISTRY, "steady");
    expect(token.name).toBe("steady");
    expect(emulator.countRequests({ method: "GET", path: tokenPath("steady") })).toBe(2);
  });

  it("reports a malformed body as a RestError with the status, without quoting it", async () => {
    const { emulator, client } = e2e;
    emulator.faults.add({ method: "GET", path: tokenPath("steady"), count: 1, kind: "malformed" });
    const error = await client.tokens.get(RG, REGISTRY, "steady").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ code: "PARSE_ERROR", statusCode: 200 });
    expect((error as RestError).message).not.toContain("{");
    // The client is still usable afterwards.
    expect((await client.tokens.get(RG, REGISTRY, "steady")).name).toBe("steady");
  });
});

describe("cancellation", () => {
  it("abortSignal cancels a request in flight", async () => {
    const { emulator, client } = e2e;
    const fault = emulator.faults.add({ method: "GET", path: tokenPath("steady"), kind: "delay", ms: 30_000 });
    try {
      const controller = new AbortController();
      emulator.clearRequests();
      const call = client.tokens.get(RG, REGISTRY, "steady", { abortSignal: controller.signal });
      while (emulator.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
      // The delayed answer never came: the request is still unanswered on the server.
      expect(emulator.requests[0]!.status).toBe(0);
    } finally {
      emulator.faults.remove(fault);
    }
  });

  it("abortSignal cancels a poller mid-poll", async () => {
    const { emulator, client } = e2e;
    emulator.setAsyncDelay(60_000);
    try {
      const controller = new AbortController();
      const call = client.tokens.beginCreateAndWait(RG, REGISTRY, "never-done", { scopeMapId }, { abortSignal: controller.signal, updateIntervalInMs: 10 });
      while (emulator.countRequests({ method: "GET", path: "operation" }) < 2) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      emulator.setAsyncDelay(0);
    }
  });
});

describe("failed asynchronous operations", () => {
  it("PUT (Azure-AsyncOperation), DELETE and generateCredentials (Location) reject with the ARM code", async () => {
    const { emulator, client } = e2e;
    emulator.faults.failNextOperation({ method: "PUT", path: "/tokens/", status: "Failed", code: "CreateFailed" });
    await expect(client.tokens.beginCreateAndWait(RG, REGISTRY, "fail-put", { scopeMapId })).rejects.toMatchObject({ code: "CreateFailed" });

    await client.tokens.beginCreateAndWait(RG, REGISTRY, "fail-delete", { scopeMapId });
    emulator.faults.failNextOperation({ method: "DELETE", path: "/tokens/", status: "Canceled", code: "DeleteCanceled" });
    const canceled = await client.tokens.beginDeleteAndWait(RG, REGISTRY, "fail-delete").catch((e: unknown) => e);
    expect(canceled).toBeInstanceOf(RestError);
    expect((canceled as RestError).code).toBe("DeleteCanceled");

    const token = await client.tokens.get(RG, REGISTRY, "steady");
    emulator.faults.failNextOperation({ method: "POST", path: "/generateCredentials", status: "Failed", code: "GenerateFailed" });
    await expect(client.registries.beginGenerateCredentialsAndWait(RG, REGISTRY, { tokenId: token.id })).rejects.toMatchObject({ code: "GenerateFailed" });
  });
});

describe("a poller resumed in another process", () => {
  it("completes, and the create was sent once", async () => {
    const { emulator, client } = e2e;
    emulator.setAsyncDelay(500);
    try {
      emulator.clearRequests();
      const poller = await client.tokens.beginCreate(RG, REGISTRY, "cross-process", { scopeMapId });
      const state = poller.toString();
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", new URL("./resume-child.ts", import.meta.url).pathname], {
        env: { ...process.env, ENDPOINT: emulator.endpoint, CA: emulator.ca, STATE: state },
        encoding: "utf8",
      });
      expect(JSON.parse(stdout)).toEqual({ name: "cross-process", provisioningState: "Succeeded" });
      expect(emulator.countRequests({ method: "PUT" })).toBe(1);
      expect((await client.tokens.get(RG, REGISTRY, "cross-process")).provisioningState).toBe("Succeeded");
    } finally {
      emulator.setAsyncDelay(0);
    }
  }, 60_000);
});

describe("load", () => {
  it("1,000 operations from 50 concurrent callers on one client leave the state asked for", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "relload", { location: "westus", sku: { name: "Premium" } });
    const mapId = scopeMapId.replace(REGISTRY, "relload");
    // Each caller owns four tokens and runs 20 operations on them: create, read, disable or
    // generate credentials, and delete every other one at the end.
    const expected = new Map<string, string>();
    const caller = async (c: number) => {
      const names = [0, 1, 2, 3].map((i) => `load-${c}-${i}`);
      for (const name of names) await client.tokens.beginCreateAndWait(RG, "relload", name, { scopeMapId: mapId }); // 4
      for (const name of names) await client.tokens.get(RG, "relload", name); // 4
      for (const [i, name] of names.entries()) {
        if (i % 2) await client.tokens.beginUpdateAndWait(RG, "relload", name, { status: "disabled" });
        else await client.registries.beginGenerateCredentialsAndWait(RG, "relload", { tokenId: `${mapId.split("/scopeMaps/")[0]}/tokens/${name}`, name: "password1" });
      } // 4
      for (const name of names) await client.tokens.get(RG, "relload", name); // 4
      for (const [i, name] of names.entries()) {
        if (i < 2) await client.tokens.beginDeleteAndWait(RG, "relload", name);
        else await client.tokens.get(RG, "relload", name);
      } // 4
      expected.set(names[2]!, "enabled");
      expected.set(names[3]!, "disabled");
    };
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, c) => caller(c)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const tokens = await all(client.tokens.list(RG, "relload"));
    expect(new Map(tokens.map((t) => [t.name!, t.status!]))).toEqual(expected);
    const withPassword = tokens.filter((t) => t.credentials?.passwords?.some((p) => p.name === "password1"));
    expect(withPassword.map((t) => t.name).sort()).toEqual([...expected.keys()].filter((n) => n.endsWith("-2")).sort());
  }, 60_000);
});
