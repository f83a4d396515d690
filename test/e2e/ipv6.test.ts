// Our client on an emulator listening on ::1 only, through the real pipeline.
import { describe, expect, it } from "vitest";
import { all, useEmulator } from "../support/emulator.js";

const e2e = useEmulator({ host: "::1", pageSize: 2 });

describe("IPv6", () => {
  // The transport strips the brackets of an IPv6 literal: passing url.hostname ("[::1]") to
  // https.request looked it up as a name (getaddrinfo ENOTFOUND [::1]).
  it("creates, lists across pages and deletes with the endpoint https://[::1]:port", async () => {
    expect(e2e.emulator.endpoint).toMatch(/^https:\/\/\[::1\]:\d+$/);
    const { client } = e2e;
    await client.registries.beginCreateAndWait("six", "sixregistry", { location: "westus", sku: { name: "Premium" } });
    const scopeMaps = await all(client.scopeMaps.list("six", "sixregistry"));
    expect(scopeMaps.length).toBeGreaterThan(2);
    e2e.emulator.setAsyncDelay(20);
    await client.registries.beginDeleteAndWait("six", "sixregistry", { updateIntervalInMs: 5 });
    expect(await all(client.registries.list())).toEqual([]);
  });
});
