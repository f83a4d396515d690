/**
 * Generating token passwords. The service answers with every password slot of
 * the token but a value only for the regenerated ones, so slots are picked by
 * name, never by position. Values appear only in the returned object.
 */

import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { GenerateCredentialsResult, Registry } from "../generated/models.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import type { TokenPasswordSlot } from "./docker.js";
import { expiryDate, type ExpiryInput } from "./lifetime.js";
import type { TokenRef } from "./resourceIds.js";
import { TokenTaskError } from "./taskErrors.js";
import { oneAtATime } from "./tokenLocks.js";
import { requestOptions, resolveTarget, taskOptions, type TokenTarget, type TokenTaskOptions } from "./tokenTarget.js";

/** A password the service just generated. */
export interface GeneratedPassword {
  /** The secret. The service shows it only once: store it now. */
  value: string;
  /** When the password stops working; absent when it does not expire. */
  expiry?: Date;
  /** When the service made it. */
  creationTime?: Date;
}

/** Generated passwords by slot; a slot is present only when the service returned a value for it. */
export interface GeneratedPasswords {
  /** The new password in slot `password1`. */
  password1?: GeneratedPassword;
  /** The new password in slot `password2`. */
  password2?: GeneratedPassword;
}

/** Login material for a token; `dockerCredentials()` turns it into docker login credentials. */
export interface TokenCredentials {
  /** The token's user name (the token's name). */
  username: string;
  /** The registry's login server, e.g. `myregistry.azurecr.io`. */
  loginServer: string;
  /** The passwords just generated, by slot. */
  passwords: GeneratedPasswords;
}

/** Options of {@link generateCredentials}. */
export interface GenerateCredentialsOptions extends TokenTaskOptions {
  /** When the new passwords stop working; no expiry when absent. */
  expiry?: ExpiryInput;
  /** The slot to regenerate; both when absent. */
  password?: TokenPasswordSlot;
}

export const PASSWORD_SLOTS: readonly TokenPasswordSlot[] = ["password1", "password2"];

/** Checks one slot name. Not echoed: a password value passed here by mistake must not leak. */
export function checkSlot(value: unknown, parameterName: string): TokenPasswordSlot {
  if (!PASSWORD_SLOTS.includes(value as TokenPasswordSlot)) {
    throw new InvalidParameterError(parameterName, "enum", `${parameterName} must be one of: ${PASSWORD_SLOTS.join(", ")}.`);
  }
  return value as TokenPasswordSlot;
}

/** What to generate: which slots (one, or both), and until when. */
export interface PasswordRequest {
  slots: readonly TokenPasswordSlot[];
  expiry?: Date | undefined;
}

/** Picks the slots that came back with a value, by name; a requested slot without one is an error. */
function pickPasswords(answer: GenerateCredentialsResult, target: TokenTarget, slots: readonly TokenPasswordSlot[]): GeneratedPasswords {
  const passwords: GeneratedPasswords = {};
  for (const entry of answer.passwords ?? []) {
    const slot = entry.name as TokenPasswordSlot;
    if (!PASSWORD_SLOTS.includes(slot) || typeof entry.value !== "string" || entry.value === "") continue;
    const password: GeneratedPassword = { value: entry.value };
    if (entry.expiry !== undefined) password.expiry = entry.expiry;
    if (entry.creationTime !== undefined) password.creationTime = entry.creationTime;
    passwords[slot] = password;
  }
  const missing = slots.filter((slot) => passwords[slot] === undefined);
  if (missing.length > 0) {
    throw new TokenTaskError(
      "IncompleteResponse",
      `The service regenerated credentials of token "${target.token}" but returned no value for ${missing.join(", ")}; generate them again.`,
    );
  }
  return passwords;
}

/** Runs generateCredentials for the requested slots: one call, naming the slot only when it is just one. */
export async function issuePasswords(
  client: ContainerRegistryManagementClient,
  target: TokenTarget,
  request: PasswordRequest,
  options: TokenTaskOptions,
): Promise<{ username: string; passwords: GeneratedPasswords }> {
  const parameters = {
    tokenId: target.tokenId,
    ...(request.slots.length === 1 ? { name: request.slots[0] } : {}),
    ...(request.expiry === undefined ? {} : { expiry: request.expiry }),
  };
  const answer = await client.registries.beginGenerateCredentialsAndWait(target.resourceGroup, target.registry, parameters, options);
  // An ACR token's user name is the token's name, should the answer leave it out.
  const username = typeof answer.username === "string" && answer.username !== "" ? answer.username : target.token;
  return { username, passwords: pickPasswords(answer, target, request.slots) };
}

/** The registry's login server; undefined when the answer has none. */
export function loginServerOf(registry: Registry): string | undefined {
  return typeof registry.loginServer === "string" && registry.loginServer !== "" ? registry.loginServer : undefined;
}

/**
 * Generates new passwords for a token: both slots, or the one `options.password` names.
 * Regenerating a slot replaces its old value at once; use {@link rotateTokenPassword} to
 * keep one password working while replacing the other.
 *
 * @param tokenRef - The token's resource ID (in the client's subscription) or `{ resourceGroup, registry, token }`.
 * @returns The user name, the registry's login server and the new passwords by slot.
 */
export async function generateCredentials(
  client: ContainerRegistryManagementClient,
  tokenRef: TokenRef,
  options: GenerateCredentialsOptions = {},
): Promise<TokenCredentials> {
  const target = resolveTarget(client, tokenRef, "tokenRef");
  const passOn = taskOptions(options);
  const slots = options.password === undefined ? PASSWORD_SLOTS : [checkSlot(options.password, "options.password")];
  const expiry = options.expiry === undefined ? undefined : expiryDate(options.expiry, "options.expiry");

  // The login server first: once the slots are regenerated their old values are gone, so nothing that
  // could fail may come between the generation and returning the new passwords.
  const registry = await client.registries.get(target.resourceGroup, target.registry, requestOptions(passOn));
  const loginServer = loginServerOf(registry);
  if (loginServer === undefined) {
    throw new TokenTaskError("IncompleteResponse", `The registry "${target.registry}" has no login server; no passwords were generated.`);
  }
  const generated = await oneAtATime(client, target, passOn.abortSignal, () => issuePasswords(client, target, { slots, expiry }, passOn));
  return { username: generated.username, loginServer, passwords: generated.passwords };
}
