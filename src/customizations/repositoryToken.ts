/**
 * A token for a set of repositories in one call, and its removal. Creation is
 * all-or-nothing: when a step fails, what this call created is deleted again
 * (unless another call has changed it since) and the original error is rethrown.
 */

import { RestError } from "@azure/core-rest-pipeline";
import { randomUUID } from "node:crypto";
import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { ScopeMap, Token } from "../generated/models.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { repositoryActionsMap, sameActions, type RepositoryAction } from "./actions.js";
import { quoteValue } from "./inputDescriptions.js";
import { checkSlot, issuePasswords, loginServerOf, PASSWORD_SLOTS, type TokenCredentials } from "./credentials.js";
import type { TokenPasswordSlot } from "./docker.js";
import { expiryDate, type ExpiryInput } from "./lifetime.js";
import { logger } from "./logger.js";
import { validateScopeMapName, type TokenRef } from "./resourceIds.js";
import { TokenTaskError } from "./taskErrors.js";
import { checkTokenState, type TokenState } from "./tokenStatus.js";
import { ifExists, requestOptions, resolveTarget, scopeMapIdIn, taskOptions, type TokenTarget, type TokenTaskOptions } from "./tokenTarget.js";

/** What {@link createRepositoryToken} makes: the token, its repositories (or scope map), status and passwords. */
export interface CreateRepositoryTokenParams extends TokenTaskOptions {
  /** The resource group of the registry. */
  resourceGroup: string;
  /** The registry's name. */
  registry: string;
  /** The token's name; also its user name. */
  token: string;
  /**
   * Repositories and what the token may do in each, e.g. `{ "app/web": ["content/read"] }`.
   * They go into a scope map named `<token>-scope-map`, created unless one with exactly these actions exists.
   * Give this or `scopeMap`, not both.
   */
  repositories?: Record<string, readonly RepositoryAction[]>;
  /** An existing scope map of the registry, e.g. the built-in `_repositories_pull`. Give this or `repositories`. */
  scopeMap?: string;
  /** Default "enabled". */
  status?: TokenState;
  /** When the passwords stop working; no expiry when absent. */
  expiry?: ExpiryInput;
  /** The password slots to generate; both when absent. */
  passwords?: readonly TokenPasswordSlot[];
}

/** What {@link createRepositoryToken} made: the token, its scope map, and its login material with the new passwords. */
export interface CreatedRepositoryToken extends TokenCredentials {
  /** The token made. */
  token: {
    /** Its name (also the user name). */
    name: string;
    /** Its resource ID. */
    id: string;
    /** Whether it can be used. */
    status: TokenState;
  };
  /** The scope map the token uses; `created` tells whether this call made it. */
  scopeMap: {
    /** Its name. */
    name: string;
    /** Its resource ID. */
    id: string;
    /** True when this call created it; false for an existing one. */
    created: boolean;
  };
}

/** What {@link deleteRepositoryToken} deleted, by name. */
export interface DeletedRepositoryToken {
  /** The token's name. */
  token: string;
  /** Absent when the scope map was kept (another token uses it, or it was not the token's own). */
  scopeMap?: string;
}

/** The scope map name the repositories form uses for a token. */
export function repositoryScopeMapName(token: string): string {
  return `${token}-scope-map`;
}

/** `<token>-scope-map`, or undefined when that is too long to be a scope map name. */
function conventionalScopeMap(token: string): string | undefined {
  try {
    return validateScopeMapName(repositoryScopeMapName(token), "scopeMap");
  } catch {
    return undefined;
  }
}

interface TokenPlan {
  target: TokenTarget;
  scopeMap: { name: string; id: string; actions: string[] | undefined };
  status: TokenState;
  slots: TokenPasswordSlot[];
  expiry: Date | undefined;
}

function checkSlots(value: unknown, parameterName: string): TokenPasswordSlot[] {
  if (value === undefined) return [...PASSWORD_SLOTS];
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidParameterError(parameterName, "minItems", `${parameterName} must be a non-empty array of "password1" and/or "password2"; omit it for both.`);
  }
  const slots = value.map((slot, index) => checkSlot(slot, `${parameterName}[${index}]`));
  return PASSWORD_SLOTS.filter((slot) => slots.includes(slot));
}

