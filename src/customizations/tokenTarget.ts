/**
 * What every token helper does before its first request: resolve which token
 * (and registry) it acts on against the client's subscription, and check the
 * options it passes through to the generated client.
 */

import type { AbortSignalLike } from "@azure/abort-controller";
import { RestError } from "@azure/core-rest-pipeline";
import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { formatScopeMapId, formatTokenId, resolveTokenRef, type TokenRef } from "./resourceIds.js";

/** Options every task helper takes; passed on to each request and long-running operation it runs. */
export interface TokenTaskOptions {
  /** Cancels the helper: its requests and its waits between polls. */
  abortSignal?: AbortSignalLike;
  /** Delay between polls of long-running operations when the service sends no Retry-After (default 2000 ms). */
  updateIntervalInMs?: number;
}

/** A token a helper acts on, with the names every generated operation needs. */
export interface TokenTarget {
  resourceGroup: string;
  registry: string;
  token: string;
  /** The token's resource ID in the client's subscription. */
  tokenId: string;
}

/** Resolves `ref` in the client's subscription; an ID naming another subscription is refused. */
export function resolveTarget(client: ContainerRegistryManagementClient, ref: TokenRef, parameterName: string): TokenTarget {
  const { subscriptionId, resourceGroup, registry, token } = resolveTokenRef(ref, parameterName);
  // The generated operations always use the client's subscription, so another one would be silently ignored.
  if (subscriptionId !== undefined && subscriptionId.toLowerCase() !== client.subscriptionId.toLowerCase()) {
    throw new InvalidParameterError(
      parameterName,
      "subscription",
      `${parameterName} names subscription ${subscriptionId}, but the client works in subscription ${client.subscriptionId}; ` +
        `use a client for that subscription.`,
    );
  }
  const tokenId = formatTokenId({ subscriptionId: client.subscriptionId, resourceGroup, registry, token });
  return { resourceGroup, registry, token, tokenId };
}

/** The ID of a scope map in the same registry as `target`. */
export function scopeMapIdIn(client: ContainerRegistryManagementClient, target: { resourceGroup: string; registry: string }, scopeMap: string): string {
  return formatScopeMapId({ subscriptionId: client.subscriptionId, resourceGroup: target.resourceGroup, registry: target.registry, scopeMap });
}

/**
 * Checks the pass-through options and returns just them, so nothing else leaks into requests.
 * `parameterName` prefixes the names in messages; "" when the options sit in the task's own object.
 */
export function taskOptions(options: unknown, parameterName = "options"): TokenTaskOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be an object.`);
  }
  const name = (key: string) => (parameterName === "" ? key : `${parameterName}.${key}`);
  const { abortSignal, updateIntervalInMs } = options as Record<string, unknown>;
  if (abortSignal !== undefined && (typeof abortSignal !== "object" || abortSignal === null || typeof (abortSignal as AbortSignalLike).aborted !== "boolean")) {
    throw new InvalidParameterError(name("abortSignal"), "type", `${name("abortSignal")} must be an AbortSignal.`);
  }
  if (updateIntervalInMs !== undefined && (typeof updateIntervalInMs !== "number" || !Number.isFinite(updateIntervalInMs) || updateIntervalInMs < 0)) {
    throw new InvalidParameterError(
      name("updateIntervalInMs"),
      "nonNegative",
      `${name("updateIntervalInMs")} must be a finite number of milliseconds, zero or more.`,
    );
  }
  const result: TokenTaskOptions = {};
  if (abortSignal !== undefined) result.abortSignal = abortSignal as AbortSignalLike;
  if (updateIntervalInMs !== undefined) result.updateIntervalInMs = updateIntervalInMs as number;
  return result;
}

/** The options of a plain request: only the abort signal applies. */
export function requestOptions(options: TokenTaskOptions): { abortSignal?: AbortSignalLike } {
  return options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal };
}

/** The resource, or undefined when the service answers 404; other failures pass through. */
export async function ifExists<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}
