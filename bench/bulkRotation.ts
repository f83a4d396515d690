// The throttled bulk scenario: rotating many tokens' passwords at once against the emulator's
// model of ARM throttling (token buckets per subscription). Reports the wall time against the
// least the buckets allow, and how many requests were refused with 429.
import { startEmulator, type ThrottlingSettings } from "acr-tokens-emulator";
import { loadBuiltPackage } from "./builtPackage.js";

export interface BulkRotationResult {
  tokens: number;
  rotated: number;
  failed: number;
  requests: number;
  throttled: number;
  ms: number;
  /** The least time the buckets allow for the requests made, ms. */
  floorMs: number;
}

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const RG = "bulk";
const REGISTRY = "bulkregistry";

export async function measureBulkRotation(tokens: number, concurrency: number, buckets: ThrottlingSettings): Promise<BulkRotationResult> {
  const { ContainerRegistryManagementClient, generateCredentials, rotateExpiringPasswords } = await loadBuiltPackage();
  const emulator = await startEmulator({ asyncDelayMs: 0, retryAfterSeconds: 0, pageSize: 100 });
  try {
    const credential = { getToken: async () => ({ token: "bench", expiresOnTimestamp: Date.now() + 3600_000 }) };
    const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } });
    await client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
    const scopeMapId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/_repositories_pull`;
    for (let i = 0; i < tokens; i++) {
      const token = `bulk-${String(i).padStart(4, "0")}`;
      await client.tokens.beginCreateAndWait(RG, REGISTRY, token, { scopeMapId, status: "enabled" });
      await generateCredentials(client, { resourceGroup: RG, registry: REGISTRY, token }, { password: "password1", expiry: new Date(Date.now() + 3 * 86_400_000) });
    }
    emulator.clearRequests();
    emulator.throttling.set(buckets);
    const start = process.hrtime.bigint();
    let rotated = 0;
    let failed = 0;
    for await (const outcome of rotateExpiringPasswords(client, { resourceGroup: RG, registry: REGISTRY, within: { days: 14 }, concurrency })) {
      if (outcome.rotated) rotated++;
      else failed++;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const requests = emulator.requests.filter((r) => !r.path.startsWith("/_emulator"));
    const accepted = (kind: "reads" | "writes" | "deletes") =>
      requests.filter((r) => r.status !== 429 && (kind === "reads" ? r.method === "GET" || r.method === "HEAD" : kind === "deletes" ? r.method === "DELETE" : ["PUT", "PATCH", "POST"].includes(r.method))).length;
    const floorMs = Math.max(...(["reads", "writes", "deletes"] as const).map((kind) => (Math.max(0, accepted(kind) - buckets[kind].bucket) / buckets[kind].refillPerSecond) * 1000));
    return { tokens, rotated, failed, requests: requests.length, throttled: requests.filter((r) => r.status === 429).length, ms, floorMs };
  } finally {
    await emulator.close();
  }
}