function scopeMapNameFor(token: string): string {
  const name = conventionalScopeMap(token);
  if (name === undefined) {
    throw new InvalidParameterError(
      "params.token",
      "maxLength",
      `params.token ${quoteValue(token)} is too long for params.repositories: the scope map name ${quoteValue(repositoryScopeMapName(token))} ` +
        `would break the scope map name rules. Use a shorter token name, or pass params.scopeMap.`,
    );
  }
  return name;
}

/** Every check of the inputs, before any request. */
function planToken(client: ContainerRegistryManagementClient, params: CreateRepositoryTokenParams): TokenPlan {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new InvalidParameterError("params", "type", "params must be an object { resourceGroup, registry, token, repositories | scopeMap, ... }.");
  }
  const target = resolveTarget(client, { resourceGroup: params.resourceGroup, registry: params.registry, token: params.token }, "params");
  if ((params.repositories === undefined) === (params.scopeMap === undefined)) {
    throw new InvalidParameterError(
      "params.repositories",
      "exactlyOne",
      "Give exactly one of params.repositories (to make a scope map) or params.scopeMap (an existing one).",
    );
  }
  const actions = params.repositories === undefined ? undefined : repositoryActionsMap(params.repositories, "params.repositories");
  const scopeMapName = actions === undefined ? validateScopeMapName(params.scopeMap, "params.scopeMap") : scopeMapNameFor(target.token);
  return {
    target,
    scopeMap: { name: scopeMapName, id: scopeMapIdIn(client, target, scopeMapName), actions },
    status: params.status === undefined ? "enabled" : checkTokenState(params.status, "params.status"),
    slots: checkSlots(params.passwords, "params.passwords"),
    expiry: params.expiry === undefined ? undefined : expiryDate(params.expiry, "params.expiry"),
  };
}

/** Up to `limit` items, quoted, and how many more there are. */
function someOf(items: readonly string[], limit = 10): string {
  const shown = items.slice(0, limit).map(quoteValue);
  return items.length > limit ? `${shown.join(", ")} and ${items.length - limit} more` : shown.join(", ");
}

/** Whether to make the scope map (false: use the existing one); refuses a missing named map or different actions. */
function mustCreateScopeMap(plan: TokenPlan, existing: ScopeMap | undefined): boolean {
  const { name, actions } = plan.scopeMap;
  const registry = plan.target.registry;
  if (actions === undefined) {
    if (existing === undefined) {
      throw new TokenTaskError("ScopeMapNotFound", `The scope map "${name}" does not exist in registry "${registry}"; create it first or pass repositories.`);
    }
    return false;
  }
  if (existing === undefined) return true;
  const current = existing.actions ?? [];
  if (sameActions(current, actions)) return false;
  const missing = actions.filter((action) => !current.includes(action));
  const extra = current.filter((action) => !actions.includes(action));
  const differences = [missing.length > 0 ? `it lacks ${someOf(missing)}` : "", extra.length > 0 ? `it also allows ${someOf(extra)}` : ""];
  throw new TokenTaskError(
    "ScopeMapConflict",
    `The scope map "${name}" already exists in registry "${registry}" with other actions: ${differences.filter(Boolean).join("; ")}. ` +
      `Delete or update it, or pass scopeMap: "${name}" to use it as it is.`,
  );
}

/**
 * What this call made, and so may remove on failure. Creates are conditional (`If-None-Match: *`), so
 * another call cannot have made the same resource in between; the rollback still checks that nobody
 * changed it since.
 */
interface Created {
  /** The service accepted this call's scope map PUT. */
  scopeMap: boolean;
  /** The service accepted this call's token PUT. */
  token: boolean;
  /** The token's systemData.lastModifiedAt after this call's create, when the service reported it. */
  tokenModifiedAt?: number | undefined;
}

/** Marks this call's scope map so the rollback can tell it from one another call put in its place. */
function scopeMapDescription(token: string, callId: string): string {
  return `Made by acr-tokens createRepositoryToken for token ${token} (call ${callId}).`;
}

/**
 * The options of a conditional create (`If-None-Match: *`: only if nothing by that name exists yet, as
 * ARM does for PUT), noting whether the service accepted the request (its first answer was a success).
 */
function createOnly(options: TokenTaskOptions, accepted: () => void): TokenTaskOptions & { onResponse: (raw: { status: number }) => void; requestOptions: { customHeaders: Record<string, string> } } {
  let first = true;
  return {
    ...options,
    requestOptions: { customHeaders: { "If-None-Match": "*" } },
    onResponse: (raw) => {
      if (first && raw.status >= 200 && raw.status < 300) accepted();
      first = false;
    },
  };
}

