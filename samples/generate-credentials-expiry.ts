// The REST reference's scenario: generate password1 for a token, valid for 30 days.
import { formatTokenId, generateCredentials } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";
import { masked } from "./environment.js";

export const summary = "Generate password1 of a token with a 30-day expiry (generated client and helper).";

export async function run({ client, subscriptionId, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  await client.tokens.beginCreateAndWait(resourceGroup, registry, "expiring-token", {
    scopeMapId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry}/scopeMaps/_repositories_pull`,
  });
  const tokenId = formatTokenId({ subscriptionId, resourceGroup, registry, token: "expiring-token" });
  const expiry = new Date(Date.now() + 30 * 86400e3);

  // With the generated client: the answer lists passwords; pick by name, not by position.
  const result = await client.registries.beginGenerateCredentialsAndWait(resourceGroup, registry, { tokenId, expiry, name: "password1" });
  const password1 = result.passwords?.find((p) => p.name === "password1");
  log(`Generated password1 for ${result.username}: ${masked(password1?.value)}, expires ${password1?.expiry?.toISOString()}`);

  // With the helper: the same, plus the login server, keyed by slot.
  const creds = await generateCredentials(client, tokenId, { password: "password1", expiry: { days: 30 } });
  log(`Again with the helper: ${creds.username}@${creds.loginServer}, password1 ${masked(creds.passwords.password1?.value)}`);
}
