// The credential goes to the endpoint's origin only: links and stored state naming another origin
// (a second HTTPS server on another port) are refused before anything is sent there.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ClientErrorCodes, InvalidParameterError, type ContainerRegistryManagementClient } from "../../src/index.js";
import { createTestClient, registryPath, startTestServer, SUBSCRIPTION_ID, testCredential, type TestServer } from "../support/testServer.js";

let home: TestServer;
let other: TestServer;
beforeAll(async () => {
  [home, other] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(() => Promise.all([home.close(), other.close()]));
beforeEach(() => {
  home.reset();
  other.reset();
  // Were anything to reach it, the other origin would answer as a finished operation or an empty page.
  other.on("GET", /.*/, { status: 200, body: { status: "Succeeded", value: [] } });
});

const RG = "myResourceGroup";
const REG = "myRegistry";
const tokenPath = `${registryPath()}/tokens/myToken`;
const operationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op1`;
const creating = { id: tokenPath, name: "myToken", properties: { provisioningState: "Creating" } };

/** A poller's toString() after one InProgress poll, with `edit` applied to its state's config. */
async function storedState(client: ContainerRegistryManagementClient, edit: (config: Record<string, string>) => void): Promise<string> {
  home.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` }, body: creating }));
  home.on("GET", operationPath, { status: 200, body: { status: "InProgress" } });
  const poller = await client.tokens.beginCreate(RG, REG, "myToken", {});
  await poller.poll();
  const stored = JSON.parse(poller.toString());
  edit(stored.state.config);
  home.reset();
  return JSON.stringify(stored);
}

const cases: Array<[string, (client: ContainerRegistryManagementClient) => Promise<unknown>]> = [
  ["a list's nextLink", async (client) => {
    home.on("GET", `${registryPath()}/tokens`, { status: 200, body: { value: [{ name: "first" }], nextLink: `${other.endpoint}${registryPath()}/tokens?page=2` } });
    for await (const token of client.tokens.list(RG, REG)) void token;
  }],
  ["a continuation token", async (client) => {
    for await (const page of client.tokens.list(RG, REG).byPage({ continuationToken: `${other.endpoint}${registryPath()}/tokens?page=2` })) void page;
  }],
  ["an Azure-AsyncOperation header", (client) => {
    home.on("PUT", tokenPath, { status: 201, headers: { "azure-asyncoperation": `${other.endpoint}${operationPath}` }, body: creating });
    return client.tokens.beginCreateAndWait(RG, REG, "myToken", {});
  }],
  ["a delete's Location header", (client) => {
    home.on("DELETE", tokenPath, { status: 202, headers: { location: `${other.endpoint}${operationPath}` } });
    return client.tokens.beginDeleteAndWait(RG, REG, "myToken");
  }],
  ["a generateCredentials Location header", (client) => {
    home.on("POST", `${registryPath()}/generateCredentials`, { status: 202, headers: { location: `${other.endpoint}${operationPath}` } });
    return client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });
  }],
  ["a Location for the final GET, beside a trusted Azure-AsyncOperation", (client) => {
    home.on("POST", `${registryPath()}/generateCredentials`, (_r, s) => ({
      status: 202,
      headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, location: `${other.endpoint}${operationPath}/result` },
    }));
    home.on("GET", operationPath, { status: 200, body: { status: "Succeeded" } });
    return client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });
  }],
  ["a PUT's Location header", (client) => {
    home.on("PUT", tokenPath, { status: 201, headers: { location: `${other.endpoint}${operationPath}` }, body: creating });
    return client.tokens.beginCreateAndWait(RG, REG, "myToken", {});
  }],
  ["resumeFrom with another operation location", async (client) => {
    const resumeFrom = await storedState(client, (config) => (config.operationLocation = `${other.endpoint}${operationPath}`));
    return client.tokens.beginCreateAndWait(RG, REG, "myToken", {}, { resumeFrom });
  }],
  ["resumeFrom with another resource location", async (client) => {
    const resumeFrom = await storedState(client, (config) => (config.resourceLocation = `${other.endpoint}${tokenPath}`));
    home.on("GET", operationPath, { status: 200, body: { status: "Succeeded" } });
    return client.tokens.beginCreateAndWait(RG, REG, "myToken", {}, { resumeFrom });
  }],
];

describe("the credential goes to the endpoint's origin only", () => {
  it.each(cases)("refuses %s naming another origin, sending it nothing", async (_name, run) => {
    const credential = testCredential();
    const error = await run(createTestClient(home, {}, credential)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe(ClientErrorCodes.untrustedOrigin);
    expect((error as RestError).message).toContain(`Refused to send a request to ${other.endpoint}`);
    expect(other.requests).toEqual([]);
  });

  it("sends to an origin named in additionalTrustedOrigins", async () => {
    home.on("PUT", tokenPath, { status: 201, headers: { "azure-asyncoperation": `${other.endpoint}${operationPath}` }, body: creating });
    other.on("GET", tokenPath, { status: 200, body: { name: "myToken", properties: { provisioningState: "Succeeded" } } });
    const client = createTestClient(home, { additionalTrustedOrigins: [`${other.endpoint}/any/path`] });
    await client.tokens.beginCreateAndWait(RG, REG, "myToken", {});
    expect(other.requests.map((r) => r.headers.authorization)).toEqual(["Bearer test-bearer-token"]);
  });

  it("refuses a URL that is not absolute, and does not ask the credential for it", async () => {
    const credential = testCredential();
    home.on("PUT", tokenPath, { status: 201, headers: { "azure-asyncoperation": "http:not-a-url" }, body: creating });
    const client = createTestClient(home, {}, credential);
    const error = await client.tokens.beginCreateAndWait(RG, REG, "myToken", {}).catch((e: unknown) => e);
    expect((error as RestError).code).toBe("UntrustedOrigin");
    expect(credential.calls).toBe(1);
  });

  it("checks additionalTrustedOrigins when the client is made", () => {
    const make = (origins: unknown) => () => createTestClient(home, { additionalTrustedOrigins: origins as string[] });
    expect(make(["not an origin"])).toThrow(InvalidParameterError);
    expect(make(["not an origin"])).toThrow(expect.objectContaining({ parameterName: "options.additionalTrustedOrigins[0]", rule: "format" }));
    expect(make("https://example.com")).toThrow(expect.objectContaining({ rule: "type" }));
  });
});