/** Whether the token is still as this call's create left it; unknown (no systemData) counts as yes. */
async function tokenStillOurs(client: ContainerRegistryManagementClient, plan: TokenPlan, created: Created): Promise<boolean> {
  const { resourceGroup, registry, token } = plan.target;
  const current = await ifExists(client.tokens.get(resourceGroup, registry, token));
  if (current === undefined) return false;
  const modifiedAt = current.systemData?.lastModifiedAt?.getTime();
  return created.tokenModifiedAt === undefined || modifiedAt === undefined || modifiedAt === created.tokenModifiedAt;
}

/** Whether the scope map is still the one this call made, and no other token uses it. */
async function scopeMapStillOurs(client: ContainerRegistryManagementClient, plan: TokenPlan, callId: string): Promise<boolean> {
  const { resourceGroup, registry, token } = plan.target;
  const current = await ifExists(client.scopeMaps.get(resourceGroup, registry, plan.scopeMap.name));
  if (current === undefined || current.description !== scopeMapDescription(token, callId)) return false;
  return !(await scopeMapInUse(client, plan.target, current.id ?? plan.scopeMap.id, {}));
}

/**
 * Best-effort removal after a failure of what this call made and nobody has touched since; what is
 * kept or cannot be removed is logged, and the original error still wins.
 */
