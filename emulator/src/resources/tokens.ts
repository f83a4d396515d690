/**
 * Tokens operation group and Registries_GenerateCredentials.
 *
 * Credential semantics follow the service: PUT replaces the token, so slots
 * it does not list are dropped; PATCH replaces only the credential lists it
 * carries; reads list password slots without values.
 */

import { badRequest, conflict, invalidContent, parentNotFound, quotaExceeded, resourceNotFound, type ArmError } from "../errors.js";
import { etagOf } from "../arm/conditions.js";
import { assertNotBusy, assertRegistryNotDeleting, now, param, requireParentRegistry, requireRegistry } from "../arm/guards.js";
import { deleteResource, writeResource } from "./lifecycle.js";
import { REGISTRY_PATH, REGISTRY_TYPE, TOKENS_PATH } from "../arm/paths.js";
import { nameKey, type OperationTask, type TokenData, type TokenStatus } from "../state/records.js";
import { listReply } from "../arm/paging.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import { tokenResource } from "./representation.js";
import { childNameInRegistry } from "./resourceIds.js";
import { inFamily, route, type ApiRequest, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { RegistryEntry, Store } from "../state/store.js";
import {
  parseCertificateSlots,
  parseGenerateCredentials,
  parsePasswordSlots,
  regeneratePasswords,
  type GenerateCredentialsResult,
} from "./tokenCredentials.js";
import { optionalArray, optionalEnum, optionalObject, optionalString, requireObject, type JsonObject } from "./validation.js";

const TOKEN = `${TOKENS_PATH}/{tokenName}`;
const TOKEN_STATUS: readonly TokenStatus[] = ["enabled", "disabled"];

function tokenNotFound(entry: RegistryEntry, name: string): ArmError {
  return resourceNotFound(REGISTRY_TYPE, `${entry.data.name}/tokens/${name}`, entry.data.resourceGroupName);
}

/** Key of the scope map `scopeMapId` names; it must exist in the token's registry and not be on its way out. */
function resolveScopeMap(entry: RegistryEntry, scopeMapId: string): string {
  const where = "properties.scopeMapId";
  const name = childNameInRegistry(entry, scopeMapId, "scopeMaps", where);
  const scopeMap = entry.scopeMaps.get(nameKey(name));
  if (scopeMap === undefined) {
    throw badRequest(`The scope map '${name}' given in ${where} does not exist in registry '${entry.data.name}'.`, where);
  }
  if (scopeMap.provisioningState === "Deleting") throw conflict(`The scope map '${scopeMap.name}' is being deleted.`);
  return nameKey(name);
}

interface CredentialLists {
  passwords?: unknown[];
  certificates?: unknown[];
}

function readCredentials(properties: JsonObject): CredentialLists {
  const credentials = optionalObject(properties, "credentials", "properties");
  if (credentials === undefined) return {};
  const lists: CredentialLists = {};
  const passwords = optionalArray(credentials, "passwords", "properties.credentials");
  if (passwords !== undefined) lists.passwords = passwords;
  const certificates = optionalArray(credentials, "certificates", "properties.credentials");
  if (certificates !== undefined) lists.certificates = certificates;
  return lists;
}

type GenerateCredentialsTask = Extract<OperationTask, { kind: "generateCredentials" }>;

/** New passwords for the token the task names; 404 when it is gone by now. */
export function generateCredentials(store: Store, task: GenerateCredentialsTask): GenerateCredentialsResult {
  const entry = store.registry(task.registry);
  const current = entry?.tokens.get(task.token);
  if (entry === undefined) throw parentNotFound(task.registry);
  if (current === undefined) throw tokenNotFound(entry, task.token);
  const timestamp = now();
  const { passwords, result } = regeneratePasswords(current, task, timestamp);
  store.putToken(entry, { ...current, passwords, lastModifiedAt: timestamp });
  return result;
}

export function tokenRoutes(runtime: Runtime): Route[] {
  const { store, operations, settings } = runtime;

  const find = (request: ApiRequest): { entry: RegistryEntry; key: string; token: TokenData } => {
    const entry = requireParentRegistry(runtime, request);
    const name = param(request, "tokenName");
    const token = entry.tokens.get(nameKey(name));
    if (token === undefined) throw tokenNotFound(entry, name);
    return { entry, key: nameKey(name), token };
  };

  const list = (request: ApiRequest): Reply => {
    const entry = requireParentRegistry(runtime, request);
    return listReply(request, entry.tokens.values(), settings.pageSize, (token) => tokenResource(entry, token));
  };

  const create = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const properties = optionalObject(body, "properties", "");
    if (properties === undefined) throw invalidContent("The required property 'properties' is missing.", "properties");
    const scopeMapId = optionalString(properties, "scopeMapId", "properties");
    if (scopeMapId === undefined || scopeMapId === "") {
      throw invalidContent("The required property 'properties.scopeMapId' is missing.", "properties.scopeMapId");
    }
    const status = optionalEnum(properties, "status", "properties", TOKEN_STATUS) ?? "enabled";
    const credentials = readCredentials(properties);
    const entry = requireParentRegistry(runtime, request);
    assertRegistryNotDeleting(entry);
    const scopeMapKey = resolveScopeMap(entry, scopeMapId);
    const name = param(request, "tokenName");
    const key = nameKey(name);
    const existing = entry.tokens.get(key);
    if (existing !== undefined) {
      assertNotBusy(existing.provisioningState, `The token '${existing.name}'`);
    } else {
      const limit = settings.skuLimits[entry.data.sku].tokens;
      if (entry.tokens.size >= limit) {
        throw quotaExceeded(`The registry '${entry.data.name}' already has ${entry.tokens.size} tokens, the limit of the ${entry.data.sku} SKU.`);
      }
    }
    const timestamp = now();
    const record: TokenData = {
      ordinal: existing?.ordinal ?? store.takeOrdinal(),
      name: existing?.name ?? name,
      scopeMapKey,
      status,
      // A PUT replaces the token: slots it does not list are gone.
      passwords: parsePasswordSlots(credentials.passwords ?? [], "properties.credentials.passwords", existing?.passwords ?? [], timestamp),
      certificates: parseCertificateSlots(credentials.certificates ?? [], "properties.credentials.certificates", existing?.certificates ?? []),
      creationDate: existing?.creationDate ?? timestamp,
      lastModifiedAt: timestamp,
      provisioningState: "Succeeded",
    };
    return writeResource(runtime, request, { registry: entry.key, token: key }, entry.data.location, record, existing === undefined);
  };

  const update = async (request: ApiRequest): Promise<Reply> => {
    const body = requireObject(request.json(), "");
    const properties = optionalObject(body, "properties", "") ?? {};
    const scopeMapId = optionalString(properties, "scopeMapId", "properties");
    const status = optionalEnum(properties, "status", "properties", TOKEN_STATUS);
    const credentials = readCredentials(properties);
    const { entry, key, token } = find(request);
    assertRegistryNotDeleting(entry);
    assertNotBusy(token.provisioningState, `The token '${token.name}'`);
    const timestamp = now();
    const record: TokenData = { ...token, lastModifiedAt: timestamp };
    if (scopeMapId !== undefined && scopeMapId !== "") record.scopeMapKey = resolveScopeMap(entry, scopeMapId);
    if (status !== undefined) record.status = status;
    if (credentials.passwords !== undefined) {
      record.passwords = parsePasswordSlots(credentials.passwords, "properties.credentials.passwords", token.passwords, timestamp);
    }
    if (credentials.certificates !== undefined) {
      record.certificates = parseCertificateSlots(credentials.certificates, "properties.credentials.certificates", token.certificates);
    }
    return writeResource(runtime, request, { registry: entry.key, token: key }, entry.data.location, record, false);
  };

  const remove = async (request: ApiRequest): Promise<Reply> => {
    const entry = requireParentRegistry(runtime, request);
    const key = nameKey(param(request, "tokenName"));
    const token = entry.tokens.get(key);
    if (token === undefined) return emptyReply(204);
    assertRegistryNotDeleting(entry);
    assertNotBusy(token.provisioningState, `The token '${token.name}'`);
    return deleteResource(runtime, request, { registry: entry.key, token: key }, entry.data.location, token);
  };

  const generate = async (request: ApiRequest): Promise<Reply> => {
    const input = parseGenerateCredentials(request.json());
    const entry = requireRegistry(runtime, request);
    assertRegistryNotDeleting(entry);
    const name = childNameInRegistry(entry, input.tokenId, "tokens", "tokenId");
    const key = nameKey(name);
    const token = entry.tokens.get(key);
    if (token === undefined) throw tokenNotFound(entry, name);
    if (token.provisioningState === "Deleting") throw conflict(`The token '${token.name}' is being deleted.`);
    const task: GenerateCredentialsTask = { kind: "generateCredentials", registry: entry.key, token: key };
    if (input.name !== undefined) task.name = input.name;
    if (input.expiry !== undefined) task.expiry = input.expiry;
    const plan = operations.plan(request);
    if (!plan.async) {
      const result = generateCredentials(store, task);
      await runtime.commit();
      return jsonReply(200, result);
    }
    const operation = operations.start(request, plan, "result", entry.data.location, task);
    await runtime.commit();
    return operations.accepted(operation, request);
  };

  return inFamily("tokens", [
    route("GET", TOKENS_PATH, list),
    route("GET", TOKEN, (request) => {
      const { entry, token } = find(request);
      return jsonReply(200, tokenResource(entry, token), { ETag: etagOf(token) });
    }),
    route("PUT", TOKEN, create),
    route("PATCH", TOKEN, update),
    route("DELETE", TOKEN, remove),
    route("POST", `${REGISTRY_PATH}/generateCredentials`, generate),
  ]);
}
