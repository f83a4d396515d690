// How long-running operations are polled: the schedule itself, and poll counts against servers that
// answer Retry-After: 0 or a huge Retry-After and never finish. Counts, not milliseconds, are asserted.
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/index.js";
import { FIRST_BACKOFF_MS, MAX_RETRY_AFTER_MS, MIN_POLL_DELAY_MS, pollDelay, retryAfterMs } from "../../src/generated/runtime/polling.js";
import { registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";
import type { ContainerRegistryManagementClient } from "../../src/index.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

const tokenPath = `${registryPath()}/tokens/myToken`;
const operationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op1`;

/** A create whose status resource stays InProgress, sending `headers` each time; returns the poll count so far. */
function neverEnding(headers: Record<string, string>): () => number {
  server.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, ...headers }, body: { name: "myToken" } }));
  let polls = 0;
  server.on("GET", operationPath, () => (polls++, { status: 200, headers, body: { status: "InProgress" } }));
  return () => polls;
}

describe("the polling schedule", () => {
  it("polls at once, then backs off from the floor up to updateIntervalInMs", () => {
    const waits = Array.from({ length: 8 }, (_, polls) => pollDelay(polls, 2000, undefined));
    expect(waits).toEqual([0, FIRST_BACKOFF_MS, 200, 400, 800, 1600, 2000, 2000]);
  });

  it("treats Retry-After as a lower bound: 0 does not make it poll faster than the backoff", () => {
    expect([1, 2, 3].map((polls) => pollDelay(polls, 2000, 0))).toEqual([100, 200, 400]);
    expect(pollDelay(1, 2000, 5000)).toBe(5000);
    expect(pollDelay(0, 2000, 1000)).toBe(1000);
  });

  it("clamps a huge Retry-After and never goes below the minimum", () => {
    expect(pollDelay(3, 2000, 1e15)).toBe(MAX_RETRY_AFTER_MS);
    expect(pollDelay(3, 10 * MAX_RETRY_AFTER_MS, 1e15)).toBe(10 * MAX_RETRY_AFTER_MS);
    expect(pollDelay(5, 0, 0)).toBe(MIN_POLL_DELAY_MS);
  });

  it("reads Retry-After as seconds or an HTTP date, and ignores nonsense", () => {
    const response = (value: string) => ({ headers: new Map([["retry-after", value]]) }) as never;
    expect(retryAfterMs(response("3"))).toBe(3000);
    expect(retryAfterMs(response("Thu, 01 Jan 2099 00:00:10 GMT"), Date.parse("Thu, 01 Jan 2099 00:00:00 GMT"))).toBe(10_000);
    expect(retryAfterMs(response("soon"))).toBeUndefined();
  });
});

describe("polling against a server", () => {
  it("with Retry-After: 0 polls no more often than the backoff allows", async () => {
    const polls = neverEnding({ "retry-after": "0" });
    // 400 ms at 40 ms apart at the fastest: the first poll plus at most 10 more (a slow machine polls less).
    const error = await client.tokens
      .beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", {}, { updateIntervalInMs: 40, abortSignal: AbortSignal.timeout(400) })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(polls()).toBeGreaterThanOrEqual(1);
    expect(polls()).toBeLessThanOrEqual(11);
  });

  it("with a Retry-After too large for setTimeout waits instead of looping, without warnings", async () => {
    const polls = neverEnding({ "retry-after": "99999999999" });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const error = await client.tokens
        .beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", {}, { abortSignal: AbortSignal.timeout(300) })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe("AbortError");
    } finally {
      process.off("warning", onWarning);
    }
    // The initial answer's Retry-After is honoured (clamped): no poll within the window.
    expect(polls()).toBe(0);
    expect(warnings.filter((w) => w.name === "TimeoutOverflowWarning")).toEqual([]);
  });

  it("refuses an updateIntervalInMs that is not a usable number of milliseconds", async () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40]) {
      const error = await client.tokens.beginCreate("myResourceGroup", "myRegistry", "myToken", {}, { updateIntervalInMs: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error).toMatchObject({ parameterName: "options.updateIntervalInMs", rule: "range" });
    }
    expect(server.requests).toEqual([]);
  });

  it("refuses a resumeFrom that no poller wrote, without quoting it", async () => {
    const error = await client.tokens.beginCreate("myResourceGroup", "myRegistry", "myToken", {}, { resumeFrom: "{not json, secret-ish" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidParameterError", parameterName: "options.resumeFrom", rule: "format" });
    expect((error as Error).message).not.toContain("secret-ish");
    expect(server.requests).toEqual([]);
  });

  it("surfaces a failed poll request's own error rather than a generic failure", async () => {
    server.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` }, body: { name: "myToken" } }));
    server.on("GET", operationPath, { status: 200, body: "{", headers: { "content-type": "application/json" } });
    const error = await client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "myToken", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe("PARSE_ERROR");
  });
});
