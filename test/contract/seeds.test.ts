// The scenarios of the seed documents (copied into test/fixtures/seeds/), driven through the client
// against a real HTTPS server. Long-running operations are answered synchronously.
import { beforeAll, describe, expect, it } from "vitest";
import {
  KnownSkuName,
  KnownTokenCertificateName,
  KnownTokenPasswordName,
  KnownTokenStatus,
  type ContainerRegistryManagementClient,
  type GenerateCredentialsResult,
  type Registry,
  type ScopeMap,
  type Token,
} from "../../src/index.js";
import { expectArmRequest, loadSeedFixture } from "../support/examples.js";
import { createTestClient, registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";

const MODES = ["beginXAndWait", "beginX + pollUntilDone"] as const;

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

function armId(resourceGroup: string, registry: string): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry}`;
}

describe("seed 003: generateCredentials with an expiry and a password name (REST doc)", () => {
  it.each(MODES)("POSTs { tokenId, expiry, name } and parses the generated passwords (%s)", async (mode) => {
    const seed = loadSeedFixture("generate-credentials");
    const path = `${registryPath(seed.resourceGroup, seed.registry)}/generateCredentials`;
    // The 2025-11-01 API also reports when each password was created.
    const creationTime = "2020-12-01T08:00:00.1234567Z";
    const answer = { ...seed.response, passwords: seed.response.passwords.map((p: object) => ({ ...p, creationTime })) };
    // Answered synchronously: the doc's Location header (asynchronous completion) is left out.
    server.on("POST", path, { status: 200, body: answer });

    const parameters = { tokenId: seed.request.tokenId, expiry: new Date(seed.request.expiry), name: KnownTokenPasswordName.Password1 };
    expect(parameters.name).toBe(seed.passwordName);
    let result: GenerateCredentialsResult;
    if (mode === "beginXAndWait") {
      result = await client.registries.beginGenerateCredentialsAndWait(seed.resourceGroup, seed.registry, parameters);
    } else {
      const poller = await client.registries.beginGenerateCredentials(seed.resourceGroup, seed.registry, parameters);
      result = await poller.pollUntilDone();
    }

    const request = expectArmRequest(server.requests[0], {
      method: "POST",
      path,
      // A Date holds milliseconds: the doc's 2020-12-31T15:59:59.0707808Z goes out as the same instant at ms precision.
      body: { tokenId: seed.request.tokenId, expiry: "2020-12-31T15:59:59.070Z", name: "password1" },
    });
    expect(new Date(request.json.expiry).getTime()).toBe(new Date(seed.request.expiry).getTime());
    expect(server.requests).toHaveLength(1);

    expect(result).toStrictEqual({
      username: "myToken",
      passwords: [
        { expiry: new Date("2020-12-31T15:59:59.0707808Z"), name: "password1", value: "00000000000000000000000000000000", creationTime: new Date(creationTime) },
        { expiry: new Date("2020-12-31T15:59:59.0707808Z"), name: "password2", value: "00000000000000000000000000000000", creationTime: new Date(creationTime) },
      ],
    } satisfies GenerateCredentialsResult);
    for (const password of result.passwords ?? []) {
      expect(password.creationTime).toBeInstanceOf(Date);
      expect(password.expiry).toBeInstanceOf(Date);
      expect(password.value).toBe("00000000000000000000000000000000");
    }
  });
});

describe("seeds 000/001: a disabled token with a certificate credential, bound to a user scope map", () => {
  it("creates the user scope map, then the token, with the seed's exact token body", async () => {
    const seed = loadSeedFixture("token-certificate-disabled");
    const base = registryPath(seed.resourceGroup, seed.registry);
    const registryId = armId(seed.resourceGroup, seed.registry);
    const actions = ["repositories/myrepository/content/read", "repositories/myrepository/content/write"];
    server.on("PUT", `${base}/scopeMaps/${seed.scopeMap}`, {
      status: 201,
      body: {
        id: `${registryId}/scopeMaps/${seed.scopeMap}`,
        name: seed.scopeMap,
        type: "Microsoft.ContainerRegistry/registries/scopeMaps",
        properties: { description: "Developer Scopes", type: "UserDefined", creationDate: "2017-03-01T23:14:37Z", provisioningState: "Succeeded", actions },
      },
    });
    server.on("PUT", `${base}/tokens/${seed.token}`, { status: 200, body: seed.response });

    const scopeMap: ScopeMap = await client.scopeMaps.beginCreateAndWait(seed.resourceGroup, seed.registry, seed.scopeMap, { description: "Developer Scopes", actions });
    expect(scopeMap.typePropertiesType).toBe("UserDefined");
    expect(scopeMap.id).toBe(seed.request.properties.scopeMapId);

    const pem: string = seed.request.properties.credentials.certificates[0].encodedPemCertificate;
    const poller = await client.tokens.beginCreate(seed.resourceGroup, seed.registry, seed.token, {
      scopeMapId: scopeMap.id,
      status: KnownTokenStatus.Disabled,
      credentials: { certificates: [{ name: KnownTokenCertificateName.Certificate1, encodedPemCertificate: pem }] },
    });
    const token: Token = await poller.pollUntilDone();

    expect(server.requests).toHaveLength(2);
    expectArmRequest(server.requests[0], {
      method: "PUT",
      path: `${base}/scopeMaps/${seed.scopeMap}`,
      body: { properties: { description: "Developer Scopes", actions } },
    });
    expectArmRequest(server.requests[1], { method: "PUT", path: `${base}/tokens/${seed.token}`, body: seed.request });

    expect(token).toStrictEqual({
      id: `${registryId}/tokens/myToken`,
      name: "myToken",
      type: "Microsoft.ContainerRegistry/registries/tokens",
      creationDate: new Date("2017-03-01T23:14:37.0707808Z"),
      provisioningState: "Succeeded",
      scopeMapId: scopeMap.id,
      status: "disabled",
      credentials: {
        certificates: [{ expiry: new Date("2020-12-04T15:32:48.0707808Z"), name: "certificate1", thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7" }],
      },
    } satisfies Token);
    expect(token.credentials?.certificates?.[0]?.expiry).toBeInstanceOf(Date);
  });
});

describe("seed 004: a Premium registry and a token bound to the built-in _repositories_pull scope map (azapi)", () => {
  it("creates the registry, reads the built-in scope map and creates the token bound to it", async () => {
    const seed = loadSeedFixture("premium-registry-pull-token");
    const rg: string = seed.resourceGroup;
    const registryName: string = seed.registry.name;
    const base = registryPath(rg, registryName);
    const registryId = armId(rg, registryName);
    const pullId = `${registryId}/scopeMaps/${seed.scopeMap.name}`;
    const props = seed.registry.body.properties;

    server.on("PUT", base, {
      status: 200,
      body: {
        id: registryId,
        name: registryName,
        type: "Microsoft.ContainerRegistry/registries",
        location: seed.location,
        sku: { name: "Premium", tier: "Premium" },
        properties: {
          ...props,
          policies: { ...props.policies, retentionPolicy: { days: 7, lastUpdatedTime: "2024-04-01T12:00:00Z", status: "disabled" } },
          loginServer: "acctest0001.azurecr.io",
          creationDate: "2024-04-01T12:00:00Z",
          provisioningState: "Succeeded",
          dataEndpointHostNames: [],
          privateEndpointConnections: [],
        },
      },
    });
    server.on("GET", `${base}/scopeMaps/_repositories_pull`, {
      status: 200,
      body: {
        id: pullId,
        name: "_repositories_pull",
        type: "Microsoft.ContainerRegistry/registries/scopeMaps",
        properties: {
          description: "Can pull any repository of the registry",
          type: "SystemDefined",
          creationDate: "2024-04-01T12:00:01Z",
          provisioningState: "Succeeded",
          actions: ["repositories/*/content/read"],
        },
      },
    });
    server.on("PUT", `${base}/tokens/${seed.token.name}`, (request) => ({
      status: 201,
      body: {
        id: `${registryId}/tokens/${seed.token.name}`,
        name: seed.token.name,
        type: "Microsoft.ContainerRegistry/registries/tokens",
        properties: { ...request.json.properties, creationDate: "2024-04-01T12:00:02Z", provisioningState: "Succeeded" },
      },
    }));

    // The registry, from the seed's body: the flattened properties at the top level of the model.
    const input: Registry = { location: seed.location, sku: { name: KnownSkuName.Premium, tier: "Premium" }, ...props };
    const registry = await client.registries.beginCreateAndWait(rg, registryName, input);
    const pull = await client.scopeMaps.get(rg, registryName, seed.scopeMap.name);
    const token = await client.tokens.beginCreateAndWait(rg, registryName, seed.token.name, { scopeMapId: pull.id, status: KnownTokenStatus.Enabled });

    expect(server.requests).toHaveLength(3);
    // sku.tier is read-only: the seed sends it, our client must not.
    expectArmRequest(server.requests[0], { method: "PUT", path: base, body: { location: "westeurope", sku: { name: "Premium" }, properties: props } });
    expectArmRequest(server.requests[1], { method: "GET", path: `${base}/scopeMaps/_repositories_pull`, body: undefined });
    expectArmRequest(server.requests[2], {
      method: "PUT",
      path: `${base}/tokens/${seed.token.name}`,
      body: { properties: { ...seed.token.body.properties, scopeMapId: pullId } },
    });

    expect(registry).toStrictEqual({
      id: registryId,
      name: "acctest0001",
      type: "Microsoft.ContainerRegistry/registries",
      location: "westeurope",
      sku: { name: "Premium", tier: "Premium" },
      loginServer: "acctest0001.azurecr.io",
      creationDate: new Date("2024-04-01T12:00:00Z"),
      provisioningState: "Succeeded",
      adminUserEnabled: true,
      anonymousPullEnabled: false,
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      encryption: { status: "disabled" },
      networkRuleBypassOptions: "AzureServices",
      policies: {
        exportPolicy: { status: "enabled" },
        quarantinePolicy: { status: "disabled" },
        retentionPolicy: { days: 7, lastUpdatedTime: new Date("2024-04-01T12:00:00Z"), status: "disabled" },
        trustPolicy: { status: "disabled" },
      },
      publicNetworkAccess: "Enabled",
      zoneRedundancy: "Disabled",
    } satisfies Registry);
    expect(pull).toMatchObject({ id: pullId, name: "_repositories_pull", typePropertiesType: "SystemDefined", actions: ["repositories/*/content/read"] });
    expect(pull.creationDate).toBeInstanceOf(Date);
    expect(token).toStrictEqual({
      id: `${registryId}/tokens/acctest0001`,
      name: "acctest0001",
      type: "Microsoft.ContainerRegistry/registries/tokens",
      creationDate: new Date("2024-04-01T12:00:02Z"),
      provisioningState: "Succeeded",
      scopeMapId: pullId,
      status: "enabled",
    } satisfies Token);
  });
});

describe("seed 002: the 2019-05-01-preview scope map examples, with the apiVersion client option", () => {
  const seed = loadSeedFixture("scope-map-2019-05-01-preview");
  const examples = seed.examples;
  const { resourceGroupName, registryName, scopeMapName } = examples.ScopeMapCreate.parameters;
  const path = `${registryPath(resourceGroupName, registryName)}/scopeMaps/${scopeMapName}`;
  let previewClient: ContainerRegistryManagementClient;

  beforeAll(() => {
    previewClient = createTestClient(server, { apiVersion: "2019-05-01-preview" });
  });

  function expectedScopeMap(actions: string[]): ScopeMap {
    return {
      id: `${armId(resourceGroupName, registryName)}/scopeMaps/myScopeMap`,
      name: "myScopeMap",
      type: "Microsoft.ContainerRegistry/registries/scopeMaps",
      actions,
      creationDate: new Date("2017-03-01T23:14:37.0707808Z"),
      provisioningState: "Succeeded",
      typePropertiesType: "IsUserDefined",
    };
  }

  it("the fixture is the preview version's", () => {
    expect(seed.apiVersion).toBe("2019-05-01-preview");
    expect(previewClient.apiVersion).toBe("2019-05-01-preview");
    expect(client.apiVersion).toBe("2025-11-01");
  });

  it.each(MODES)("ScopeMapCreate: PUTs the example's body with api-version=2019-05-01-preview (%s)", async (mode) => {
    const example = examples.ScopeMapCreate;
    server.on("PUT", path, { status: 200, body: example.responses["200"].body });
    const { actions, description } = example.parameters.scopeMapCreateParameters.properties;

    const scopeMap =
      mode === "beginXAndWait"
        ? await previewClient.scopeMaps.beginCreateAndWait(resourceGroupName, registryName, scopeMapName, { actions, description })
        : await (await previewClient.scopeMaps.beginCreate(resourceGroupName, registryName, scopeMapName, { actions, description })).pollUntilDone();

    expectArmRequest(server.requests[0], { method: "PUT", path, apiVersion: "2019-05-01-preview", body: example.parameters.scopeMapCreateParameters });
    expect(server.requests[0]!.url).toContain("api-version=2019-05-01-preview");
    expect(scopeMap).toStrictEqual(expectedScopeMap(["repositories/myrepository/contentWrite", "repositories/myrepository/delete"]));
  });

  it("ScopeMapCreate: also parses the example's 201 answer", async () => {
    const example = examples.ScopeMapCreate;
    server.on("PUT", path, { status: 201, body: example.responses["201"].body });
    const { actions, description } = example.parameters.scopeMapCreateParameters.properties;
    const scopeMap = await previewClient.scopeMaps.beginCreateAndWait(resourceGroupName, registryName, scopeMapName, { actions, description });
    expect(scopeMap).toStrictEqual(expectedScopeMap(actions));
    expect(server.requests).toHaveLength(1);
  });

  it("ScopeMapGet and ScopeMapList: GET with the preview api-version", async () => {
    server.on("GET", path, { status: 200, body: examples.ScopeMapGet.responses["200"].body });
    server.on("GET", `${registryPath(resourceGroupName, registryName)}/scopeMaps`, { status: 200, body: examples.ScopeMapList.responses["200"].body });

    const scopeMap = await previewClient.scopeMaps.get(resourceGroupName, registryName, examples.ScopeMapGet.parameters.scopeMapName);
    const all: ScopeMap[] = [];
    for await (const item of previewClient.scopeMaps.list(resourceGroupName, registryName)) all.push(item);

    const expected = expectedScopeMap(["repositories/myrepository/contentWrite", "repositories/myrepository/delete"]);
    expectArmRequest(server.requests[0], { method: "GET", path, apiVersion: "2019-05-01-preview", body: undefined });
    expectArmRequest(server.requests[1], { method: "GET", path: `${registryPath(resourceGroupName, registryName)}/scopeMaps`, apiVersion: "2019-05-01-preview" });
    expect(scopeMap).toStrictEqual(expected);
    expect(all).toStrictEqual([expected]);
  });

  it("ScopeMapUpdate: PATCHes the example's body with the preview api-version", async () => {
    const example = examples.ScopeMapUpdate;
    server.on("PATCH", path, { status: 200, body: example.responses["200"].body });
    const { actions, description } = example.parameters.scopeMapUpdateParameters.properties;

    const scopeMap = await previewClient.scopeMaps.beginUpdateAndWait(resourceGroupName, registryName, example.parameters.scopeMapName, { actions, description });

    expectArmRequest(server.requests[0], { method: "PATCH", path, apiVersion: "2019-05-01-preview", body: example.parameters.scopeMapUpdateParameters });
    expect(scopeMap).toStrictEqual(expectedScopeMap(["repositories/myrepository/contentWrite", "repositories/myrepository/contentRead"]));
  });

  it.each(["200", "204"])("ScopeMapDelete: DELETEs with the preview api-version (status %s)", async (status) => {
    const example = examples.ScopeMapDelete;
    expect(example.responses[status]).toEqual({});
    server.on("DELETE", path, { status: Number(status) });

    await expect(previewClient.scopeMaps.beginDeleteAndWait(resourceGroupName, registryName, example.parameters.scopeMapName)).resolves.toBeUndefined();

    expectArmRequest(server.requests[0], { method: "DELETE", path, apiVersion: "2019-05-01-preview", body: undefined });
    expect(server.requests).toHaveLength(1);
  });
});
