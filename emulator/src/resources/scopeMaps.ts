/**
 * ScopeMaps operation group. User-defined scope maps count against the SKU
 * limit; the built-in ones are read-only; a scope map that tokens use cannot
 * be deleted.
 */

import { isBuiltinScopeMap } from "./builtinScopeMaps.js";
import { badRequest, conflict, invalidContent, quotaExceeded, resourceNotFound } from "../errors.js";
import { etagOf } from "../arm/conditions.js";
import { assertNotBusy, assertRegistryNotDeleting, now, param, requireParentRegistry } from "../arm/guards.js";
import { deleteResource, writeResource } from "./lifecycle.js";
import { REGISTRY_TYPE, SCOPE_MAPS_PATH } from "../arm/paths.js";
import { nameKey, type ScopeMapData } from "../state/records.js";
import { listReply } from "../arm/paging.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import { scopeMapResource } from "./representation.js";
import { inFamily, route, type ApiRequest, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import { checkActions } from "./scopeMapActions.js";
import type { RegistryEntry } from "../state/store.js";
import { optionalObject, optionalString, optionalStringArray, requireObject, type JsonObject } from "./validation.js";

const SCOPE_MAP = `${SCOPE_MAPS_PATH}/{scopeMapName}`;

function rejectBuiltin(name: string): void {
  if (isBuiltinScopeMap(name)) {
    throw badRequest(`The scope map '${name}' is system-defined and cannot be created, changed or deleted.`, "scopeMapName");
  }
}

function readActions(properties: JsonObject, required: boolean): string[] | undefined {
  const actions = optionalStringArray(properties, "actions", "properties");
  if (actions === undefined) {
    if (required) throw invalidContent("The required property 'properties.actions' is missing.", "properties.actions");
    return undefined;
  }
  checkActions(actions, "properties.actions");
  return actions;
}

export function scopeMapRoutes(runtime: Runtime): Route[] {
  const { store, settings } = runtime;

  const find = (request: ApiRequest): { entry: RegistryEntry; key: string; scopeMap: ScopeMapData } => {
    const entry = requireParentRegistry(runtime, request);
    const name = param(request, "scopeMapName");
    const scopeMap = entry.scopeMaps.get(nameKey(name));
    if (scopeMap === undefined) {
      throw resourceNotFound(REGISTRY_TYPE, `${entry.data.name}/scopeMaps/${name}`, entry.data.resourceGroupName);
    }
    return { entry, key: nameKey(name), scopeMap };
  };

  const list = (request: ApiRequest): Reply => {
    const entry = requireParentRegistry(runtime, request);
    return listReply(request, entry.scopeMaps.values(), settings.pageSize, (scopeMap) => scopeMapResource(entry.data, scopeMap));
  };

  const create = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const properties = optionalObject(body, "properties", "");
    if (properties === undefined) throw invalidContent("The required property 'properties' is missing.", "properties");
    const actions = readActions(properties, true) ?? [];
    const description = optionalString(properties, "description", "properties");
    const entry = requireParentRegistry(runtime, request);
    const name = param(request, "scopeMapName");
    rejectBuiltin(name);
    assertRegistryNotDeleting(entry);
    const key = nameKey(name);
    const existing = entry.scopeMaps.get(key);
    if (existing !== undefined) {
      assertNotBusy(existing.provisioningState, `The scope map '${existing.name}'`);
    } else {
      const limit = settings.skuLimits[entry.data.sku].scopeMaps;
      if (entry.userScopeMapCount >= limit) {
        throw quotaExceeded(`The registry '${entry.data.name}' already has ${entry.userScopeMapCount} scope maps, the limit of the ${entry.data.sku} SKU.`);
      }
    }
    const timestamp = now();
    const record: ScopeMapData = {
      ordinal: existing?.ordinal ?? store.takeOrdinal(),
      name: existing?.name ?? name,
      type: "UserDefined",
      actions,
      creationDate: existing?.creationDate ?? timestamp,
      lastModifiedAt: timestamp,
      provisioningState: "Succeeded",
    };
    if (description !== undefined) record.description = description;
    return writeResource(runtime, request, { registry: entry.key, scopeMap: key }, entry.data.location, record, existing === undefined);
  };

  const update = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const properties = optionalObject(body, "properties", "") ?? {};
    const actions = readActions(properties, false);
    const description = optionalString(properties, "description", "properties");
    const { entry, key, scopeMap } = find(request);
    rejectBuiltin(scopeMap.name);
    assertRegistryNotDeleting(entry);
    assertNotBusy(scopeMap.provisioningState, `The scope map '${scopeMap.name}'`);
    const record: ScopeMapData = { ...scopeMap, lastModifiedAt: now() };
    if (actions !== undefined) record.actions = actions;
    if (description !== undefined) record.description = description;
    return writeResource(runtime, request, { registry: entry.key, scopeMap: key }, entry.data.location, record, false);
  };

  const remove = async (request: ApiRequest): Promise<Reply> => {
    const entry = requireParentRegistry(runtime, request);
    const name = param(request, "scopeMapName");
    rejectBuiltin(name);
    const key = nameKey(name);
    const scopeMap = entry.scopeMaps.get(key);
    if (scopeMap === undefined) return emptyReply(204);
    assertRegistryNotDeleting(entry);
    assertNotBusy(scopeMap.provisioningState, `The scope map '${scopeMap.name}'`);
    const users = entry.usersOf(key);
    if (users.size > 0) {
      const names = [...users].slice(0, 5).map((tokenKey) => entry.tokens.get(tokenKey)?.name ?? tokenKey);
      throw conflict(
        `The scope map '${scopeMap.name}' is used by ${users.size} token(s) (${names.join(", ")}${users.size > 5 ? ", ..." : ""}); ` +
          `delete them or point them at another scope map first.`,
      );
    }
    return deleteResource(runtime, request, { registry: entry.key, scopeMap: key }, entry.data.location, scopeMap);
  };

  return inFamily("tokens", [
    route("GET", SCOPE_MAPS_PATH, list),
    route("GET", SCOPE_MAP, (request) => {
      const { entry, scopeMap } = find(request);
      return jsonReply(200, scopeMapResource(entry.data, scopeMap), { ETag: etagOf(scopeMap) });
    }),
    route("PUT", SCOPE_MAP, create),
    route("PATCH", SCOPE_MAP, update),
    route("DELETE", SCOPE_MAP, remove),
  ]);
}
