// Switch a token off and on again with PATCH: its passwords and scope map are kept.
import { createRepositoryToken, setTokenStatus } from "acr-tokens";
import type { SampleEnvironment } from "./environment.js";

export const summary = "Disable a token, then enable it again, keeping its passwords.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  const tokenRef = { resourceGroup, registry, token: "paused-token" };
  await createRepositoryToken(client, { ...tokenRef, scopeMap: "_repositories_pull" });
  const disabled = await setTokenStatus(client, tokenRef, "disabled");
  log(`${disabled.name} is ${disabled.status}; passwords kept: ${disabled.credentials?.passwords?.map((p) => p.name).join(", ")}`);
  const enabled = await setTokenStatus(client, tokenRef, "enabled");
  log(`${enabled.name} is ${enabled.status} again`);
}
