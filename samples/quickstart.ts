// The main sample: a scope map, a token bound to it, its passwords, and the registry's tokens.
import type { SampleEnvironment } from "./environment.js";
import { masked } from "./environment.js";

export const summary = "Create a scope map and a token, generate its passwords, list the registry's tokens.";

export async function run({ client, resourceGroup, registry, log }: SampleEnvironment): Promise<void> {
  const scopeMap = await client.scopeMaps.beginCreateAndWait(resourceGroup, registry, "ci-pull", {
    actions: ["repositories/app/content/read", "repositories/app/metadata/read"],
    description: "Pull access to app",
  });
  log(`Scope map ${scopeMap.name} grants ${scopeMap.actions?.join(", ")}`);

  const token = await client.tokens.beginCreateAndWait(resourceGroup, registry, "ci-token", {
    scopeMapId: scopeMap.id,
    status: "enabled",
  });
  log(`Token ${token.name} is ${token.status} (${token.provisioningState})`);

  // generateCredentials is the only call that ever returns password values.
  const credentials = await client.registries.beginGenerateCredentialsAndWait(resourceGroup, registry, {
    tokenId: token.id,
    expiry: new Date(Date.now() + 30 * 86400e3),
  });
  for (const password of credentials.passwords ?? []) {
    log(`User ${credentials.username}, ${password.name}: ${masked(password.value)}, expires ${password.expiry?.toISOString()}`);
  }

  for await (const t of client.tokens.list(resourceGroup, registry)) log(`Token in registry: ${t.name} (${t.status})`);
}
