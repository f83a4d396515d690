// rotateTokenPassword: which slot it replaces, what it returns, and what it sends.
import { RestError } from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rotateTokenPassword, slotToReplace } from "../../src/customizations/rotation.js";
import type { TokenPassword } from "../../src/index.js";
import { createTestClient, startTestServer, type TestServer } from "../support/testServer.js";
import { GENERATE_PATH, RG, REGISTRY, fakeRegistry, rejectionOf, tokenPath, type SlotJson } from "./fixtures.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ref = { resourceGroup: RG, registry: REGISTRY, token: "ci-web" };
const OLD = "2024-01-01T00:00:00.000Z";
const NEW = "2025-01-01T00:00:00.000Z";
const PAST = "2020-01-01T00:00:00.000Z";

function withPasswords(passwords: SlotJson[]) {
  const fake = fakeRegistry(server);
  fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "_repositories_pull", status: "enabled", passwords });
  return fake;
}

const generateBody = () => server.requests.find((r) => r.method === "POST" && r.path === GENERATE_PATH)?.json;

describe("rotateTokenPassword", () => {
  const cases: Array<[string, SlotJson[], "password1" | "password2", "password1" | "password2" | undefined]> = [
    ["no passwords: password1", [], "password1", undefined],
    ["only password2: the empty password1", [{ name: "password2", creationTime: OLD }], "password1", "password2"],
    ["only password1: the empty password2", [{ name: "password1", creationTime: NEW }], "password2", "password1"],
    ["both, password2 older: password2", [{ name: "password1", creationTime: NEW }, { name: "password2", creationTime: OLD }], "password2", "password1"],
    ["both, password1 older: password1", [{ name: "password1", creationTime: OLD }, { name: "password2", creationTime: NEW }], "password1", "password2"],
    ["both, same age: password1", [{ name: "password1", creationTime: OLD }, { name: "password2", creationTime: OLD }], "password1", "password2"],
    [
      "both, the newer one expired: the expired one",
      [{ name: "password1", creationTime: OLD }, { name: "password2", creationTime: NEW, expiry: PAST }],
      "password2",
      "password1",
    ],
    [
      "both expired: the older, and none still valid",
      [{ name: "password1", creationTime: NEW, expiry: PAST }, { name: "password2", creationTime: OLD, expiry: PAST }],
      "password2",
      undefined,
    ],
  ];

  it.each(cases)("with %s", async (_label, passwords, slot, stillValid) => {
    const fake = withPasswords(passwords);
    const rotated = await rotateTokenPassword(createTestClient(server), ref);

    expect(rotated).toEqual({ slot, value: fake.issued[0], creationTime: expect.any(Date), stillValid });
    expect(generateBody()).toEqual({ tokenId: tokenPath("ci-web"), name: slot });
    // The other slot is untouched.
    const other = passwords.find((p) => p.name !== slot);
    expect(fake.tokens.get("ci-web")!.passwords.find((p) => p.name !== slot)).toEqual(other);
  });

  it("sends the expiry and returns it", async () => {
    withPasswords([{ name: "password1", creationTime: OLD }]);
    const rotated = await rotateTokenPassword(createTestClient(server), `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/tokens/ci-web`, {
      expiry: new Date("2099-02-03T04:05:06.000Z"),
    });
    expect(generateBody().expiry).toBe("2099-02-03T04:05:06.000Z");
    expect(rotated.expiry).toEqual(new Date("2099-02-03T04:05:06.000Z"));
  });

  it("passes the 404 of a missing token through, without generating anything", async () => {
    fakeRegistry(server);
    const error = await rejectionOf(rotateTokenPassword(createTestClient(server), ref));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
    expect(generateBody()).toBeUndefined();
  });

  it("checks its inputs before any request", async () => {
    const error = await rejectionOf(rotateTokenPassword(createTestClient(server), ref, { expiry: { days: -1 } }));
    expect(error.message).toMatch(/options\.expiry\.days must be more than zero/);
    const badRef = await rejectionOf(rotateTokenPassword(createTestClient(server), { ...ref, token: "" }));
    expect(badRef.message).toMatch(/tokenRef\.token "" is empty/);
    expect(server.requests).toEqual([]);
  });
});

describe("slotToReplace", () => {
  const time = fc.option(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), { nil: undefined });
  const slot = (name: string) => fc.record({ creationTime: time, expiry: time }).map((s): TokenPassword => ({ name, ...s }));
  const passwords = fc.subarray(["password1", "password2"]).chain((names) => fc.tuple(...names.map(slot)));
  const NOW = new Date("2050-01-01").getTime();
  const expired = (p: TokenPassword | undefined) => p?.expiry !== undefined && p.expiry.getTime() <= NOW;

  it("fills an empty slot first, and never replaces the only working password", () => {
    fc.assert(
      fc.property(passwords, (list) => {
        const chosen = slotToReplace(list, NOW);
        const byName = new Map(list.map((p) => [p.name, p]));
        if (list.length < 2) {
          expect(byName.has(chosen)).toBe(false);
          return;
        }
        const other = byName.get(chosen === "password1" ? "password2" : "password1");
        // When exactly one password still works, it is the one that stays.
        if (expired(byName.get(chosen)) !== expired(other)) expect(expired(byName.get(chosen))).toBe(true);
        else expect((byName.get(chosen)!.creationTime?.getTime() ?? -Infinity) <= (other!.creationTime?.getTime() ?? -Infinity)).toBe(true);
      }),
    );
  });
});
