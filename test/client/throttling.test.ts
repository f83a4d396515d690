// Pacing by ARM's throttling headers, against a local server that throttles as ARM documents it: a
// token bucket per kind of request, `x-ms-ratelimit-remaining-subscription-reads` on every answer,
// 429 with Retry-After (whole seconds) when the bucket is empty. Counts requests, never times them.
import { describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient } from "acr-tokens";
import { createTestClient, registryPath, testCredential, type Reply, type TestServer, useTestServer } from "../support/testServer.js";

let server: TestServer;
useTestServer((s) => (server = s));

/** A reads bucket of `size` tokens refilled at `perSecond`, answering the token GET. */
function throttleReads(size: number, perSecond: number): { answered: () => { ok: number; throttled: number } } {
  let tokens = size;
  let at = Date.now();
  const counts = { ok: 0, throttled: 0 };
  server.on("GET", /\/tokens\/token\d+$/, (): Reply => {
    const now = Date.now();
    tokens = Math.min(size, tokens + ((now - at) / 1000) * perSecond);
    at = now;
    if (tokens < 1) {
      counts.throttled++;
      const seconds = Math.ceil((1 - tokens) / perSecond);
      return { status: 429, headers: { "retry-after": String(seconds), "x-ms-ratelimit-remaining-subscription-reads": "0" }, body: { error: { code: "TooManyRequests", message: "throttled" } } };
    }
    tokens -= 1;
    counts.ok++;
    return { status: 200, headers: { "x-ms-ratelimit-remaining-subscription-reads": String(Math.floor(tokens)) }, body: { name: "t" } };
  });
  return { answered: () => ({ ...counts }) };
}

async function burst(client: ReturnType<typeof createTestClient>, count: number, concurrency: number) {
  let next = 0;
  const results = { ok: 0, failed: 0 };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await client.tokens.get("myResourceGroup", "myRegistry", `token${String(i).padStart(4, "0")}`);
          results.ok++;
        } catch {
          results.failed++;
        }
      }
    }),
  );
  return results;
}

describe("pacing by ARM's throttling headers", () => {
  it("loses no request and is refused for at most 5 % of them when far more are asked than the bucket allows", { timeout: 60_000 }, async () => {
    const bucket = throttleReads(20, 40);
    const client = createTestClient(server, { retryOptions: { maxRetries: 3 } });
    // One answer first: until one has said what is left, the policy holds nothing back, and how many
    // of 30 requests sent blind find the bucket empty depends only on the machine's speed.
    await client.tokens.get("myResourceGroup", "myRegistry", "token9999");
    const results = await burst(client, 150, 30);
    const { ok, throttled } = bucket.answered();
    expect(results).toEqual({ ok: 150, failed: 0 });
    expect(ok).toBe(151);
    expect(throttled / (ok + throttled)).toBeLessThanOrEqual(0.05);
  });

  it("without it, the same burst is refused far more often (the baseline the policy is measured against)", { timeout: 60_000 }, async () => {
    const bucket = throttleReads(20, 40);
    const client = createTestClient(server, { retryOptions: { maxRetries: 3 } });
    client.pipeline.removePolicy({ name: "armThrottlingPolicy" });
    await burst(client, 150, 30);
    const { ok, throttled } = bucket.answered();
    expect(throttled / (ok + throttled)).toBeGreaterThan(0.1);
  });

  it("holds back only the subscription that was throttled", async () => {
    // Subscriptions of their own, so the pause left behind holds back no other test.
    const [limited, other] = ["22222222-2222-2222-2222-222222222222", "11111111-1111-1111-1111-111111111111"];
    server.on("GET", new RegExp(`^/subscriptions/${limited}/.*/tokens/`), () => ({ status: 429, headers: { "retry-after": "1", "x-ms-ratelimit-remaining-subscription-reads": "0" }, body: { error: { code: "TooManyRequests", message: "throttled" } } }));
    server.on("GET", new RegExp(`^/subscriptions/${other}/.*/tokens/`), () => ({ status: 200, headers: { "x-ms-ratelimit-remaining-subscription-reads": "100" }, body: { name: "t" } }));
    const client = (subscription: string) => new ContainerRegistryManagementClient(testCredential(), subscription, { endpoint: server.endpoint, tlsOptions: { ca: server.ca }, retryOptions: { maxRetries: 0 } });
    const [throttled, free] = [client(limited), client(other)];
    await expect(throttled.tokens.get("myResourceGroup", "myRegistry", "token0001")).rejects.toMatchObject({ statusCode: 429 });
    // The first subscription's reads now wait a second; the other's go at once, twice in a row
    // (the second through the policy's remembered lookup).
    const blocked = throttled.tokens.get("myResourceGroup", "myRegistry", "token0002").catch(() => undefined);
    await free.tokens.get("myResourceGroup", "myRegistry", "token0003");
    await free.tokens.get("myResourceGroup", "myRegistry", "token0004");
    expect(server.requests.map((r) => r.path.split("/tokens/")[1])).toEqual(["token0001", "token0003", "token0004"]);
    await blocked;
    expect(server.requests).toHaveLength(4);
  });

  it("does nothing for answers without the headers", async () => {
    server.on("GET", registryPath(), { status: 200, body: { name: "myRegistry", location: "westus", sku: { name: "Basic" } } });
    const client = createTestClient(server);
    await Promise.all(Array.from({ length: 20 }, () => client.registries.get("myResourceGroup", "myRegistry")));
    expect(server.requests).toHaveLength(20);
  });
});
