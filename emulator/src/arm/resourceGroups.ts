/**
 * Resource groups, as ARM (Microsoft.Resources) has them: PUT, PATCH, GET, HEAD, DELETE and list.
 *
 * A group is stored when it is PUT or when the first registry is put into it; by default one that
 * was never made behaves as if it had been made beforehand (reads find it in DEFAULT_LOCATION), so
 * tools can use any group name. `strictResourceGroups` answers 404 ResourceGroupNotFound instead,
 * for the group itself and for everything under it. DELETE always answers 202 + Location and
 * deletes the group's registries with it; while it runs nothing can be written into the group.
 */

import { invalidContent, resourceGroupBeingDeleted, resourceGroupNotFound, conflict } from "../errors.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import { inFamily, route, type ApiRequest, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { FinalStatus, OperationData, ResourceGroupData } from "../state/records.js";
import type { Store } from "../state/store.js";
import { optionalTags, requireObject, requiredString } from "../resources/validation.js";
import { param } from "./guards.js";
import { fillPath, RESOURCE_GROUP_PATH, RESOURCE_GROUP_TYPE, RESOURCE_GROUPS_PATH } from "./paths.js";
import { listReply } from "./paging.js";

/** Where a group that was never made is, when asked. */
export const DEFAULT_LOCATION = "westus";

function normaliseLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

function resourceGroupResource(group: ResourceGroupData): Record<string, unknown> {
  return {
    id: fillPath(RESOURCE_GROUP_PATH, { subscriptionId: group.subscriptionId, resourceGroupName: group.name }),
    name: group.name,
    type: RESOURCE_GROUP_TYPE,
    location: group.location,
    tags: group.tags ?? {},
    properties: { provisioningState: group.provisioningState === "Deleting" ? "Deleting" : "Succeeded" },
  };
}

/** The stored group, or (unless strict) the one that behaves as if made beforehand; undefined when strict and absent. */
function findGroup(runtime: Runtime, subscriptionId: string, name: string): ResourceGroupData | undefined {
  const stored = runtime.store.resourceGroup(subscriptionId, name);
  if (stored !== undefined || runtime.settings.strictResourceGroups) return stored;
  return { ordinal: 0, subscriptionId: subscriptionId.toLowerCase(), name, location: DEFAULT_LOCATION, provisioningState: "Succeeded" };
}

function requireGroup(runtime: Runtime, request: ApiRequest): ResourceGroupData {
  const name = param(request, "resourceGroupName");
  const group = findGroup(runtime, param(request, "subscriptionId"), name);
  if (group === undefined) throw resourceGroupNotFound(name);
  return group;
}

/**
 * For every provider request under a resource group: 404 when strict and the group was never
 * made; 409 for a change while the group is being deleted.
 */
export function checkResourceGroup(runtime: Runtime, method: string, params: Readonly<Record<string, string>>): void {
  const subscriptionId = params["subscriptionId"];
  const name = params["resourceGroupName"];
  if (subscriptionId === undefined || name === undefined) return;
  const group = findGroup(runtime, subscriptionId, name);
  if (group === undefined) throw resourceGroupNotFound(name);
  if (group.provisioningState === "Deleting" && method !== "GET" && method !== "HEAD") throw resourceGroupBeingDeleted(group.name);
}

/** Stores the group a resource is put into if it was never made (the location is the resource's). */
export function ensureResourceGroup(runtime: Runtime, subscriptionId: string, name: string, location: string): void {
  const { store } = runtime;
  if (store.resourceGroup(subscriptionId, name) !== undefined) return;
  store.putResourceGroup({ ordinal: store.takeOrdinal(), subscriptionId: subscriptionId.toLowerCase(), name, location, provisioningState: "Succeeded" });
}

