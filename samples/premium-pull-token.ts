// A Premium registry and a token bound to the built-in _repositories_pull scope map.
import type { SampleEnvironment } from "./environment.js";

export const summary = "A Premium registry with a token bound to the built-in _repositories_pull scope map.";

export async function run({ client, resourceGroup, registry, emulated, log }: SampleEnvironment): Promise<void> {
  // On the emulator, make a Premium registry of our own; on Azure, use the one configured.
  const name = emulated ? "premiumregistry" : registry;
  if (emulated) {
    const created = await client.registries.beginCreateAndWait(resourceGroup, name, {
      location: "westeurope",
      sku: { name: "Premium" },
      adminUserEnabled: false,
      tags: { purpose: "samples" },
    });
    log(`Registry ${created.name} (${created.sku?.tier}) at ${created.loginServer}`);
  }
  const pull = await client.scopeMaps.get(resourceGroup, name, "_repositories_pull");
  log(`Built-in scope map ${pull.name} (${pull.typePropertiesType}): ${pull.actions?.join(", ")}`);
  const token = await client.tokens.beginCreateAndWait(resourceGroup, name, "pull-token", { scopeMapId: pull.id, status: "enabled" });
  log(`Token ${token.name} can pull from every repository of ${name}`);
}
