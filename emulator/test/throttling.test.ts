// ARM throttling: token buckets per subscription for reads, writes and deletes; counts 429s and header values, never time.
import { describe, expect, it } from "vitest";
import { ARM_THROTTLING } from "../src/index.js";
import type { InternalOptions } from "../src/index.js";
import { createRegistry, OTHER_SUB, registryPath, SUB, TestClient, useTestEmulator } from "./support.js";

const remaining = (response: { headers: Record<string, unknown> }, kind: string) => response.headers[`x-ms-ratelimit-remaining-subscription-${kind}`];

describe("throttling off (the default)", () => {
  const context = useTestEmulator();

  it("sends no rate-limit headers", async () => {
    const response = await context.client.get(registryPath("thr", "nothrottle"));
    expect(remaining(response, "reads")).toBeUndefined();
  });
});

describe("throttling: true", () => {
  const context = useTestEmulator({ throttling: true });

  it("uses ARM's buckets and names what is left of the request's kind on every answer", async () => {
    const { client, emulator } = context;
    expect(emulator.throttling.get()).toEqual(ARM_THROTTLING);
    const read = await client.get(registryPath("thr", "absentreg1"));
    expect(read.status).toBe(404);
    expect(remaining(read, "reads")).toBe("249");
    expect(remaining(read, "writes")).toBeUndefined();
    const write = await createRegistry(client, "thr", "throttlereg");
    expect(remaining(write, "writes")).toBe("199");
    const removed = await client.delete(registryPath("thr", "throttlereg"));
    expect(remaining(removed, "deletes")).toBe("199");
    // Not under a subscription: not counted.
    expect(remaining(await client.get("/subscriptions", { apiVersion: "2019-11-01" }), "reads")).toBeUndefined();
  });
});

describe("small buckets", () => {
  const context = useTestEmulator({ throttling: { writes: { bucket: 3, refillPerSecond: 0.001 } } });

  it("answer 429 TooManyRequests with Retry-After once a bucket is empty, per subscription and kind", async () => {
    const { client } = context;
    const statuses: number[] = [];
    const left: unknown[] = [];
    let refused: Awaited<ReturnType<TestClient["put"]>> | undefined;
    for (let index = 0; index < 5; index++) {
      const response = await client.put(registryPath("thr", `smallreg${index}`), { location: "westus", sku: { name: "Basic" } });
      statuses.push(response.status);
      left.push(remaining(response, "writes"));
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(left).toEqual(["2", "1", "0", "0", "0"]);
    expect(refused!.body.error.code).toBe("TooManyRequests");
    expect(refused!.headers["retry-after"]).toBe("1000");
    // A refused write made nothing.
    expect((await client.get(registryPath("thr", "smallreg3"))).status).toBe(404);
    // Reads have their own bucket (ARM's), and another subscription its own writes.
    expect(remaining(await client.get(registryPath("thr", "smallreg0")), "reads")).toBe("248");
    const other = await client.put(registryPath("thr", "otherreg1", OTHER_SUB), { location: "westus", sku: { name: "Basic" } });
    expect(other.status).toBe(201);
    expect(remaining(other, "writes")).toBe("2");
  });

  it("change at run time, through the emulator and the control endpoint; set refills", async () => {
    const { client, emulator } = context;
    emulator.throttling.set({ deletes: { bucket: 1, refillPerSecond: 0.001 } });
    expect(emulator.throttling.get()?.deletes).toEqual({ bucket: 1, refillPerSecond: 0.001 });
    expect(emulator.throttling.get()?.writes).toEqual(ARM_THROTTLING.writes);
    expect((await client.delete(registryPath("thr", "smallreg0"))).status).toBe(200);
    expect((await client.delete(registryPath("thr", "smallreg1"))).status).toBe(429);

    const viaControl = await client.request("PUT", "/_emulator/throttling", { rawBody: JSON.stringify(false), token: null });
    expect(viaControl.body).toEqual({ enabled: false });
    expect((await client.delete(registryPath("thr", "smallreg1"))).status).toBe(200);
    const back = await client.request("PUT", "/_emulator/throttling", { rawBody: JSON.stringify({ reads: { bucket: 2, refillPerSecond: 1 } }), token: null });
    expect(back.body).toMatchObject({ enabled: true, reads: { bucket: 2, refillPerSecond: 1 } });
    expect((await client.get("/_emulator/throttling", { token: null })).body.enabled).toBe(true);
    const invalid = await client.request("PUT", "/_emulator/throttling", { rawBody: JSON.stringify({ reads: { bucket: 0, refillPerSecond: 1 } }), token: null });
    expect(invalid.status).toBe(400);
    expect(() => emulator.throttling.set({ writes: { bucket: 5, refillPerSecond: -1 } })).toThrow(RangeError);
    emulator.throttling.set(false);
  });
});

describe("refill", () => {
  let now = 0;
  const context = useTestEmulator({ throttling: { reads: { bucket: 2, refillPerSecond: 0.5 } }, throttleClock: () => now } as InternalOptions);

  it("adds tokens back at the rate, up to the bucket, and Retry-After says when the next one is back", async () => {
    const { client } = context;
    const path = `/subscriptions/${SUB}`;
    const read = () => client.get(path, { apiVersion: "2022-12-01" });
    expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(200);
    const refused = await read();
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("2");
    now += 1000; // half a token
    expect((await read()).headers["retry-after"]).toBe("1");
    now += 1000;
    const back = await read();
    expect(back.status).toBe(200);
    expect(remaining(back, "reads")).toBe("0");
    now += 60_000; // never more than the bucket
    expect(remaining(await read(), "reads")).toBe("1");
  });
});
