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
  const { DefaultAzureCredential } = await import("@azure/identity");
  // Only tokens from the emulator's own identity endpoint are accepted, so the samples show the credential works.
  let verify: (token: string) => boolean = () => false;
  const emulator = await startEmulator({ asyncDelayMs: 0, acceptToken: (token) => verify(token) });
  verify = emulator.identity.verify;
  log(`Using the emulator at ${emulator.endpoint} (set AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and ACR_REGISTRY_NAME for Azure)`);
  // DefaultAzureCredential as on Azure: its managed-identity step asks the emulator's identity endpoint
  // (App Service style), so no Azure login is needed. The variables are put back on close.
  const previous = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
  process.env.IDENTITY_ENDPOINT = emulator.identity.environment.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = emulator.identity.environment.IDENTITY_HEADER;
  const credential: TokenCredential = new DefaultAzureCredential();
  const subscriptionId = "00000000-0000-0000-0000-000000000000";
  const client = new ContainerRegistryManagementClient(credential, subscriptionId, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } });
  const resourceGroup = "samples";
  const registry = "samplesregistry";
  await client.registries.beginCreateAndWait(resourceGroup, registry, { location: "westus", sku: { name: "Premium" } });
  const close = async (): Promise<void> => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.close();
  };
  return { client, subscriptionId, resourceGroup, registry, emulated: true, tlsOptions: { ca: emulator.ca }, log, close };
}

/** Shows that a password exists without showing it. */
export function masked(secret: string | undefined): string {
  return secret ? `******** (${secret.length} characters)` : "(none)";
}
