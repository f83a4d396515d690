import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { createRegistry, createScopeMap, createToken, registryPath, startTestEmulator, SUB, TestClient, tokenPath, type Json } from "./support.js";

const RG = "pagingrg";
const REGISTRY = "pagingreg1";
const TOKENS = Array.from({ length: 10 }, (_, index) => `token-${String(index).padStart(2, "0")}`);

let emulator: Emulator;
let client: TestClient;

async function collect(firstPath: string): Promise<{ names: string[]; links: string[] }> {
  const names: string[] = [];
  const links: string[] = [];
  let response = await client.get(firstPath);
  for (;;) {
    expect(response.status).toBe(200);
    names.push(...response.body.value.map((item: Json) => item.name));
    const next: string | undefined = response.body.nextLink;
    if (next === undefined) return { names, links };
    links.push(next);
    response = await client.get(next);
  }
}

beforeAll(async () => {
  emulator = await startTestEmulator({ pageSize: 4 });
  client = new TestClient(emulator);
  await createRegistry(client, RG, REGISTRY);
  await createScopeMap(client, RG, REGISTRY, "paging-map");
  for (const name of TOKENS) await createToken(client, RG, REGISTRY, name, "paging-map");
});

afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("paging", () => {
  it("splits 10 tokens into pages of 4, 4 and 2 linked by nextLink", async () => {
    const first = await client.get(`${registryPath(RG, REGISTRY)}/tokens`);
    expect(first.body.value).toHaveLength(4);
    const { names, links } = await collect(`${registryPath(RG, REGISTRY)}/tokens`);
    expect(names).toEqual(TOKENS);
    expect(links).toHaveLength(2);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(emulator.endpoint);
      expect(url.pathname).toBe(`${registryPath(RG, REGISTRY)}/tokens`);
      expect(url.searchParams.get("api-version")).toBe("2025-04-01");
      expect(url.searchParams.get("$skipToken")).toMatch(/^\S+$/);
      expect(link).toContain("&$skipToken=");
    }
  });

  it("keeps the api-version the client listed with", async () => {
    const first = await client.get(`${registryPath(RG, REGISTRY)}/tokens`, { apiVersion: "2023-07-01" });
    expect(new URL(first.body.nextLink).searchParams.get("api-version")).toBe("2023-07-01");
  });

  it("neither repeats nor skips remaining items when one is deleted between pages", async () => {
    const first = await client.get(`${registryPath(RG, REGISTRY)}/tokens`);
    const seen: string[] = first.body.value.map((item: Json) => item.name);
    await client.delete(tokenPath(RG, REGISTRY, "token-01")); // already served
    await client.delete(tokenPath(RG, REGISTRY, "token-05")); // not yet served
    const { names } = await collect(first.body.nextLink);
    expect([...seen, ...names]).toEqual(TOKENS.filter((name) => name !== "token-05"));
    await createToken(client, RG, REGISTRY, "token-01", "paging-map");
    await createToken(client, RG, REGISTRY, "token-05", "paging-map");
  });

  it("pages scope maps (built-ins first) and registries", async () => {
    const scopeMaps = await collect(`${registryPath(RG, REGISTRY)}/scopeMaps`);
    expect(scopeMaps.names).toHaveLength(6);
    expect(scopeMaps.names[0]).toBe("_repositories_pull");
    expect(scopeMaps.names[5]).toBe("paging-map");
    for (const name of ["pagingreg2", "pagingreg3", "pagingreg4", "pagingreg5"]) await createRegistry(client, RG, name, "Basic");
    const registries = await collect(`/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/registries`);
    expect(registries.names).toEqual(["pagingreg1", "pagingreg2", "pagingreg3", "pagingreg4", "pagingreg5"]);
    expect(registries.links).toHaveLength(1);
  });

  it("follows a page size changed at run time", async () => {
    emulator.setPageSize(100);
    const all = await client.get(`${registryPath(RG, REGISTRY)}/tokens`);
    expect(all.body.value).toHaveLength(10);
    expect(all.body.nextLink).toBeUndefined();
    emulator.setPageSize(4);
  });

  it("rejects a $skipToken it did not issue", async () => {
    const response = await client.get(`${registryPath(RG, REGISTRY)}/tokens?api-version=2025-04-01&$skipToken=garbage!`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("$skipToken");
  });
});
