// Concurrent createRepositoryToken calls for one name, on the emulator (which honours ARM's
// If-None-Match: *): one wins, the others are told the token exists, and nobody's rollback
// deletes what the winner made, so the winner's passwords are the token's.
import { beforeEach, describe, expect, it } from "vitest";
import { createRepositoryToken, TokenTaskError, type CreatedRepositoryToken } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";

const RG = "races-rg";
const REGISTRY = "racesreg";
const e2e = useEmulator();

beforeEach(async () => {
  await e2e.emulator.reset();
  await e2e.client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
});

describe("createRepositoryToken under races", () => {
  it("one of five concurrent calls for one name succeeds; the others get TokenAlreadyExists and remove nothing", async () => {
    for (let round = 0; round < 5; round++) {
      const name = `race-tok-${round}`;
      const calls = Array.from({ length: 5 }, () =>
        createRepositoryToken(e2e.client, { resourceGroup: RG, registry: REGISTRY, token: name, repositories: { app: ["content/read"] } }),
      );
      const settled = await Promise.allSettled(calls);
      const won = settled.filter((s): s is PromiseFulfilledResult<CreatedRepositoryToken> => s.status === "fulfilled");
      const lost = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
      expect(won).toHaveLength(1);
      for (const { reason } of lost) {
        expect(reason).toBeInstanceOf(TokenTaskError);
        expect(reason).toMatchObject({ code: "TokenAlreadyExists" });
      }
      // The token and its scope map are the winner's, with the winner's passwords.
      const token = await e2e.client.tokens.get(RG, REGISTRY, name);
      expect(token.scopeMapId?.toLowerCase()).toBe(won[0]!.value.scopeMap.id.toLowerCase());
      await expect(e2e.client.scopeMaps.get(RG, REGISTRY, `${name}-scope-map`)).resolves.toMatchObject({ actions: ["repositories/app/content/read"] });
      const winner = won[0]!.value.passwords;
      for (const slot of ["password1", "password2"] as const) {
        const stored = token.credentials?.passwords?.find((p) => p.name === slot);
        expect(stored?.creationTime?.getTime()).toBe(winner[slot]?.creationTime?.getTime());
      }
    }
  });
});
