// DefaultAzureCredential and ManagedIdentityCredential from @azure/identity get their tokens from the
// emulator's identity endpoint (App Service style IDENTITY_ENDPOINT + IDENTITY_HEADER), with no Azure at all;
// the emulator accepts only tokens it issued, so every call below proves the credential went there.
import { ContainerRegistryManagementClient as OfficialClient } from "@azure/arm-containerregistry";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "acr-tokens-emulator";
import { ContainerRegistryManagementClient } from "../../src/index.js";
import { all, SUBSCRIPTION } from "../support/emulator.js";

const CLEARED = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "MSI_ENDPOINT", "MSI_SECRET", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT"];

let emulator: Emulator;
let verify: (token: string) => boolean = () => false;
const saved = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({ acceptToken: (token) => verify(token) });
  verify = emulator.identity.verify;
  for (const name of CLEARED) delete process.env[name];
  Object.assign(process.env, { IDENTITY_ENDPOINT: emulator.identity.environment.IDENTITY_ENDPOINT, IDENTITY_HEADER: emulator.identity.environment.IDENTITY_HEADER });
});

afterAll(async () => {
  process.env = saved;
  await emulator?.close();
});

describe("managed identity from the emulator", () => {
  it("DefaultAzureCredential: our client creates and reads a registry with the emulator's token", async () => {
    const credential = new DefaultAzureCredential();
    const token = await credential.getToken(`${emulator.endpoint}/.default`);
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: emulator.endpoint, tid: emulator.identity.tenantId, oid: emulator.identity.principalId });
    // MSAL turns expires_on into expires_in and back, so it may land a second off the claim.
    expect(Math.abs(token.expiresOnTimestamp - (claims["exp"] as number) * 1000)).toBeLessThanOrEqual(2000);

    const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } });
    const registry = await client.registries.beginCreateAndWait("identity", "identityregistry", { location: "westus", sku: { name: "Basic" } });
    expect(registry.provisioningState).toBe("Succeeded");
    expect((await client.registries.get("identity", "identityregistry")).name).toBe("identityregistry");
  });

  it("ManagedIdentityCredential: the official 11.0.0 client lists registries", async () => {
    const client = new OfficialClient(new ManagedIdentityCredential(), SUBSCRIPTION, {
      endpoint: emulator.endpoint,
      credentialScopes: [`${emulator.endpoint}/.default`],
      tlsOptions: { ca: emulator.ca },
    } as ConstructorParameters<typeof OfficialClient>[2]);
    const names = (await all(client.registries.list())).map((r) => r.name);
    expect(names).toContain("identityregistry");
  });

  it("a token not from the endpoint is refused (so the calls above did use it)", async () => {
    const client = new ContainerRegistryManagementClient(
      { getToken: async () => ({ token: "made-up", expiresOnTimestamp: Date.now() + 3600_000 }) },
      SUBSCRIPTION,
      { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca }, retryOptions: { maxRetries: 0 } },
    );
    await expect(client.registries.get("identity", "identityregistry")).rejects.toMatchObject({ statusCode: 401 });
  });
});