/** The end of a group's DELETE: its registries and the group go, or (failed, canceled) the group stays. */
export function settleResourceGroupDelete(store: Store, operation: OperationData, status: FinalStatus): void {
  const task = operation.task;
  if (task.kind !== "deleteResourceGroup") return;
  const group = store.resourceGroup(task.subscriptionId, task.resourceGroup);
  if (status !== "Succeeded") {
    if (group?.pendingOperation === operation.id) {
      const { pendingOperation: _done, ...rest } = group;
      store.putResourceGroup({ ...rest, provisioningState: "Succeeded" });
    }
    return;
  }
  for (const entry of [...store.registriesIn(task.subscriptionId, task.resourceGroup)]) store.deleteRegistry(entry);
  store.deleteResourceGroup(task.subscriptionId, task.resourceGroup);
}

export function resourceGroupRoutes(runtime: Runtime): Route[] {
  const { store, operations, settings } = runtime;

  const put = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const location = requiredString(body, "location", "");
    const tags = optionalTags(body, "tags", "");
    const name = param(request, "resourceGroupName");
    const subscriptionId = param(request, "subscriptionId").toLowerCase();
    const existing = store.resourceGroup(subscriptionId, name);
    if (existing?.provisioningState === "Deleting") throw resourceGroupBeingDeleted(existing.name);
    if (existing !== undefined && normaliseLocation(existing.location) !== normaliseLocation(location)) {
      throw conflict(`Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
    }
    const group: ResourceGroupData = existing === undefined
      ? { ordinal: store.takeOrdinal(), subscriptionId, name, location, provisioningState: "Succeeded" }
      : { ...existing };
    if (tags !== undefined) group.tags = tags;
    store.putResourceGroup(group);
    await runtime.commit();
    return jsonReply(existing === undefined ? 201 : 200, resourceGroupResource(group));
  };

  const patch = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const tags = optionalTags(body, "tags", "");
    const group = { ...requireGroup(runtime, request) };
    const location = body["location"];
    if (typeof location === "string" && normaliseLocation(location) !== normaliseLocation(group.location)) {
      throw invalidContent(`A resource group's location cannot change (it is '${group.location}').`, "location");
    }
    if (group.provisioningState === "Deleting") throw resourceGroupBeingDeleted(group.name);
    if (group.ordinal === 0) group.ordinal = store.takeOrdinal();
    if (tags !== undefined) group.tags = tags;
    store.putResourceGroup(group);
    await runtime.commit();
    return jsonReply(200, resourceGroupResource(group));
  };

  const remove = async (request: ApiRequest): Promise<Reply> => {
    const group = requireGroup(runtime, request);
    if (group.provisioningState === "Deleting") throw resourceGroupBeingDeleted(group.name);
    // ARM always deletes a group asynchronously, whatever the emulator's async delay.
    const plan = { ...operations.plan(request), async: true };
    const operation = operations.start(request, plan, "result", group.location, {
      kind: "deleteResourceGroup",
      subscriptionId: group.subscriptionId,
      resourceGroup: group.name.toLowerCase(),
    });
    if (store.resourceGroup(group.subscriptionId, group.name) !== undefined) {
      store.putResourceGroup({ ...group, provisioningState: "Deleting", pendingOperation: operation.id });
    }
    await runtime.commit();
    return operations.accepted(operation, request);
  };

  const routes = inFamily("resources", [
    route("GET", RESOURCE_GROUPS_PATH, (request) =>
      listReply(request, store.resourceGroupsIn(param(request, "subscriptionId")), settings.pageSize, resourceGroupResource),
    ),
    route("PUT", RESOURCE_GROUP_PATH, put),
    route("PATCH", RESOURCE_GROUP_PATH, patch),
    route("GET", RESOURCE_GROUP_PATH, (request) => jsonReply(200, resourceGroupResource(requireGroup(runtime, request)))),
    route("HEAD", RESOURCE_GROUP_PATH, (request) => {
      requireGroup(runtime, request);
      return emptyReply(204);
    }),
    route("DELETE", RESOURCE_GROUP_PATH, remove),
  ]);
  return routes.map((item) => ({ ...item, guardsResourceGroup: true }));
}
