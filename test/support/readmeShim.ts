// What README examples import as "acr-tokens" in test/readme.test.ts: the real package, with the
// client defaulting to the test's emulator so examples written for Azure run unchanged.
import type { TokenCredential } from "@azure/core-auth";
import {
  checkTokenAccess as check,
  ContainerRegistryManagementClient as Client,
  type CheckTokenAccessParams,
  type ContainerRegistryManagementClientOptionalParams,
  type TokenAccess,
} from "../../src/index.js";

export * from "../../src/index.js";

export const readmeTarget = { endpoint: "", ca: "" };

export class ContainerRegistryManagementClient extends Client {
  constructor(credential: TokenCredential, subscriptionId: string, options: ContainerRegistryManagementClientOptionalParams = {}) {
    super(credential, subscriptionId, { endpoint: readmeTarget.endpoint, tlsOptions: { ca: readmeTarget.ca }, ...options });
  }
}

/** checkTokenAccess trusting the test emulator's certificate, so examples written for Azure run unchanged. */
export function checkTokenAccess(params: CheckTokenAccessParams): Promise<TokenAccess> {
  return check({ tlsOptions: { ca: readmeTarget.ca }, ...params });
}

/** The variables README examples use without defining them. */
export interface ReadmeEnv {
  client: Client;
  credential: TokenCredential;
  subscriptionId: string;
  rg: string;
  tokenId: string;
}
