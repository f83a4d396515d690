// rotateExpiringPasswords on the emulator: every token whose password runs out is rotated once, a
// failing token is reported while the rest carry on, and bad input is refused before any request.
import { beforeEach, describe, expect, it } from "vitest";
import { generateCredentials, InvalidParameterError, rotateExpiringPasswords, type PasswordRotationOutcome } from "../../src/index.js";
import { all, useEmulator } from "../support/emulator.js";

const RG = "bulk-rg";
const REGISTRY = "bulkreg";
const e2e = useEmulator();
const DAY = 86_400_000;

beforeEach(async () => {
  await e2e.emulator.reset();
  await e2e.client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
});

/** A token with password1 expiring in `days` days (none when `days` is undefined). */
async function token(name: string, days: number | undefined): Promise<void> {
  const { client } = e2e;
  const scopeMapId = `/subscriptions/${client.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/_repositories_pull`;
  await client.tokens.beginCreateAndWait(RG, REGISTRY, name, { scopeMapId, status: "enabled" });
  if (days !== undefined) await generateCredentials(client, { resourceGroup: RG, registry: REGISTRY, token: name }, { password: "password1", expiry: new Date(Date.now() + days * DAY) });
}

describe("rotateExpiringPasswords", () => {
  it("rotates each token whose password expires within the window, and only those", async () => {
    for (let i = 0; i < 12; i++) await token(`soon-${String(i).padStart(2, "0")}`, 3);
    await token("later-tok", 90);
    await token("nopass-tok", undefined);
    const outcomes = await all(rotateExpiringPasswords(e2e.client, { resourceGroup: RG, registry: REGISTRY, within: { days: 14 }, concurrency: 5 }));
    expect(outcomes.map((o) => o.token).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `soon-${String(i).padStart(2, "0")}`));
    for (const outcome of outcomes) {
      expect(outcome.error).toBeUndefined();
      // password2 was empty: it is filled, and password1 keeps working until it expires.
      expect(outcome.rotated).toMatchObject({ slot: "password2", stillValid: "password1" });
      expect(outcome.rotated!.value.length).toBeGreaterThan(20);
    }
  });

  it("reports a token that fails and carries on with the others", async () => {
    for (const name of ["fine-one", "breaks-1", "fine-two"]) await token(name, 1);
    // rotateTokenPassword reads the token first: that read fails for this one token, every time.
    e2e.emulator.faults.add({ method: "GET", path: /\/tokens\/breaks-1$/, kind: "status", status: 500, code: "InternalServerError" });
    const outcomes: PasswordRotationOutcome[] = await all(rotateExpiringPasswords(e2e.client, { resourceGroup: RG, registry: REGISTRY, within: { days: 7 } }));
    const byToken = new Map(outcomes.map((o) => [o.token, o]));
    expect([...byToken.keys()].sort()).toEqual(["breaks-1", "fine-one", "fine-two"]);
    expect(byToken.get("breaks-1")!.error).toMatchObject({ statusCode: 500 });
    expect(byToken.get("fine-one")!.rotated?.slot).toBe("password2");
    expect(byToken.get("fine-two")!.rotated?.slot).toBe("password2");
  });

  it("refuses a bad concurrency before any request", () => {
    const before = e2e.emulator.countRequests();
    for (const concurrency of [0, 65, 1.5, Number.NaN]) {
      expect(() => rotateExpiringPasswords(e2e.client, { resourceGroup: RG, registry: REGISTRY, within: { days: 7 }, concurrency })).toThrow(
        expect.objectContaining({ name: "InvalidParameterError", parameterName: "params.concurrency", rule: "range" }),
      );
    }
    expect(() => rotateExpiringPasswords(e2e.client, { resourceGroup: "bad/rg", registry: REGISTRY, within: { days: 7 } })).toThrow(InvalidParameterError);
    expect(e2e.emulator.countRequests()).toBe(before);
  });
});
