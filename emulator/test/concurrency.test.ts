import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import {
  createRegistry,
  createScopeMap,
  eventually,
  registryPath,
  scopeMapPath,
  startTestEmulator,
  TestClient,
  tokenPath,
  type ApiResponse,
  type Json,
} from "./support.js";

const RG = "parallelrg";
const REGISTRY = "parallelreg1";
const COUNT = 200;
const names = Array.from({ length: COUNT }, (_, index) => `parallel-${index}`);

let emulator: Emulator;
let client: TestClient;

async function listAllTokens(): Promise<string[]> {
  const result: string[] = [];
  let next: string | undefined = `${registryPath(RG, REGISTRY)}/tokens`;
  while (next !== undefined) {
    const response: ApiResponse = await client.get(next);
    expect(response.status).toBe(200);
    result.push(...response.body.value.map((token: Json) => token.name));
    next = response.body.nextLink;
  }
  return result;
}

function statuses(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

const createBody = { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "shared-map") } };

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY);
  await createScopeMap(client, RG, REGISTRY, "shared-map");
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("parallel requests", () => {
  it(`creates ${COUNT} tokens in parallel without losing or duplicating any`, async () => {
    const responses = await Promise.all(names.map((name) => client.put(tokenPath(RG, REGISTRY, name), createBody)));
    expect(statuses(responses)).toEqual({ 201: COUNT });
    const listed = await listAllTokens();
    expect(listed).toHaveLength(COUNT);
    expect(new Set(listed)).toEqual(new Set(names));
    expect(emulator.state.counts().tokens).toBe(COUNT);
    const usages = await client.get(`${registryPath(RG, REGISTRY)}/listUsages`);
    expect(usages.body.value.find((usage: Json) => usage.name === "Tokens").currentValue).toBe(COUNT);
  });

  it(`deletes ${COUNT} tokens in parallel, after which their scope map is free`, async () => {
    expect((await client.delete(scopeMapPath(RG, REGISTRY, "shared-map"))).status).toBe(409);
    const responses = await Promise.all(names.map((name) => client.delete(tokenPath(RG, REGISTRY, name))));
    expect(statuses(responses)).toEqual({ 200: COUNT });
    expect(await listAllTokens()).toEqual([]);
    expect(emulator.state.counts().tokens).toBe(0);
    expect((await client.delete(scopeMapPath(RG, REGISTRY, "shared-map"))).status).toBe(200);
    await createScopeMap(client, RG, REGISTRY, "shared-map");
  });

  it("interleaves creates and deletes consistently", async () => {
    const existing = names.slice(0, 100);
    await Promise.all(existing.map((name) => client.put(tokenPath(RG, REGISTRY, name), createBody)));
    const fresh = names.slice(100);
    const responses = await Promise.all([
      ...fresh.map((name) => client.put(tokenPath(RG, REGISTRY, name), createBody)),
      ...existing.map((name) => client.delete(tokenPath(RG, REGISTRY, name))),
    ]);
    expect(statuses(responses)).toEqual({ 200: 100, 201: 100 });
    expect(new Set(await listAllTokens())).toEqual(new Set(fresh));
    await Promise.all(fresh.map((name) => client.delete(tokenPath(RG, REGISTRY, name))));
  });

  it("creates a token once when the same PUT races with itself", async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => client.put(tokenPath(RG, REGISTRY, "racer"), createBody)));
    expect(statuses(responses)).toEqual({ 200: 49, 201: 1 });
    expect((await listAllTokens()).filter((name) => name === "racer")).toHaveLength(1);
    await client.delete(tokenPath(RG, REGISTRY, "racer"));
  });

  it("gives a registry name to exactly one of many racing resource groups", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => client.put(registryPath(`race-${index}`, "racedname1"), { location: "westus", sku: { name: "Basic" } })),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 19 });
  });

  it("runs many asynchronous creates to completion", async () => {
    emulator.setAsyncDelay(50);
    try {
      const batch = names.slice(0, 100);
      const responses = await Promise.all(batch.map((name) => client.put(tokenPath(RG, REGISTRY, name), createBody)));
      expect(statuses(responses)).toEqual({ 201: 100 });
      const operationUrls = responses.map((response) => response.headers["azure-asyncoperation"] as string);
      expect(new Set(operationUrls).size).toBe(100);
      await eventually(async () => {
        const states = await Promise.all(operationUrls.map(async (url) => (await client.get(url)).body.status));
        return states.every((state) => state === "Succeeded") ? true : undefined;
      });
      const tokens = await Promise.all(batch.map((name) => client.get(tokenPath(RG, REGISTRY, name))));
      expect(tokens.every((token) => token.body.properties.provisioningState === "Succeeded")).toBe(true);
    } finally {
      emulator.setAsyncDelay(0);
    }
  });
});
