// Which tokens need new credentials soon: streamed over the registry's pages of tokens.
import { findExpiringCredentials, generateCredentials } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";

export const summary = "Report tokens whose credentials expire within 30 days, or that have none.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  const scopeMapId = (await client.scopeMaps.get(resourceGroup, registry, "_repositories_pull")).id;
  for (const [token, days] of [["soon-token", 7], ["later-token", 120], ["bare-token", undefined]] as const) {
    await client.tokens.beginCreateAndWait(resourceGroup, registry, token, { scopeMapId });
    if (days !== undefined) await generateCredentials(client, { resourceGroup, registry, token }, { expiry: { days } });
  }
  for await (const found of findExpiringCredentials(client, { resourceGroup, registry, within: { days: 30 } })) {
    const details = found.credentials.map((c) => `${c.kind} ${c.name} ${c.expiry?.toISOString().slice(0, 10) ?? ""}`.trim()).join("; ");
    log(`${found.token}: ${found.reason}${details ? ` (${details})` : ""}`);
  }
}
