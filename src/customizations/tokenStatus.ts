/**
 * Enabling and disabling a token. A disabled token keeps its scope map and
 * passwords but cannot log in. The change is a PATCH: a PUT would replace the
 * whole token and drop its passwords.
 */

import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { Token } from "../generated/models.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { quoteValue, typeName } from "./inputDescriptions.js";
import type { TokenRef } from "./resourceIds.js";
import { resolveTarget, taskOptions, type TokenTaskOptions } from "./tokenTarget.js";

/** The states a token can be put in. */
export type TokenState = "enabled" | "disabled";

const TOKEN_STATES: readonly TokenState[] = ["enabled", "disabled"];

export function checkTokenState(value: unknown, parameterName: string): TokenState {
  if (!TOKEN_STATES.includes(value as TokenState)) {
    const got = typeof value === "string" ? quoteValue(value) : typeName(value);
    throw new InvalidParameterError(parameterName, "enum", `${parameterName} must be "enabled" or "disabled", got ${got}.`);
  }
  return value as TokenState;
}

/**
 * Enables or disables a token (PATCH; its scope map and passwords stay as they are).
 *
 * @param tokenRef - The token's resource ID (in the client's subscription) or `{ resourceGroup, registry, token }`.
 * @returns The token as the service reports it after the change.
 */
export async function setTokenStatus(
  client: ContainerRegistryManagementClient,
  tokenRef: TokenRef,
  status: TokenState,
  options: TokenTaskOptions = {},
): Promise<Token> {
  const target = resolveTarget(client, tokenRef, "tokenRef");
  const state = checkTokenState(status, "status");
  const passOn = taskOptions(options);
  return client.tokens.beginUpdateAndWait(target.resourceGroup, target.registry, target.token, { status: state }, passOn);
}
