// Contract of client.registries against a real HTTPS server: the requests on the wire and the parsed answers,
// with the 2025-11-01 spec examples as fixtures where one exists.
// Long-running operations are answered synchronously here (the polling paths are tested elsewhere).
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import {
  InvalidParameterError,
  KnownPasswordName,
  KnownSkuName,
  KnownTokenPasswordName,
  type ContainerRegistryManagementClient,
  type GenerateCredentialsResult,
  type PrivateLinkResource,
  type Registry,
} from "../../src/index.js";
import { exampleBody, expectArmRequest, loadExample } from "../support/examples.js";
import { registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";

const RG = "myResourceGroup";
const REGISTRY = "myRegistry";
const REGISTRY_PATH = registryPath(RG, REGISTRY);
const REGISTRY_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}`;
const SUBSCRIPTION_REGISTRIES = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/registries`;
const GROUP_REGISTRIES = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries`;

const MODES = ["beginXAndWait", "beginX + pollUntilDone"] as const;
type Mode = (typeof MODES)[number];

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

/** The registry of the RegistryCreate example's 200 answer, as the client should present it. */
const createdRegistry: Registry = {
  id: REGISTRY_ID,
  name: "myRegistry",
  type: "Microsoft.ContainerRegistry/registries",
  location: "westus",
  tags: { key: "value" },
  sku: { name: "Standard", tier: "Standard" },
  loginServer: "myRegistry.azurecr.io",
  creationDate: new Date("2021-06-15T21:38:26.1537861Z"),
  provisioningState: "Succeeded",
  adminUserEnabled: true,
  networkRuleSet: { defaultAction: "Allow", ipRules: [] },
  policies: {
    quarantinePolicy: { status: "disabled" },
    trustPolicy: { type: "Notary", status: "disabled" },
    retentionPolicy: { days: 7, lastUpdatedTime: new Date("2021-06-15T21:40:12.8506835+00:00"), status: "disabled" },
    exportPolicy: { status: "enabled" },
    azureADAuthenticationAsArmPolicy: { status: "enabled" },
  },
  encryption: { status: "disabled" },
  // "status": null on the wire: left out.
  dataEndpointEnabled: false,
  dataEndpointHostNames: [],
  privateEndpointConnections: [],
  publicNetworkAccess: "Enabled",
  networkRuleBypassOptions: "AzureServices",
  networkRuleBypassAllowedForTasks: false,
  zoneRedundancy: "Disabled",
  anonymousPullEnabled: false,
  roleAssignmentMode: "LegacyRegistryPermissions",
};

/** The registry of the RegistryGet example (also the one item of RegistryList and RegistryListByResourceGroup). */
const exampleRegistry: Registry = {
  ...createdRegistry,
  adminUserEnabled: false,
};

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

async function expectRestError(promise: Promise<unknown>, expected: { statusCode: number; code: string; message: string }): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  expect(error).toMatchObject(expected);
  return error as RestError;
}

describe("registries.get", () => {
  it("GETs the registry and parses the RegistryGet example", async () => {
    const example = loadExample("RegistryGet");
    server.on("GET", REGISTRY_PATH, { status: 200, body: exampleBody(example, 200) });

    const registry = await client.registries.get(example.parameters.resourceGroupName, example.parameters.registryName);

    expectArmRequest(server.requests[0], { method: "GET", path: REGISTRY_PATH, body: undefined });
    expect(server.requests).toHaveLength(1);
    expect(registry).toStrictEqual(exampleRegistry);
    expect(registry.creationDate).toBeInstanceOf(Date);
    expect(registry.policies?.retentionPolicy?.lastUpdatedTime).toBeInstanceOf(Date);
    expect(registry).not.toHaveProperty("properties");
  });

  it("converts every nested model of a full answer", async () => {
    const uaiId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myIdentity`;
    const peId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.Network/privateEndpoints/myPe`;
    server.on("GET", REGISTRY_PATH, {
      status: 200,
      body: {
        id: REGISTRY_ID,
        name: "myRegistry",
        type: "Microsoft.ContainerRegistry/registries",
        location: "westus",
        systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: "2024-01-01T00:00:00Z", lastModifiedAt: "2024-01-02T00:00:00Z" },
        sku: { name: "Premium", tier: "Premium" },
        identity: {
          principalId: "11111111-1111-1111-1111-111111111111",
          tenantId: "22222222-2222-2222-2222-222222222222",
          type: "SystemAssigned, UserAssigned",
          userAssignedIdentities: { [uaiId]: { principalId: "33333333-3333-3333-3333-333333333333", clientId: "44444444-4444-4444-4444-444444444444" } },
        },
        properties: {
          loginServer: "myregistry.azurecr.io",
          creationDate: "2024-01-01T00:00:00Z",
          provisioningState: "Succeeded",
          status: { displayStatus: "Ready", message: "All good", timestamp: "2024-01-03T04:05:06Z" },
          adminUserEnabled: false,
          networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "23.45.1.0/24" }] },
          encryption: {
            status: "enabled",
            keyVaultProperties: {
              keyIdentifier: "https://myvault.vault.azure.net/keys/mykey",
              versionedKeyIdentifier: "https://myvault.vault.azure.net/keys/mykey/0123",
              identity: "44444444-4444-4444-4444-444444444444",
              keyRotationEnabled: true,
              lastKeyRotationTimestamp: "2024-02-01T00:00:00Z",
            },
          },
          dataEndpointEnabled: true,
          dataEndpointHostNames: ["myregistry.westus.data.azurecr.io"],
          privateEndpointConnections: [
            {
              id: `${REGISTRY_ID}/privateEndpointConnections/myConnection`,
              name: "myConnection",
              type: "Microsoft.ContainerRegistry/registries/privateEndpointConnections",
              properties: {
                privateEndpoint: { id: peId },
                privateLinkServiceConnectionState: { status: "Approved", description: "Auto-approved", actionsRequired: "None" },
                provisioningState: "Succeeded",
              },
            },
          ],
          publicNetworkAccess: "Disabled",
          networkRuleBypassOptions: "None",
          zoneRedundancy: "Enabled",
          anonymousPullEnabled: true,
        },
      },
    });

    const registry = await client.registries.get(RG, REGISTRY);

    expect(registry).toStrictEqual({
      id: REGISTRY_ID,
      name: "myRegistry",
      type: "Microsoft.ContainerRegistry/registries",
      location: "westus",
      systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: new Date("2024-01-01T00:00:00Z"), lastModifiedAt: new Date("2024-01-02T00:00:00Z") },
      sku: { name: "Premium", tier: "Premium" },
      identity: {
        principalId: "11111111-1111-1111-1111-111111111111",
        tenantId: "22222222-2222-2222-2222-222222222222",
        type: "SystemAssigned, UserAssigned",
        userAssignedIdentities: { [uaiId]: { principalId: "33333333-3333-3333-3333-333333333333", clientId: "44444444-4444-4444-4444-444444444444" } },
      },
      loginServer: "myregistry.azurecr.io",
      creationDate: new Date("2024-01-01T00:00:00Z"),
      provisioningState: "Succeeded",
      status: { displayStatus: "Ready", message: "All good", timestamp: new Date("2024-01-03T04:05:06Z") },
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", iPAddressOrRange: "23.45.1.0/24" }] },
      encryption: {
        status: "enabled",
        keyVaultProperties: {
          keyIdentifier: "https://myvault.vault.azure.net/keys/mykey",
          versionedKeyIdentifier: "https://myvault.vault.azure.net/keys/mykey/0123",
          identity: "44444444-4444-4444-4444-444444444444",
          keyRotationEnabled: true,
          lastKeyRotationTimestamp: new Date("2024-02-01T00:00:00Z"),
        },
      },
      dataEndpointEnabled: true,
      dataEndpointHostNames: ["myregistry.westus.data.azurecr.io"],
      privateEndpointConnections: [
        {
          id: `${REGISTRY_ID}/privateEndpointConnections/myConnection`,
          name: "myConnection",
          type: "Microsoft.ContainerRegistry/registries/privateEndpointConnections",
          privateEndpoint: { id: peId },
          privateLinkServiceConnectionState: { status: "Approved", description: "Auto-approved", actionsRequired: "None" },
          provisioningState: "Succeeded",
        },
      ],
      publicNetworkAccess: "Disabled",
      networkRuleBypassOptions: "None",
      zoneRedundancy: "Enabled",
      anonymousPullEnabled: true,
    } satisfies Registry);
  });

  it("turns a 404 ARM error into a RestError with the body's code and message", async () => {
    server.on("GET", registryPath(RG, "missingRegistry"), {
      status: 404,
      body: { error: { code: "ResourceNotFound", message: "The Resource 'Microsoft.ContainerRegistry/registries/missingRegistry' was not found." } },
    });
    const error = await expectRestError(client.registries.get(RG, "missingRegistry"), {
      statusCode: 404,
      code: "ResourceNotFound",
      message: "The Resource 'Microsoft.ContainerRegistry/registries/missingRegistry' was not found.",
    });
    expect(error.response?.status).toBe(404);
  });

  it("rejects a registry name that breaks the spec's rules without sending anything", async () => {
    await expect(client.registries.get(RG, "my-registry")).rejects.toMatchObject({ parameterName: "registryName", rule: "pattern" });
    await expect(client.registries.get(RG, "acr")).rejects.toMatchObject({ parameterName: "registryName", rule: "minLength" });
    await expect(client.registries.get("", REGISTRY)).rejects.toBeInstanceOf(InvalidParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("registries.list and listByResourceGroup", () => {
  it("list GETs the subscription's registries and parses the RegistryList example", async () => {
    server.on("GET", SUBSCRIPTION_REGISTRIES, { status: 200, body: exampleBody(loadExample("RegistryList"), 200) });

    const registries = await collect(client.registries.list());

    expectArmRequest(server.requests[0], { method: "GET", path: SUBSCRIPTION_REGISTRIES, body: undefined });
    expect(server.requests).toHaveLength(1);
    expect(registries).toStrictEqual([exampleRegistry]);
  });

  it("list follows nextLink", async () => {
    const item = exampleBody(loadExample("RegistryGet"), 200);
    server.on("GET", SUBSCRIPTION_REGISTRIES, (request) =>
      request.query.get("$skipToken") === "abc"
        ? { status: 200, body: { value: [{ ...item, name: "otherRegistry" }] } }
        : { status: 200, body: { value: [item], nextLink: `${server.endpoint}${SUBSCRIPTION_REGISTRIES}?api-version=2025-11-01&$skipToken=abc` } },
    );
    expect((await collect(client.registries.list())).map((r) => r.name)).toEqual(["myRegistry", "otherRegistry"]);
    expect(server.requests).toHaveLength(2);
  });

  it("listByResourceGroup GETs the group's registries and parses the RegistryListByResourceGroup example", async () => {
    const example = loadExample("RegistryListByResourceGroup");
    server.on("GET", GROUP_REGISTRIES, { status: 200, body: exampleBody(example, 200) });

    const registries = await collect(client.registries.listByResourceGroup(example.parameters.resourceGroupName));

    expectArmRequest(server.requests[0], { method: "GET", path: GROUP_REGISTRIES, body: undefined });
    expect(registries).toStrictEqual([exampleRegistry]);
  });

  it("listByResourceGroup turns a 404 ARM error into a RestError", async () => {
    server.on("GET", GROUP_REGISTRIES, { status: 404, body: { error: { code: "ResourceGroupNotFound", message: "Resource group 'myResourceGroup' could not be found." } } });
    await expectRestError(collect(client.registries.listByResourceGroup(RG)), {
      statusCode: 404,
      code: "ResourceGroupNotFound",
      message: "Resource group 'myResourceGroup' could not be found.",
    });
  });
});

describe("registries.beginCreate", () => {
  async function create(mode: Mode, registryName: string, registry: Registry): Promise<Registry> {
    if (mode === "beginXAndWait") return client.registries.beginCreateAndWait(RG, registryName, registry);
    const poller = await client.registries.beginCreate(RG, registryName, registry);
    const result = await poller.pollUntilDone();
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toStrictEqual(result);
    return result;
  }

  it.each(MODES)("PUTs the RegistryCreate example's body and parses its 200 answer (%s)", async (mode) => {
    const example = loadExample("RegistryCreate");
    server.on("PUT", REGISTRY_PATH, { status: 200, body: exampleBody(example, 200) });

    const registry = await create(mode, example.parameters.registryName, {
      location: "westus",
      tags: { key: "value" },
      sku: { name: KnownSkuName.Standard },
      adminUserEnabled: true,
    });

    expectArmRequest(server.requests[0], { method: "PUT", path: REGISTRY_PATH, body: example.parameters.registry });
    expect(server.requests).toHaveLength(1);
    expect(registry).toStrictEqual(createdRegistry);
  });

  it.each(MODES)("PUTs the RegistryCreateZoneRedundant example's body and parses its 200 answer (%s)", async (mode) => {
    const example = loadExample("RegistryCreateZoneRedundant");
    server.on("PUT", REGISTRY_PATH, { status: 200, body: exampleBody(example, 200) });

    const registry = await create(mode, REGISTRY, { location: "westus", tags: { key: "value" }, sku: { name: "Standard" }, zoneRedundancy: "Enabled" });

    expectArmRequest(server.requests[0], { method: "PUT", path: REGISTRY_PATH, body: example.parameters.registry });
    expect(registry).toStrictEqual({ ...createdRegistry, adminUserEnabled: false, zoneRedundancy: "Enabled" });
  });

  it("nests flattened properties, renames iPAddressOrRange to value, and leaves every read-only property out", async () => {
    const uaiId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/myIdentity`;
    // A 201 whose body says Succeeded: done at once, no polling.
    server.on("PUT", REGISTRY_PATH, { status: 201, body: { ...exampleBody(loadExample("RegistryGet"), 200), sku: { name: "Premium", tier: "Premium" } } });

    const registry = await client.registries.beginCreateAndWait(RG, REGISTRY, {
      location: "westus",
      tags: { env: "test" },
      sku: { name: "Premium", tier: "Premium" },
      identity: {
        type: "UserAssigned",
        principalId: "read-only",
        tenantId: "read-only",
        userAssignedIdentities: { [uaiId]: { principalId: "read-only", clientId: "read-only" } },
      },
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", iPAddressOrRange: "23.45.1.0/24" }] },
      policies: {
        quarantinePolicy: { status: "enabled" },
        trustPolicy: { type: "Notary", status: "enabled" },
        retentionPolicy: { days: 30, status: "enabled", lastUpdatedTime: new Date("2020-01-01T00:00:00Z") },
        exportPolicy: { status: "disabled" },
        azureADAuthenticationAsArmPolicy: { status: "disabled" },
      },
      encryption: {
        status: "enabled",
        keyVaultProperties: {
          keyIdentifier: "https://myvault.vault.azure.net/keys/mykey",
          identity: "44444444-4444-4444-4444-444444444444",
          versionedKeyIdentifier: "read-only",
          keyRotationEnabled: true,
          lastKeyRotationTimestamp: new Date("2020-01-01T00:00:00Z"),
        },
      },
      dataEndpointEnabled: true,
      publicNetworkAccess: "Disabled",
      networkRuleBypassOptions: "None",
      zoneRedundancy: "Enabled",
      anonymousPullEnabled: false,
      // Read-only.
      id: REGISTRY_ID,
      name: "myRegistry",
      type: "Microsoft.ContainerRegistry/registries",
      systemData: { createdBy: "someone" },
      loginServer: "myregistry.azurecr.io",
      creationDate: new Date("2020-01-01T00:00:00Z"),
      provisioningState: "Succeeded",
      status: { displayStatus: "Ready" },
      dataEndpointHostNames: ["x"],
      privateEndpointConnections: [{ privateEndpoint: { id: "x" } }],
    });

    expectArmRequest(server.requests[0], {
      method: "PUT",
      path: REGISTRY_PATH,
      body: {
        location: "westus",
        tags: { env: "test" },
        sku: { name: "Premium" },
        identity: { type: "UserAssigned", userAssignedIdentities: { [uaiId]: {} } },
        properties: {
          adminUserEnabled: false,
          networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "23.45.1.0/24" }] },
          policies: {
            quarantinePolicy: { status: "enabled" },
            trustPolicy: { type: "Notary", status: "enabled" },
            retentionPolicy: { days: 30, status: "enabled" },
            exportPolicy: { status: "disabled" },
            azureADAuthenticationAsArmPolicy: { status: "disabled" },
          },
          encryption: {
            status: "enabled",
            keyVaultProperties: { keyIdentifier: "https://myvault.vault.azure.net/keys/mykey", identity: "44444444-4444-4444-4444-444444444444" },
          },
          dataEndpointEnabled: true,
          publicNetworkAccess: "Disabled",
          networkRuleBypassOptions: "None",
          zoneRedundancy: "Enabled",
          anonymousPullEnabled: false,
        },
      },
    });
    expect(server.requests).toHaveLength(1);
    expect(registry).toStrictEqual({ ...exampleRegistry, sku: { name: "Premium", tier: "Premium" } });
  });

  it.each(MODES)("turns a 409 ARM error into a RestError (%s)", async (mode) => {
    server.on("PUT", REGISTRY_PATH, {
      status: 409,
      body: { error: { code: "AlreadyInUse", message: "The registry DNS name myregistry.azurecr.io is already in use." } },
    });
    await expectRestError(create(mode, REGISTRY, { location: "westus", sku: { name: "Basic" } }), {
      statusCode: 409,
      code: "AlreadyInUse",
      message: "The registry DNS name myregistry.azurecr.io is already in use.",
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe("registries.beginUpdate", () => {
  it.each(MODES)("PATCHes the RegistryUpdate example's body and parses its 200 answer (%s)", async (mode) => {
    const example = loadExample("RegistryUpdate");
    server.on("PATCH", REGISTRY_PATH, { status: 200, body: exampleBody(example, 200) });
    // The 2025-11-01 example switches the registry to ABAC repository permissions.
    const parameters = { tags: { key: "value" }, sku: { name: "Standard" }, adminUserEnabled: true, roleAssignmentMode: "AbacRepositoryPermissions" };

    let registry: Registry;
    if (mode === "beginXAndWait") {
      registry = await client.registries.beginUpdateAndWait(RG, REGISTRY, parameters);
    } else {
      const poller = await client.registries.beginUpdate(RG, REGISTRY, parameters);
      registry = await poller.pollUntilDone();
      expect(poller.isDone()).toBe(true);
    }

    expectArmRequest(server.requests[0], { method: "PATCH", path: REGISTRY_PATH, body: example.parameters.registryUpdateParameters });
    expect(server.requests).toHaveLength(1);
    expect(registry).toStrictEqual({ ...exampleRegistry, adminUserEnabled: true, roleAssignmentMode: "AbacRepositoryPermissions" });
  });

  it("leaves read-only nested properties out of the update", async () => {
    server.on("PATCH", REGISTRY_PATH, { status: 200, body: exampleBody(loadExample("RegistryUpdate"), 200) });

    await client.registries.beginUpdateAndWait(RG, REGISTRY, {
      identity: { type: "SystemAssigned", principalId: "read-only", tenantId: "read-only" },
      sku: { name: "Premium", tier: "Standard" },
      policies: { retentionPolicy: { days: 1, lastUpdatedTime: new Date("2020-01-01T00:00:00Z") } },
      networkRuleSet: { defaultAction: "Allow" },
      publicNetworkAccess: "Enabled",
    });

    expectArmRequest(server.requests[0], {
      method: "PATCH",
      path: REGISTRY_PATH,
      body: {
        identity: { type: "SystemAssigned" },
        sku: { name: "Premium" },
        properties: { policies: { retentionPolicy: { days: 1 } }, networkRuleSet: { defaultAction: "Allow" }, publicNetworkAccess: "Enabled" },
      },
    });
  });

  it("turns a 400 ARM error into a RestError", async () => {
    server.on("PATCH", REGISTRY_PATH, { status: 400, body: { error: { code: "SkuDowngradeNotAllowed", message: "Cannot downgrade from Premium." } } });
    await expectRestError(client.registries.beginUpdateAndWait(RG, REGISTRY, { sku: { name: "Basic" } }), {
      statusCode: 400,
      code: "SkuDowngradeNotAllowed",
      message: "Cannot downgrade from Premium.",
    });
  });
});

describe("registries.beginDelete", () => {
  const cases = MODES.flatMap((mode) => ["200", "204"].map((status): [Mode, string] => [mode, status]));

  it.each(cases)("DELETEs the registry of the RegistryDelete example (%s, status %s)", async (mode, status) => {
    const example = loadExample("RegistryDelete");
    expect(example.responses[status]).toEqual({});
    server.on("DELETE", REGISTRY_PATH, { status: Number(status) });

    let result: void;
    if (mode === "beginXAndWait") {
      result = await client.registries.beginDeleteAndWait(example.parameters.resourceGroupName, example.parameters.registryName);
    } else {
      const poller = await client.registries.beginDelete(example.parameters.resourceGroupName, example.parameters.registryName);
      result = await poller.pollUntilDone();
      expect(poller.getOperationState().status).toBe("succeeded");
    }

    expect(result).toBeUndefined();
    expectArmRequest(server.requests[0], { method: "DELETE", path: REGISTRY_PATH, body: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it("turns a 409 ARM error into a RestError", async () => {
    server.on("DELETE", REGISTRY_PATH, { status: 409, body: { error: { code: "ResourceLocked", message: "The registry is locked." } } });
    await expectRestError(client.registries.beginDeleteAndWait(RG, REGISTRY), { statusCode: 409, code: "ResourceLocked", message: "The registry is locked." });
  });
});

describe("registries.checkNameAvailability", () => {
  const PATH = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/checkNameAvailability`;

  it.each([
    ["RegistryCheckNameAvailable", { nameAvailable: true }],
    ["RegistryCheckNameNotAvailable", { nameAvailable: false, reason: "AlreadyExists", message: "The registry myRegistry is already in use." }],
  ])("POSTs the name with the constant type, per %s, and parses the answer", async (name, expected) => {
    const example = loadExample(name);
    server.on("POST", PATH, { status: 200, body: exampleBody(example, 200) });

    const status = await client.registries.checkNameAvailability({ name: example.parameters.registryNameCheckRequest.name });

    // The caller never gave `type`: the client fills in the spec's constant.
    expectArmRequest(server.requests[0], { method: "POST", path: PATH, body: example.parameters.registryNameCheckRequest });
    expect(server.requests[0]!.json).toStrictEqual({ name: "myRegistry", type: "Microsoft.ContainerRegistry/registries" });
    expect(status).toStrictEqual(expected);
  });

  it("turns a 400 ARM error into a RestError", async () => {
    server.on("POST", PATH, { status: 400, body: { error: { code: "InvalidRequestContent", message: "The request content was invalid." } } });
    await expectRestError(client.registries.checkNameAvailability({ name: "takenregistry" }), {
      statusCode: 400,
      code: "InvalidRequestContent",
      message: "The request content was invalid.",
    });
  });
});

describe("registries.listUsages", () => {
  it("GETs listUsages and parses the RegistryListUsages example", async () => {
    server.on("GET", `${REGISTRY_PATH}/listUsages`, { status: 200, body: exampleBody(loadExample("RegistryListUsages"), 200) });

    const usages = await client.registries.listUsages(RG, REGISTRY);

    expectArmRequest(server.requests[0], { method: "GET", path: `${REGISTRY_PATH}/listUsages`, body: undefined });
    expect(usages).toStrictEqual({
      value: [
        { name: "Size", limit: 107374182400, currentValue: 12345678, unit: "Bytes" },
        { name: "Webhooks", limit: 10, currentValue: 2, unit: "Count" },
      ],
    });
  });
});

describe("registries.listCredentials and regenerateCredential", () => {
  it("listCredentials POSTs without a body and parses the admin credentials", async () => {
    server.on("POST", `${REGISTRY_PATH}/listCredentials`, {
      status: 200,
      body: { username: "myRegistry", passwords: [{ name: "password", value: "p1" }, { name: "password2", value: "p2" }] },
    });

    const credentials = await client.registries.listCredentials(RG, REGISTRY);

    expectArmRequest(server.requests[0], { method: "POST", path: `${REGISTRY_PATH}/listCredentials`, body: undefined });
    expect(credentials).toStrictEqual({ username: "myRegistry", passwords: [{ name: "password", value: "p1" }, { name: "password2", value: "p2" }] });
  });

  it("listCredentials turns a 400 ARM error into a RestError", async () => {
    server.on("POST", `${REGISTRY_PATH}/listCredentials`, {
      status: 400,
      body: { error: { code: "AdminUserDisabled", message: "Admin user is disabled." } },
    });
    await expectRestError(client.registries.listCredentials(RG, REGISTRY), { statusCode: 400, code: "AdminUserDisabled", message: "Admin user is disabled." });
  });

  it("regenerateCredential POSTs the RegistryRegenerateCredential example's body and parses its answer", async () => {
    const example = loadExample("RegistryRegenerateCredential");
    server.on("POST", `${REGISTRY_PATH}/regenerateCredential`, { status: 200, body: exampleBody(example, 200) });

    const credentials = await client.registries.regenerateCredential(RG, REGISTRY, { name: KnownPasswordName.Password });

    expectArmRequest(server.requests[0], { method: "POST", path: `${REGISTRY_PATH}/regenerateCredential`, body: example.parameters.regenerateCredentialParameters });
    expect(credentials).toStrictEqual({
      username: "myRegistry",
      passwords: [
        { name: "password", value: "00000000000000000000000000000000" },
        { name: "password2", value: "00000000000000000000000000000000" },
      ],
    });
  });
});

describe("registries.beginGenerateCredentials", () => {
  const tokenId = `${REGISTRY_ID}/tokens/myToken`;
  const answer = {
    username: "myToken",
    passwords: [
      { creationTime: "2024-05-01T10:00:00Z", expiry: "2025-05-01T10:00:00Z", name: "password2", value: "secret-2" },
    ],
  };
  const expected: GenerateCredentialsResult = {
    username: "myToken",
    passwords: [{ creationTime: new Date("2024-05-01T10:00:00Z"), expiry: new Date("2025-05-01T10:00:00Z"), name: "password2", value: "secret-2" }],
  };

  it.each(MODES)("POSTs tokenId, expiry as an ISO string and the password name, and parses the passwords (%s)", async (mode) => {
    server.on("POST", `${REGISTRY_PATH}/generateCredentials`, { status: 200, body: answer });
    const parameters = { tokenId, expiry: new Date(Date.UTC(2025, 4, 1, 10)), name: KnownTokenPasswordName.Password2 };

    let result: GenerateCredentialsResult;
    if (mode === "beginXAndWait") {
      result = await client.registries.beginGenerateCredentialsAndWait(RG, REGISTRY, parameters);
    } else {
      const poller = await client.registries.beginGenerateCredentials(RG, REGISTRY, parameters);
      result = await poller.pollUntilDone();
      expect(poller.getResult()).toStrictEqual(result);
    }

    expectArmRequest(server.requests[0], {
      method: "POST",
      path: `${REGISTRY_PATH}/generateCredentials`,
      body: { tokenId, expiry: "2025-05-01T10:00:00.000Z", name: "password2" },
    });
    expect(server.requests).toHaveLength(1);
    expect(result).toStrictEqual(expected);
    expect(result.passwords?.[0]?.creationTime).toBeInstanceOf(Date);
  });

  it("turns a 404 ARM error into a RestError", async () => {
    server.on("POST", `${REGISTRY_PATH}/generateCredentials`, { status: 404, body: { error: { code: "TokenNotFound", message: "Token myToken does not exist." } } });
    await expectRestError(client.registries.beginGenerateCredentialsAndWait(RG, REGISTRY, { tokenId }), {
      statusCode: 404,
      code: "TokenNotFound",
      message: "Token myToken does not exist.",
    });
  });
});

describe("registries.beginImportImage", () => {
  const PATH = `${REGISTRY_PATH}/importImage`;

  it.each(MODES)("POSTs the ImportImageByTag example's body and resolves to undefined on 200 (%s)", async (mode) => {
    const example = loadExample("ImportImageByTag");
    expect(example.responses["200"]).toEqual({});
    server.on("POST", PATH, { status: 200 });
    const { source, targetTags, untaggedTargetRepositories, mode: importMode } = example.parameters.parameters;

    let result: void;
    if (mode === "beginXAndWait") {
      result = await client.registries.beginImportImageAndWait(RG, REGISTRY, { source, targetTags, untaggedTargetRepositories, mode: importMode });
    } else {
      const poller = await client.registries.beginImportImage(RG, REGISTRY, { source, targetTags, untaggedTargetRepositories, mode: importMode });
      result = await poller.pollUntilDone();
      expect(poller.getOperationState().status).toBe("succeeded");
    }

    expect(result).toBeUndefined();
    expectArmRequest(server.requests[0], { method: "POST", path: PATH, body: example.parameters.parameters });
    expect(server.requests).toHaveLength(1);
  });

  it("sends the credentials of a public source registry", async () => {
    server.on("POST", PATH, { status: 200 });
    await client.registries.beginImportImageAndWait(RG, REGISTRY, {
      source: { registryUri: "docker.io", sourceImage: "library/hello-world", credentials: { username: "me", password: "pat" } },
      targetTags: ["hello-world:latest"],
      mode: "NoForce",
    });
    expectArmRequest(server.requests[0], {
      method: "POST",
      path: PATH,
      body: {
        source: { registryUri: "docker.io", sourceImage: "library/hello-world", credentials: { username: "me", password: "pat" } },
        targetTags: ["hello-world:latest"],
        mode: "NoForce",
      },
    });
  });

  it("turns a 409 ARM error into a RestError", async () => {
    server.on("POST", PATH, { status: 409, body: { error: { code: "TagAlreadyExists", message: "Tag targetRepository:targetTag already exists." } } });
    await expectRestError(client.registries.beginImportImageAndWait(RG, REGISTRY, { source: { sourceImage: "a:b" }, mode: "NoForce" }), {
      statusCode: 409,
      code: "TagAlreadyExists",
      message: "Tag targetRepository:targetTag already exists.",
    });
  });
});

describe("registries.listPrivateLinkResources and getPrivateLinkResource", () => {
  const expected: PrivateLinkResource = {
    id: `${REGISTRY_ID}/privateLinkResources/registry`,
    name: "registry",
    type: "Microsoft.ContainerRegistry/registries/privateLinkResources",
    groupId: "registry",
    requiredMembers: ["registry", "registry_data_myregion"],
    requiredZoneNames: ["privatelink.azurecr.io"],
  };

  it("listPrivateLinkResources GETs the collection and parses the RegistryListPrivateLinkResources example", async () => {
    server.on("GET", `${REGISTRY_PATH}/privateLinkResources`, { status: 200, body: exampleBody(loadExample("RegistryListPrivateLinkResources"), 200) });

    const resources = await collect(client.registries.listPrivateLinkResources(RG, REGISTRY));

    expectArmRequest(server.requests[0], { method: "GET", path: `${REGISTRY_PATH}/privateLinkResources`, body: undefined });
    expect(resources).toStrictEqual([expected]);
  });

  it("getPrivateLinkResource GETs the group and parses the RegistryGetPrivateLinkResource example", async () => {
    const example = loadExample("RegistryGetPrivateLinkResource");
    server.on("GET", `${REGISTRY_PATH}/privateLinkResources/registry`, { status: 200, body: exampleBody(example, 200) });

    const resource = await client.registries.getPrivateLinkResource(RG, REGISTRY, example.parameters.groupName);

    expectArmRequest(server.requests[0], { method: "GET", path: `${REGISTRY_PATH}/privateLinkResources/registry`, body: undefined });
    expect(resource).toStrictEqual(expected);
  });

  it("getPrivateLinkResource turns a 404 ARM error into a RestError", async () => {
    server.on("GET", `${REGISTRY_PATH}/privateLinkResources/nope`, { status: 404, body: { error: { code: "NotFound", message: "Group nope not found." } } });
    await expectRestError(client.registries.getPrivateLinkResource(RG, REGISTRY, "nope"), { statusCode: 404, code: "NotFound", message: "Group nope not found." });
  });
});
