/**
 * Registries operation group: lifecycle, name availability, usages, admin
 * credentials, image import and private link resources.
 */

import { BUILTIN_SCOPE_MAPS } from "./builtinScopeMaps.js";
import { badRequest, conflict, invalidContent, invalidLocation, quotaExceeded, resourceNotFound } from "../errors.js";
import { etagOf } from "../arm/conditions.js";
import { ensureResourceGroup } from "../arm/resourceGroups.js";
import { assertNotBusy, findRegistry, now, param, requireRegistry } from "../arm/guards.js";
import { deleteResource, writeResource } from "./lifecycle.js";
import type { UserSkuName } from "../state/limits.js";
import { nameKey, type RegistryData } from "../state/records.js";
import { nameProblem } from "../arm/nameRules.js";
import { listReply } from "../arm/paging.js";
import { applySettings, checkSkuFeatures, defaultSettings, parseIdentity, parseLocation, parseSku } from "./registrySettings.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import { privateLinkResource, registryResource } from "./representation.js";
import { PROVIDER_PATH, REGISTRIES_PATH, REGISTRY_PATH, REGISTRY_TYPE } from "../arm/paths.js";
import { inFamily, route, type ApiRequest, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { RegistryEntry } from "../state/store.js";
import { newSecret } from "./secrets.js";
import { optionalObject, optionalTags, requireObject, requiredEnum, requiredString } from "./validation.js";


function sameLocation(a: string, b: string): boolean {
  const normalise = (value: string) => value.replace(/\s+/g, "").toLowerCase();
  return normalise(a) === normalise(b);
}

function checkSkuLimits(runtime: Runtime, entry: RegistryEntry, sku: UserSkuName): void {
  const limits = runtime.settings.skuLimits[sku];
  if (entry.tokens.size > limits.tokens || entry.userScopeMapCount > limits.scopeMaps) {
    throw quotaExceeded(
      `The registry '${entry.data.name}' has ${entry.tokens.size} tokens and ${entry.userScopeMapCount} scope maps; ` +
        `the ${sku} SKU allows ${limits.tokens} and ${limits.scopeMaps}.`,
    );
  }
}

function listPage(runtime: Runtime, request: ApiRequest, entries: Iterable<RegistryEntry>): Reply {
  const records = (function* () {
    for (const entry of entries) yield entry.data;
  })();
  return listReply(request, records, runtime.settings.pageSize, registryResource);
}

function addBuiltinScopeMaps(runtime: Runtime, entry: RegistryEntry, timestamp: string): void {
  for (const builtin of BUILTIN_SCOPE_MAPS) {
    runtime.store.putScopeMap(entry, {
      ordinal: runtime.store.takeOrdinal(),
      name: builtin.name,
      type: "SystemDefined",
      description: builtin.description,
      actions: [...builtin.actions],
      creationDate: timestamp,
      lastModifiedAt: timestamp,
      provisioningState: "Succeeded",
    });
  }
}

export function registryRoutes(runtime: Runtime): Route[] {
  const { store, operations, settings } = runtime;

  const create = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const name = param(request, "registryName");
    const location = parseLocation(body);
    const sku = parseSku(body, true) as UserSkuName;
    const tags = optionalTags(body, "tags", "");
    const properties = optionalObject(body, "properties", "");
    const timestamp = now();
    // Before the lookups: from here to the store everything is synchronous, so no other create can slip in between.
    const loginServer = store.registry(name)?.data.loginServer ?? (await runtime.openLoginServer(name));
    const existing = store.registry(name);
    if (existing !== undefined && findRegistry(runtime, request) !== existing) {
      throw conflict(`The registry name '${name}' is already in use; registry names are globally unique.`);
    }
    if (existing !== undefined) {
      assertNotBusy(existing.data.provisioningState, `The registry '${existing.data.name}'`);
      if (!sameLocation(existing.data.location, location)) {
        throw invalidLocation(`The registry '${existing.data.name}' already exists in location '${existing.data.location}'; it cannot move to '${location}'.`);
      }
      checkSkuLimits(runtime, existing, sku);
    }
    const settingsValue = applySettings(defaultSettings(timestamp), properties, existing === undefined, timestamp);
    if (existing !== undefined) settingsValue.zoneRedundancy = existing.data.settings.zoneRedundancy;
    checkSkuFeatures(sku, settingsValue);
    const identity = parseIdentity(body, existing?.data.identity);
    const data: RegistryData = {
      ordinal: existing?.data.ordinal ?? store.takeOrdinal(),
      subscriptionId: param(request, "subscriptionId").toLowerCase(),
      resourceGroupName: existing?.data.resourceGroupName ?? param(request, "resourceGroupName"),
      name: existing?.data.name ?? name,
      location: existing?.data.location ?? location,
      sku,
      settings: settingsValue,
      creationDate: existing?.data.creationDate ?? timestamp,
      lastModifiedAt: timestamp,
      provisioningState: "Succeeded",
      adminPasswords: existing?.data.adminPasswords ?? [newSecret(), newSecret()],
      loginServer: existing?.data.loginServer ?? loginServer,
    };
    if (tags !== undefined) data.tags = tags;
    if (identity !== undefined) data.identity = identity;
    const created = existing === undefined;
    return writeResource(runtime, request, { registry: nameKey(data.name) }, data.location, data, created, () => {
      const entry = store.registry(data.name);
      if (created && entry !== undefined) addBuiltinScopeMaps(runtime, entry, timestamp);
      ensureResourceGroup(runtime, data.subscriptionId, data.resourceGroupName, data.location);
    });
  };

  const update = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const entry = requireRegistry(runtime, request);
    assertNotBusy(entry.data.provisioningState, `The registry '${entry.data.name}'`);
    const timestamp = now();
    const sku = parseSku(body, false) ?? entry.data.sku;
    if (sku !== entry.data.sku) checkSkuLimits(runtime, entry, sku);
    const settingsValue = applySettings(entry.data.settings, optionalObject(body, "properties", ""), false, timestamp);
    checkSkuFeatures(sku, settingsValue);
    const data: RegistryData = { ...entry.data, sku, settings: settingsValue, lastModifiedAt: timestamp };
    const tags = optionalTags(body, "tags", "");
    if (tags !== undefined) data.tags = tags;
    const identity = parseIdentity(body, entry.data.identity);
    if (identity !== undefined) data.identity = identity;
    return writeResource(runtime, request, { registry: entry.key }, data.location, data, false);
  };

  const remove = async (request: ApiRequest): Promise<Reply> => {
    const entry = findRegistry(runtime, request);
    if (entry === undefined) return emptyReply(204);
    assertNotBusy(entry.data.provisioningState, `The registry '${entry.data.name}'`);
    return deleteResource(runtime, request, { registry: entry.key }, entry.data.location, entry.data);
  };

  const checkNameAvailability = (request: ApiRequest): Reply => {
    const body = requireObject(request.json(), "");
    const name = requiredString(body, "name", "");
    requiredEnum(body, "type", "", [REGISTRY_TYPE] as const);
    const problem = nameProblem("registryName", name);
    if (problem !== undefined) return jsonReply(200, { nameAvailable: false, reason: "Invalid", message: problem });
    if (store.registry(name) !== undefined) {
      return jsonReply(200, { nameAvailable: false, reason: "AlreadyExists", message: `The registry ${name} is already in use.` });
    }
    return jsonReply(200, { nameAvailable: true });
  };

  const listUsages = (request: ApiRequest): Reply => {
    const entry = requireRegistry(runtime, request);
    const limits = settings.skuLimits[entry.data.sku];
    return jsonReply(200, {
      value: [
        { name: "Size", limit: limits.storageBytes, currentValue: 0, unit: "Bytes" },
        { name: "Webhooks", limit: limits.webhooks, currentValue: 0, unit: "Count" },
        { name: "ScopeMaps", limit: limits.scopeMaps, currentValue: entry.userScopeMapCount, unit: "Count" },
        { name: "Tokens", limit: limits.tokens, currentValue: entry.tokens.size, unit: "Count" },
      ],
    });
  };

  const credentialsOf = (data: RegistryData) => ({
    username: data.name,
    passwords: [
      { name: "password", value: data.adminPasswords[0] },
      { name: "password2", value: data.adminPasswords[1] },
    ],
  });

  const requireAdminUser = (entry: RegistryEntry): void => {
    if (!entry.data.settings.adminUserEnabled) {
      throw badRequest(`The admin user is disabled for registry '${entry.data.name}'; set properties.adminUserEnabled to true first.`);
    }
  };

  const listCredentials = (request: ApiRequest): Reply => {
    const entry = requireRegistry(runtime, request);
    requireAdminUser(entry);
    return jsonReply(200, credentialsOf(entry.data));
  };

  const regenerateCredential = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const which = requiredEnum(body, "name", "", ["password", "password2"] as const);
    const entry = requireRegistry(runtime, request);
    requireAdminUser(entry);
    const passwords: [string, string] = [...entry.data.adminPasswords];
    passwords[which === "password" ? 0 : 1] = newSecret();
    store.putRegistry({ ...entry.data, adminPasswords: passwords, lastModifiedAt: now() });
    await runtime.commit();
    return jsonReply(200, credentialsOf(entry.data));
  };

  const importImage = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const source = optionalObject(body, "source", "");
    if (source === undefined) throw invalidContent("The required property 'source' is missing.", "source");
    requiredString(source, "sourceImage", "source");
    if (source["resourceId"] === undefined && source["registryUri"] === undefined) {
      throw invalidContent("'source' needs either resourceId or registryUri.", "source");
    }
    const entry = requireRegistry(runtime, request);
    // Images are not modelled; the import only goes through the operation protocol.
    const plan = operations.plan(request);
    if (!plan.async) return emptyReply(200);
    const operation = operations.start(request, plan, "result", entry.data.location, { kind: "importImage" });
    await runtime.commit();
    return operations.accepted(operation, request);
  };

  const listPrivateLinkResources = (request: ApiRequest): Reply => {
    const entry = requireRegistry(runtime, request);
    return jsonReply(200, { value: [privateLinkResource(entry.data)] });
  };

  const getPrivateLinkResource = (request: ApiRequest): Reply => {
    const entry = requireRegistry(runtime, request);
    const groupName = param(request, "groupName");
    if (groupName.toLowerCase() !== "registry") {
      throw resourceNotFound(`${REGISTRY_TYPE}/privateLinkResources`, groupName, entry.data.resourceGroupName);
    }
    return jsonReply(200, privateLinkResource(entry.data));
  };

  return inFamily("registries", [
    route("GET", `${PROVIDER_PATH}/registries`, (request) => listPage(runtime, request, store.registriesIn(param(request, "subscriptionId")))),
    route("POST", `${PROVIDER_PATH}/checkNameAvailability`, checkNameAvailability),
    route("GET", REGISTRIES_PATH, (request) =>
      listPage(runtime, request, store.registriesIn(param(request, "subscriptionId"), param(request, "resourceGroupName"))),
    ),
    route("GET", REGISTRY_PATH, (request) => {
      const { data } = requireRegistry(runtime, request);
      return jsonReply(200, registryResource(data), { ETag: etagOf(data) });
    }),
    route("PUT", REGISTRY_PATH, create),
    route("PATCH", REGISTRY_PATH, update),
    route("DELETE", REGISTRY_PATH, remove),
    route("GET", `${REGISTRY_PATH}/listUsages`, listUsages),
    route("POST", `${REGISTRY_PATH}/listCredentials`, listCredentials),
    route("POST", `${REGISTRY_PATH}/regenerateCredential`, regenerateCredential),
    route("POST", `${REGISTRY_PATH}/importImage`, importImage),
    route("GET", `${REGISTRY_PATH}/privateLinkResources`, listPrivateLinkResources),
    route("GET", `${REGISTRY_PATH}/privateLinkResources/{groupName}`, getPrivateLinkResource),
  ]);
}
