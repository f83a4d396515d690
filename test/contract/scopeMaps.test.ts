// Contract of client.scopeMaps against a real HTTPS server: the requests on the wire and the parsed answers.
// Long-running operations are answered synchronously here (the polling paths are tested elsewhere).
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, type ContainerRegistryManagementClient, type ScopeMap, type ScopeMapUpdateParameters } from "../../src/index.js";
import { expectArmRequest, loadExample } from "../support/examples.js";
import { registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";

const RG = "myResourceGroup";
const REGISTRY = "myRegistry";
const SCOPE_MAPS = `${registryPath(RG, REGISTRY)}/scopeMaps`;
const SCOPE_MAP_PATH = `${SCOPE_MAPS}/myScopeMap`;
const ARM_SCOPE_MAPS = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps`;
const SCOPE_MAP_TYPE = "Microsoft.ContainerRegistry/registries/scopeMaps";

const MODES = ["beginXAndWait", "beginX + pollUntilDone"] as const;
type Mode = (typeof MODES)[number];

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

// No ScopeMap get/list/create/update examples ship with the 2025-11-01 spec: these bodies follow its ScopeMap schema.
function userScopeMapWire(actions: string[], description = "Developer Scopes") {
  return {
    id: `${ARM_SCOPE_MAPS}/myScopeMap`,
    name: "myScopeMap",
    type: SCOPE_MAP_TYPE,
    systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: "2024-03-01T08:00:00Z", lastModifiedAt: "2024-03-02T08:00:00.25Z" },
    properties: {
      description,
      type: "UserDefined",
      creationDate: "2024-03-01T08:00:00.0707808Z",
      provisioningState: "Succeeded",
      actions,
    },
  };
}
function userScopeMap(actions: string[], description = "Developer Scopes"): ScopeMap {
  return {
    id: `${ARM_SCOPE_MAPS}/myScopeMap`,
    name: "myScopeMap",
    type: SCOPE_MAP_TYPE,
    systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: new Date("2024-03-01T08:00:00Z"), lastModifiedAt: new Date("2024-03-02T08:00:00.25Z") },
    description,
    typePropertiesType: "UserDefined",
    creationDate: new Date("2024-03-01T08:00:00.0707808Z"),
    provisioningState: "Succeeded",
    actions,
  };
}
const pullWire = {
  id: `${ARM_SCOPE_MAPS}/_repositories_pull`,
  name: "_repositories_pull",
  type: SCOPE_MAP_TYPE,
  properties: {
    description: "Can pull any repository of the registry",
    type: "SystemDefined",
    creationDate: "2023-01-01T00:00:00Z",
    provisioningState: "Succeeded",
    actions: ["repositories/*/content/read"],
  },
};
const pull: ScopeMap = {
  id: `${ARM_SCOPE_MAPS}/_repositories_pull`,
  name: "_repositories_pull",
  type: SCOPE_MAP_TYPE,
  description: "Can pull any repository of the registry",
  typePropertiesType: "SystemDefined",
  creationDate: new Date("2023-01-01T00:00:00Z"),
  provisioningState: "Succeeded",
  actions: ["repositories/*/content/read"],
};
const ACTIONS = ["repositories/myrepository/content/write", "repositories/myrepository/content/delete"];

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

async function expectRestError(promise: Promise<unknown>, expected: { statusCode: number; code: string; message: string }): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  expect(error).toMatchObject(expected);
}

describe("scopeMaps.get", () => {
  it("GETs the scope map and flattens its properties", async () => {
    server.on("GET", SCOPE_MAP_PATH, { status: 200, body: userScopeMapWire(ACTIONS) });

    const scopeMap = await client.scopeMaps.get(RG, REGISTRY, "myScopeMap");

    expectArmRequest(server.requests[0], { method: "GET", path: SCOPE_MAP_PATH, body: undefined });
    expect(server.requests).toHaveLength(1);
    expect(scopeMap).toStrictEqual(userScopeMap(ACTIONS));
    expect(scopeMap.creationDate).toBeInstanceOf(Date);
    // The resource type and the scope map's own type (properties.type) stay apart.
    expect(scopeMap.type).toBe(SCOPE_MAP_TYPE);
    expect(scopeMap.typePropertiesType).toBe("UserDefined");
  });

  it("reaches a built-in scope map, whose name has underscores", async () => {
    server.on("GET", `${SCOPE_MAPS}/_repositories_pull`, { status: 200, body: pullWire });
    expect(await client.scopeMaps.get(RG, REGISTRY, "_repositories_pull")).toStrictEqual(pull);
    expectArmRequest(server.requests[0], { method: "GET", path: `${SCOPE_MAPS}/_repositories_pull` });
  });

  it("turns a 404 ARM error into a RestError with the body's code and message", async () => {
    server.on("GET", `${SCOPE_MAPS}/noSuchMap`, { status: 404, body: { error: { code: "ResourceNotFound", message: "Scope map noSuchMap not found." } } });
    await expectRestError(client.scopeMaps.get(RG, REGISTRY, "noSuchMap"), { statusCode: 404, code: "ResourceNotFound", message: "Scope map noSuchMap not found." });
  });

  it("rejects a scope map name that breaks the spec's rules without sending anything", async () => {
    await expect(client.scopeMaps.get(RG, REGISTRY, "my scope map")).rejects.toMatchObject({ parameterName: "scopeMapName", rule: "pattern" });
    await expect(client.scopeMaps.get(RG, REGISTRY, "map")).rejects.toBeInstanceOf(InvalidParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("scopeMaps.list", () => {
  it("GETs the collection and parses every scope map", async () => {
    server.on("GET", SCOPE_MAPS, { status: 200, body: { value: [pullWire, userScopeMapWire(ACTIONS)] } });

    const scopeMaps = await collect(client.scopeMaps.list(RG, REGISTRY));

    expectArmRequest(server.requests[0], { method: "GET", path: SCOPE_MAPS, body: undefined });
    expect(scopeMaps).toStrictEqual([pull, userScopeMap(ACTIONS)]);
  });

  it("follows nextLink to the second page", async () => {
    server.on("GET", SCOPE_MAPS, (request) =>
      request.query.has("$skipToken")
        ? { status: 200, body: { value: [userScopeMapWire(ACTIONS)] } }
        : { status: 200, body: { value: [pullWire], nextLink: `${server.endpoint}${SCOPE_MAPS}?api-version=2025-11-01&$skipToken=2` } },
    );
    expect((await collect(client.scopeMaps.list(RG, REGISTRY))).map((s) => s.name)).toEqual(["_repositories_pull", "myScopeMap"]);
    expect(server.requests.map((r) => r.query.get("$skipToken"))).toEqual([null, "2"]);
  });

  it("turns a 404 ARM error into a RestError when iterated", async () => {
    server.on("GET", SCOPE_MAPS, { status: 404, body: { error: { code: "ResourceNotFound", message: "Registry myRegistry not found." } } });
    await expectRestError(collect(client.scopeMaps.list(RG, REGISTRY)), { statusCode: 404, code: "ResourceNotFound", message: "Registry myRegistry not found." });
  });
});

describe("scopeMaps.beginCreate", () => {
  async function create(mode: Mode, scopeMap: ScopeMap): Promise<ScopeMap> {
    if (mode === "beginXAndWait") return client.scopeMaps.beginCreateAndWait(RG, REGISTRY, "myScopeMap", scopeMap);
    const poller = await client.scopeMaps.beginCreate(RG, REGISTRY, "myScopeMap", scopeMap);
    const result = await poller.pollUntilDone();
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toStrictEqual(result);
    return result;
  }

  it.each(MODES.flatMap((mode) => [200, 201].map((status): [Mode, number] => [mode, status])))(
    "PUTs description and actions under properties, nothing read-only, and parses the answer (%s, status %s)",
    async (mode, status) => {
      server.on("PUT", SCOPE_MAP_PATH, { status, body: userScopeMapWire(ACTIONS) });

      const scopeMap = await create(mode, {
        description: "Developer Scopes",
        actions: ACTIONS,
        // Read-only: never sent.
        id: `${ARM_SCOPE_MAPS}/myScopeMap`,
        name: "myScopeMap",
        type: SCOPE_MAP_TYPE,
        typePropertiesType: "UserDefined",
        creationDate: new Date("2024-01-01T00:00:00Z"),
        provisioningState: "Creating",
        systemData: { createdBy: "someone" },
      });

      expectArmRequest(server.requests[0], {
        method: "PUT",
        path: SCOPE_MAP_PATH,
        body: { properties: { description: "Developer Scopes", actions: ACTIONS } },
      });
      expect(server.requests).toHaveLength(1);
      expect(scopeMap).toStrictEqual(userScopeMap(ACTIONS));
    },
  );

  it.each(MODES)("turns a 409 ARM error into a RestError (%s)", async (mode) => {
    server.on("PUT", SCOPE_MAP_PATH, { status: 409, body: { error: { code: "ScopeMapAlreadyExists", message: "The scope map already exists." } } });
    await expectRestError(create(mode, { actions: ACTIONS }), { statusCode: 409, code: "ScopeMapAlreadyExists", message: "The scope map already exists." });
    expect(server.requests).toHaveLength(1);
  });
});

describe("scopeMaps.beginUpdate", () => {
  async function update(mode: Mode, parameters: ScopeMapUpdateParameters): Promise<ScopeMap> {
    if (mode === "beginXAndWait") return client.scopeMaps.beginUpdateAndWait(RG, REGISTRY, "myScopeMap", parameters);
    const poller = await client.scopeMaps.beginUpdate(RG, REGISTRY, "myScopeMap", parameters);
    const result = await poller.pollUntilDone();
    expect(poller.isDone()).toBe(true);
    return result;
  }
  const NEW_ACTIONS = ["repositories/myrepository/content/write", "repositories/myrepository/content/read"];

  it.each(MODES.flatMap((mode) => [200, 201].map((status): [Mode, number] => [mode, status])))(
    "PATCHes description and actions under properties and parses the answer (%s, status %s)",
    async (mode, status) => {
      server.on("PATCH", SCOPE_MAP_PATH, { status, body: userScopeMapWire(NEW_ACTIONS, "Updated") });

      const scopeMap = await update(mode, { description: "Updated", actions: NEW_ACTIONS });

      expectArmRequest(server.requests[0], { method: "PATCH", path: SCOPE_MAP_PATH, body: { properties: { description: "Updated", actions: NEW_ACTIONS } } });
      expect(server.requests).toHaveLength(1);
      expect(scopeMap).toStrictEqual(userScopeMap(NEW_ACTIONS, "Updated"));
    },
  );

  it("sends only what is given", async () => {
    server.on("PATCH", SCOPE_MAP_PATH, { status: 200, body: userScopeMapWire(ACTIONS, "Only the description") });
    await client.scopeMaps.beginUpdateAndWait(RG, REGISTRY, "myScopeMap", { description: "Only the description" });
    await client.scopeMaps.beginUpdateAndWait(RG, REGISTRY, "myScopeMap", { actions: [] });
    expectArmRequest(server.requests[0], { method: "PATCH", path: SCOPE_MAP_PATH, body: { properties: { description: "Only the description" } } });
    expectArmRequest(server.requests[1], { method: "PATCH", path: SCOPE_MAP_PATH, body: { properties: { actions: [] } } });
  });

  it("turns a 400 ARM error into a RestError", async () => {
    server.on("PATCH", SCOPE_MAP_PATH, { status: 400, body: { error: { code: "InvalidScopeMapAction", message: "Action 'foo' is not valid." } } });
    await expectRestError(client.scopeMaps.beginUpdateAndWait(RG, REGISTRY, "myScopeMap", { actions: ["foo"] }), {
      statusCode: 400,
      code: "InvalidScopeMapAction",
      message: "Action 'foo' is not valid.",
    });
  });
});

describe("scopeMaps.beginDelete", () => {
  // The ScopeMapDelete example answers 200, 202 (with Location) or 204; the synchronous ones are covered here.
  const example = loadExample("ScopeMapDelete");
  const cases = MODES.flatMap((mode) => ["200", "204"].map((status): [Mode, string] => [mode, status]));

  it.each(cases)("DELETEs the scope map of the ScopeMapDelete example (%s, status %s)", async (mode, status) => {
    const { resourceGroupName, registryName, scopeMapName } = example.parameters;
    expect(example.responses[status]).toEqual({});
    server.on("DELETE", SCOPE_MAP_PATH, { status: Number(status) });

    let result: void;
    if (mode === "beginXAndWait") {
      result = await client.scopeMaps.beginDeleteAndWait(resourceGroupName, registryName, scopeMapName);
    } else {
      const poller = await client.scopeMaps.beginDelete(resourceGroupName, registryName, scopeMapName);
      result = await poller.pollUntilDone();
      expect(poller.getOperationState().status).toBe("succeeded");
    }

    expect(result).toBeUndefined();
    expectArmRequest(server.requests[0], { method: "DELETE", path: SCOPE_MAP_PATH, body: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it("turns a 409 ARM error into a RestError", async () => {
    server.on("DELETE", SCOPE_MAP_PATH, {
      status: 409,
      body: { error: { code: "ScopeMapInUse", message: "The scope map is used by token myToken." } },
    });
    await expectRestError(client.scopeMaps.beginDeleteAndWait(RG, REGISTRY, "myScopeMap"), {
      statusCode: 409,
      code: "ScopeMapInUse",
      message: "The scope map is used by token myToken.",
    });
  });
});
