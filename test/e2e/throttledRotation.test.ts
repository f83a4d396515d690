// Issue 13's scenario on the emulator's model of ARM throttling: 100 tokens' passwords rotated at
// once under small buckets must all succeed with at most 5 % of requests refused (429). The wall
// time against the buckets' floor is reported by `npm run bench`, not asserted here.
import { describe, expect, it } from "vitest";
import { generateCredentials, rotateExpiringPasswords } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";

const RG = "throttle-rg";
const REGISTRY = "throttlereg";
const e2e = useEmulator({ pageSize: 100 });

describe("rotating 100 tokens under ARM throttling", () => {
  it("finishes with no failure and at most 5 % of requests answered 429", { timeout: 120_000 }, async () => {
    const client = e2e.newClient({ retryOptions: { maxRetries: 5 } });
    await client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
    const scopeMapId = `/subscriptions/${client.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/_repositories_pull`;
    for (let i = 0; i < 100; i++) {
      const token = `tok-${String(i).padStart(3, "0")}`;
      await client.tokens.beginCreateAndWait(RG, REGISTRY, token, { scopeMapId, status: "enabled" });
      await generateCredentials(client, { resourceGroup: RG, registry: REGISTRY, token }, { password: "password1", expiry: new Date(Date.now() + 2 * 86_400_000) });
    }
    e2e.emulator.clearRequests();
    e2e.emulator.throttling.set({ reads: { bucket: 40, refillPerSecond: 40 }, writes: { bucket: 20, refillPerSecond: 20 }, deletes: { bucket: 20, refillPerSecond: 20 } });
    try {
      let rotated = 0;
      const failures: unknown[] = [];
      for await (const outcome of rotateExpiringPasswords(client, { resourceGroup: RG, registry: REGISTRY, within: { days: 7 }, concurrency: 25 })) {
        if (outcome.rotated) rotated++;
        else failures.push(outcome.error);
      }
      expect(failures).toEqual([]);
      expect(rotated).toBe(100);
      const requests = e2e.emulator.requests;
      const throttled = requests.filter((r) => r.status === 429).length;
      expect(requests.length).toBeGreaterThanOrEqual(200); // per token: read it, then generate
      expect(throttled / requests.length).toBeLessThanOrEqual(0.05);
    } finally {
      e2e.emulator.throttling.set(false);
    }
  });
});
