// Where the samples run: an emulator started in this process (the default), or Azure when
// AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and ACR_REGISTRY_NAME are all set.
import type { TokenCredential } from "@azure/core-auth";
import { ContainerRegistryManagementClient } from "acr-tokens";

export interface SampleEnvironment {
  client: ContainerRegistryManagementClient;
  subscriptionId: string;
  resourceGroup: string;
  /** A registry the sample may use (Premium on the emulator). */
  registry: string;
  /** True on the emulator, where samples may create registries of their own. */
  emulated: boolean;
  /** Certificates to trust for the registry's login server: the emulator's on the emulator, none on Azure. */
  tlsOptions?: { ca: string };
  log(line: string): void;
  close(): Promise<void>;
}

export async function sampleEnvironment(log: (line: string) => void = console.log): Promise<SampleEnvironment> {
  const { AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, ACR_REGISTRY_NAME } = process.env;
  if (AZURE_SUBSCRIPTION_ID && AZURE_RESOURCE_GROUP && ACR_REGISTRY_NAME) {
    // Loaded only here so the emulator path needs no Azure identity setup.
    const { DefaultAzureCredential } = await import("@azure/identity");
    log(`Using Azure: subscription ${AZURE_SUBSCRIPTION_ID}, registry ${AZURE_RESOURCE_GROUP}/${ACR_REGISTRY_NAME}`);
    return {
      client: new ContainerRegistryManagementClient(new DefaultAzureCredential(), AZURE_SUBSCRIPTION_ID),
      subscriptionId: AZURE_SUBSCRIPTION_ID,
      resourceGroup: AZURE_RESOURCE_GROUP,
      registry: ACR_REGISTRY_NAME,
      emulated: false,
      log,
      close: async () => {},
    };
  }
  const { startEmulator } = await import("acr-tokens-emulator");
  const emulator = await startEmulator({ asyncDelayMs: 0 });
  log(`Using the emulator at ${emulator.endpoint} (set AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and ACR_REGISTRY_NAME for Azure)`);
  // The emulator accepts any bearer token.
  const credential: TokenCredential = { getToken: async () => ({ token: "sample", expiresOnTimestamp: Date.now() + 3600_000 }) };
  const subscriptionId = "00000000-0000-0000-0000-000000000000";
  const client = new ContainerRegistryManagementClient(credential, subscriptionId, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } });
  const resourceGroup = "samples";
  const registry = "samplesregistry";
  await client.registries.beginCreateAndWait(resourceGroup, registry, { location: "westus", sku: { name: "Premium" } });
  return { client, subscriptionId, resourceGroup, registry, emulated: true, tlsOptions: { ca: emulator.ca }, log, close: () => emulator.close() };
}

/** Shows that a password exists without showing it. */
export function masked(secret: string | undefined): string {
  return secret ? `******** (${secret.length} characters)` : "(none)";
}
