// What README examples import as "acr-tokens" in test/readme.test.ts: the real package, with the
// client defaulting to the test's emulator so examples written for Azure run unchanged.
import type { TokenCredential } from "@azure/core-auth";
import { ContainerRegistryManagementClient as Client, type ContainerRegistryManagementClientOptionalParams } from "../../src/index.js";

export * from "../../src/index.js";

export const readmeTarget = { endpoint: "", ca: "" };

export class ContainerRegistryManagementClient extends Client {
  constructor(credential: TokenCredential, subscriptionId: string, options: ContainerRegistryManagementClientOptionalParams = {}) {
    super(credential, subscriptionId, { endpoint: readmeTarget.endpoint, tlsOptions: { ca: readmeTarget.ca }, ...options });
  }
}

/** The variables README examples use without defining them. */
export interface ReadmeEnv {
  client: Client;
  credential: TokenCredential;
  subscriptionId: string;
  rg: string;
  tokenId: string;
}
