// Zero-downtime rotation: each call replaces the empty or older slot, never the one in use.
import { createRepositoryToken, rotateTokenPassword } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";
import { masked } from "./environment.js";

export const summary = "Rotate a token's password twice without downtime.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  const tokenRef = { resourceGroup, registry, token: "rotating-token" };
  await createRepositoryToken(client, { ...tokenRef, scopeMap: "_repositories_pull", passwords: ["password1"] });
  log("Created rotating-token with password1 only");
  for (let round = 1; round <= 2; round++) {
    const rotated = await rotateTokenPassword(client, tokenRef, { expiry: { days: 90 } });
    log(`Rotation ${round}: new ${rotated.slot} ${masked(rotated.value)}; ${rotated.stillValid ?? "no other slot"} keeps working`);
    // Give the clock a moment so the next rotation sees which slot is older.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  log("A new password takes about a minute to work everywhere; switch clients over, then rotate again.");
}