async function removeCreated(client: ContainerRegistryManagementClient, plan: TokenPlan, created: Created, callId: string, options: TokenTaskOptions): Promise<void> {
  // Without the caller's abort signal: an aborted call must still clean up after itself.
  const lro = options.updateIntervalInMs === undefined ? {} : { updateIntervalInMs: options.updateIntervalInMs };
  const { resourceGroup, registry, token } = plan.target;
  const attempt = async (what: string, ours: () => Promise<boolean>, remove: () => Promise<void>) => {
    try {
      if (await ours()) await remove();
      else logger.warning(`createRepositoryToken: kept ${what} after a failed step: it changed since this call made it (another call?).`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warning(`createRepositoryToken: could not remove ${what} after a failed step; delete it yourself. Reason: ${reason}`);
    }
  };
  if (created.token) {
    await attempt(`token "${token}"`, () => tokenStillOurs(client, plan, created), () => client.tokens.beginDeleteAndWait(resourceGroup, registry, token, lro));
  }
  if (created.scopeMap) {
    await attempt(
      `scope map "${plan.scopeMap.name}"`,
      () => scopeMapStillOurs(client, plan, callId),
      () => client.scopeMaps.beginDeleteAndWait(resourceGroup, registry, plan.scopeMap.name, lro),
    );
  }
}

/**
 * Creates a token for a set of repositories (or with an existing scope map) and generates its passwords.
 * Refuses to touch an existing token: creating it again would wipe its passwords.
 * If a step fails, the token and the scope map this call created are deleted and the error is rethrown.
 *
 * @returns The token, its scope map, and the login material (`dockerCredentials()` accepts it).
 */
export async function createRepositoryToken(
  client: ContainerRegistryManagementClient,
  params: CreateRepositoryTokenParams,
): Promise<CreatedRepositoryToken> {
  const plan = planToken(client, params);
  const passOn = taskOptions(params, "params");
  const read = requestOptions(passOn);
  const { resourceGroup, registry, token } = plan.target;

  // Independent reads, at once: the login server, and whether the token and scope map exist.
  const [registryResource, existingToken, existingMap] = await Promise.all([
    client.registries.get(resourceGroup, registry, read),
    ifExists(client.tokens.get(resourceGroup, registry, token, read)),
    ifExists(client.scopeMaps.get(resourceGroup, registry, plan.scopeMap.name, read)),
  ]);
  if (existingToken !== undefined) throw tokenExists(token, registry);
  const loginServer = loginServerOf(registryResource);
  if (loginServer === undefined) throw new TokenTaskError("IncompleteResponse", `The registry "${registry}" has no login server.`);
  const makeScopeMap = mustCreateScopeMap(plan, existingMap);
  const created: Created = { scopeMap: false, token: false };
  const callId = randomUUID();

  try {
    if (makeScopeMap) {
      const description = scopeMapDescription(token, callId);
      const options = createOnly(passOn, () => (created.scopeMap = true));
      try {
        await client.scopeMaps.beginCreateAndWait(resourceGroup, registry, plan.scopeMap.name, { actions: plan.scopeMap.actions, description }, options);
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
        // Another call made it just now: use it if it grants the same, as if it had been there before.
        mustCreateScopeMap(plan, await client.scopeMaps.get(resourceGroup, registry, plan.scopeMap.name, read));
      }
    }
    const options = createOnly(passOn, () => (created.token = true));
    const made: Token = await client.tokens.beginCreateAndWait(resourceGroup, registry, token, { scopeMapId: plan.scopeMap.id, status: plan.status }, options).catch((error: unknown) => {
      if (isPreconditionFailed(error)) throw tokenExists(token, registry);
      throw error;
    });
    created.tokenModifiedAt = made.systemData?.lastModifiedAt?.getTime();
    const { username, passwords } = await issuePasswords(client, plan.target, { slots: plan.slots, expiry: plan.expiry }, passOn);
    return {
      token: { name: made.name ?? token, id: made.id ?? plan.target.tokenId, status: plan.status },
      scopeMap: { name: plan.scopeMap.name, id: plan.scopeMap.id, created: makeScopeMap },
      username,
      loginServer,
      passwords,
    };
  } catch (error) {
    await removeCreated(client, plan, created, callId, passOn);
    throw error;
  }
}

function tokenExists(token: string, registry: string): TokenTaskError {
  return new TokenTaskError(
    "TokenAlreadyExists",
    `The token "${token}" already exists in registry "${registry}"; creating it again would wipe its passwords. ` +
      `Use generateCredentials or rotateTokenPassword for new passwords, or deleteRepositoryToken first.`,
  );
}

/** ARM's answer to a conditional request whose condition failed (here: the name was taken meanwhile). */
const isPreconditionFailed = (error: unknown): boolean => error instanceof RestError && error.statusCode === 412;

/** Whether any token other than `except` uses the scope map; IDs compare case-insensitively, as ARM's do. */
async function scopeMapInUse(client: ContainerRegistryManagementClient, target: TokenTarget, scopeMapId: string, options: TokenTaskOptions): Promise<boolean> {
  const wanted = scopeMapId.toLowerCase();
  const except = target.token.toLowerCase();
  for await (const other of client.tokens.list(target.resourceGroup, target.registry, requestOptions(options))) {
    // The deleted token may still be listed for a moment.
    if (other.name?.toLowerCase() === except) continue;
    if (other.scopeMapId?.toLowerCase() === wanted) return true;
  }
  return false;
}

/**
 * Deletes a token, then its `<token>-scope-map` if that exists, the token used it, and no other token does.
 * A scope map the token did not use is never touched. A token that does not exist is the service's 404.
 *
 * @param tokenRef - The token's resource ID (in the client's subscription) or `{ resourceGroup, registry, token }`.
 * @returns The names of what was deleted.
 */
export async function deleteRepositoryToken(
  client: ContainerRegistryManagementClient,
  tokenRef: TokenRef,
  options: TokenTaskOptions = {},
): Promise<DeletedRepositoryToken> {
  const target = resolveTarget(client, tokenRef, "tokenRef");
  const passOn = taskOptions(options);
  const { resourceGroup, registry, token } = target;

  // Read first: which scope map the token uses decides whether `<token>-scope-map` is its own.
  const existing = await client.tokens.get(resourceGroup, registry, token, requestOptions(passOn));
  await client.tokens.beginDeleteAndWait(resourceGroup, registry, token, passOn);
  const deleted: DeletedRepositoryToken = { token: existing.name ?? token };

  const mapName = conventionalScopeMap(token);
  // A token name too long for a conventional scope map has none.
  if (mapName === undefined) return deleted;
  const mapId = scopeMapIdIn(client, target, mapName);
  if (existing.scopeMapId?.toLowerCase() !== mapId.toLowerCase()) return deleted;
  const scopeMap = await ifExists(client.scopeMaps.get(resourceGroup, registry, mapName, requestOptions(passOn)));
  if (scopeMap === undefined || (await scopeMapInUse(client, target, scopeMap.id ?? mapId, passOn))) return deleted;
  await client.scopeMaps.beginDeleteAndWait(resourceGroup, registry, mapName, passOn);
  deleted.scopeMap = scopeMap.name ?? mapName;
  return deleted;
}
