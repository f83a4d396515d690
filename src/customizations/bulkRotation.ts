/**
 * Rotating every password of a registry that runs out soon, several tokens at a time, as one
 * stream of outcomes: a failure for one token is reported and the others carry on. The client's
 * pipeline paces the requests by ARM's throttling headers, so a large registry does not spend its
 * subscription's budget on refused requests.
 */

import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { findExpiringCredentials, type ExpiringToken } from "./expiry.js";
import { expiryDate, type Days, type ExpiryInput } from "./lifetime.js";
import { requireObject } from "./inputDescriptions.js";
import { rotateTokenPassword, type RotatedPassword } from "./rotation.js";
import type { TokenTaskOptions } from "./tokenTarget.js";

/** What {@link rotateExpiringPasswords} works on and how. */
export interface RotateExpiringPasswordsParams extends Pick<TokenTaskOptions, "abortSignal" | "updateIntervalInMs"> {
  /** The registry's resource group. */
  resourceGroup: string;
  /** The registry whose tokens are rotated. */
  registry: string;
  /** Rotate passwords that have expired or expire within this many days. */
  within: Days;
  /** When the new passwords stop working; no expiry when absent. */
  expiry?: ExpiryInput;
  /** How many tokens are rotated at once: 1 to 64, 4 by default. */
  concurrency?: number;
}

/** What every outcome says: which token, and why it was picked. */
export interface PasswordRotationSubject {
  /** The token's name. */
  readonly token: string;
  /** What findExpiringCredentials reported about it. */
  readonly found: ExpiringToken;
}

/** A token whose password was rotated. */
export interface PasswordRotated extends PasswordRotationSubject {
  /** The new password: store it now, the service shows it only once. */
  readonly rotated: RotatedPassword;
  /** Never set on a success. */
  readonly error?: undefined;
}

/** A token that could not be rotated. */
export interface PasswordRotationFailed extends PasswordRotationSubject {
  /** Never set on a failure. */
  readonly rotated?: undefined;
  /** Why: a RestError from the service, or an AbortError. */
  readonly error: unknown;
}

/** One token's outcome: its new password (`rotated`), or why it could not be rotated (`error`). */
export type PasswordRotationOutcome = PasswordRotated | PasswordRotationFailed;

const MAX_CONCURRENCY = 64;

/**
 * Rotates one password of each token whose passwords have expired or expire within `within` days
 * (the expired or older slot, as {@link rotateTokenPassword} picks it), `concurrency` tokens at a
 * time, yielding each outcome as it completes. Tokens without passwords (made with none on
 * purpose) are left alone. A token that fails is yielded with its error and the rest go on;
 * only a failure to list the registry's tokens ends the stream.
 *
 * ```ts
 * for await (const outcome of rotateExpiringPasswords(client, { resourceGroup, registry, within: { days: 14 } })) {
 *   if (outcome.rotated) store(outcome.token, outcome.rotated.slot, outcome.rotated.value);
 *   else console.error(outcome.token, outcome.error);
 * }
 * ```
 */
export function rotateExpiringPasswords(
  client: ContainerRegistryManagementClient,
  params: RotateExpiringPasswordsParams,
): AsyncGenerator<PasswordRotationOutcome, void, undefined> {
  requireObject(params, "params", "an object { resourceGroup, registry, within: { days }, expiry?, concurrency? }");
  const concurrency = params.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new InvalidParameterError("params.concurrency", "range", `Parameter "params.concurrency" must be a whole number from 1 to ${MAX_CONCURRENCY}.`);
  }
  const expiry = params.expiry === undefined ? undefined : expiryDate(params.expiry, "params.expiry");
  // Checks resourceGroup, registry, within and abortSignal before anything is sent.
  const found = findExpiringCredentials(client, { resourceGroup: params.resourceGroup, registry: params.registry, within: params.within, abortSignal: params.abortSignal });
  const options = { abortSignal: params.abortSignal, updateIntervalInMs: params.updateIntervalInMs, ...(expiry ? { expiry } : {}) };
  return rotateAll(client, { resourceGroup: params.resourceGroup, registry: params.registry }, found, concurrency, options);
}

async function* rotateAll(
  client: ContainerRegistryManagementClient,
  registry: { resourceGroup: string; registry: string },
  found: AsyncGenerator<ExpiringToken, void, undefined>,
  concurrency: number,
  options: { abortSignal?: TokenTaskOptions["abortSignal"]; updateIntervalInMs?: number; expiry?: Date },
): AsyncGenerator<PasswordRotationOutcome, void, undefined> {
  const running = new Map<number, Promise<{ id: number; outcome: PasswordRotationOutcome }>>();
  let nextId = 0;
  const start = (token: ExpiringToken) => {
    const id = nextId++;
    const ref = { ...registry, token: token.token };
    const outcome = rotateTokenPassword(client, ref, options).then(
      (rotated): PasswordRotationOutcome => ({ token: token.token, found: token, rotated }),
      (error: unknown): PasswordRotationOutcome => ({ token: token.token, found: token, error }),
    );
    running.set(id, outcome.then((result) => ({ id, outcome: result })));
  };
  const finishOne = async () => {
    const { id, outcome } = await Promise.race(running.values());
    running.delete(id);
    return outcome;
  };
  for await (const token of found) {
    if (!token.credentials.some((credential) => credential.kind === "password")) continue;
    start(token);
    if (running.size >= concurrency) yield await finishOne();
  }
  while (running.size > 0) yield await finishOne();
}
