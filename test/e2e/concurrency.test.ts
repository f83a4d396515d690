// Many callers on one client: the emulator ends with exactly what was asked.
import { describe, expect, it } from "vitest";
import { all, RG, SUBSCRIPTION, useEmulator } from "../support/emulator.js";

const e2e = useEmulator({ asyncDelayMs: 0, pageSize: 50 });

describe("concurrency through one client", () => {
  it("200 parallel creates, then 200 parallel deletes", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2ecrowd", { location: "westus", sku: { name: "Premium" } });
    const scopeMapId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/e2ecrowd/scopeMaps/_repositories_pull`;
    const names = Array.from({ length: 200 }, (_, i) => `crowd-${String(i).padStart(3, "0")}`);
    const created = await Promise.allSettled(names.map((n) => client.tokens.beginCreateAndWait(RG, "e2ecrowd", n, { scopeMapId })));
    expect(created.filter((r) => r.status === "rejected")).toEqual([]);
    const listed = (await all(client.tokens.list(RG, "e2ecrowd"))).map((t) => t.name!);
    expect(listed.sort()).toEqual(names);

    const doomed = names.filter((_, i) => i % 2 === 0);
    const deleted = await Promise.allSettled(doomed.map((n) => client.tokens.beginDeleteAndWait(RG, "e2ecrowd", n)));
    expect(deleted.filter((r) => r.status === "rejected")).toEqual([]);
    const remaining = (await all(client.tokens.list(RG, "e2ecrowd"))).map((t) => t.name!);
    expect(remaining.sort()).toEqual(names.filter((_, i) => i % 2 === 1));
  });

  it("interleaved creates and deletes end in the expected set, each name once", async () => {
    const { client } = e2e;
    await client.registries.beginCreateAndWait(RG, "e2emixed", { location: "westus", sku: { name: "Premium" } });
    const scopeMapId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/e2emixed/scopeMaps/_repositories_pull`;
    const first = Array.from({ length: 100 }, (_, i) => `mixed-a${i}`);
    await Promise.all(first.map((n) => client.tokens.beginCreateAndWait(RG, "e2emixed", n, { scopeMapId })));
    const second = Array.from({ length: 100 }, (_, i) => `mixed-b${i}`);
    await Promise.all([
      ...second.map((n) => client.tokens.beginCreateAndWait(RG, "e2emixed", n, { scopeMapId })),
      ...first.map((n) => client.tokens.beginDeleteAndWait(RG, "e2emixed", n)),
    ]);
    const names = (await all(client.tokens.list(RG, "e2emixed"))).map((t) => t.name!);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual([...second].sort());
  });
});
