// Where a tokens.get call's time goes: our client with parts of its pipeline taken away through
// the public API (client.pipeline.removePolicy, client.sendRequest), interleaved with raw HTTPS
// the way bench/rounds.ts interleaves the clients.
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { loadBuiltPackage } from "./builtPackage.js";
import { REGISTRY_PATH, SUBSCRIPTION } from "./server.js";
import type { BenchClient } from "./clients.js";
import { median, timeInRounds } from "./rounds.js";

export interface LayerRow {
  readonly label: string;
  /** Median µs per call. */
  readonly us: number;
}

const credential: TokenCredential = { getToken: async () => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3600_000 }) };

export async function measureGetLayers(endpoint: string, ca: string, raw: BenchClient, rounds: number, callsPerRound: number, callsPerPass: number, warmup: number): Promise<LayerRow[]> {
  const { ContainerRegistryManagementClient } = await loadBuiltPackage();
  const client = () => new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint, tlsOptions: { ca } });
  const full = client();
  const noTracing = client();
  noTracing.pipeline.removePolicy({ name: "tracingPolicy" });
  // The floor of the pipeline: only what this request cannot go without (TLS trust and the token).
  const floor = client();
  for (const policy of floor.pipeline.getOrderedPolicies()) {
    if (policy.name !== "tlsPolicy" && policy.name !== "bearerTokenAuthenticationPolicy") floor.pipeline.removePolicy({ name: policy.name });
  }
  const url = `${endpoint}${REGISTRY_PATH}/tokens/token-0?api-version=2025-11-01`;
  const get = (c: typeof full) => () => c.tokens.get("bench", "benchregistry", "token-0");
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["raw node:https (keep-alive)", () => raw.getToken()],
    ["acr-tokens, pipeline cut to TLS + bearer auth", get(floor)],
    ["acr-tokens without tracingPolicy", get(noTracing)],
    ["acr-tokens (default pipeline)", get(full)],
    ["acr-tokens client.sendRequest: default pipeline, no validation, parsing or models", () => full.sendRequest(createPipelineRequest({ url, method: "GET", headers: createHttpHeaders({ accept: "application/json" }) }))],
  ];
  for (const [, call] of cases) for (let i = 0; i < warmup; i++) await call();
  const times = await timeInRounds(cases.map(([, call]) => call), { rounds, passes: callsPerRound / callsPerPass, callsPerPass }, "µs");
  return cases.map(([label], index) => ({ label, us: median(times[index]!) }));
}
