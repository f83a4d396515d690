/**
 * Zero-downtime password rotation. A token has two password slots; replacing
 * only one of them keeps the other working while clients switch over.
 */

import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { TokenPassword } from "../generated/models.js";
import { issuePasswords, PASSWORD_SLOTS } from "./credentials.js";
import type { TokenPasswordSlot } from "./docker.js";
import { expiryDate, type ExpiryInput } from "./lifetime.js";
import type { TokenRef } from "./resourceIds.js";
import { oneAtATime } from "./tokenLocks.js";
import { requestOptions, resolveTarget, taskOptions, type TokenTarget, type TokenTaskOptions } from "./tokenTarget.js";

/** Options of {@link rotateTokenPassword}. */
export interface RotateTokenPasswordOptions extends TokenTaskOptions {
  /** When the new password stops working; no expiry when absent. */
  expiry?: ExpiryInput;
}

/** What {@link rotateTokenPassword} did: the new password, and the slot that keeps working meanwhile. */
export interface RotatedPassword {
  /** The slot that was regenerated. */
  slot: TokenPasswordSlot;
  /** The new password. The service shows it only once: store it now. */
  value: string;
  /** When the new password stops working; absent when it does not expire. */
  expiry?: Date;
  /** When the service made it. */
  creationTime?: Date;
  /** The other slot, whose password still works; undefined when it has none (or it has expired). */
  stillValid: TokenPasswordSlot | undefined;
}

/** A slot's creation time in ms; an unknown time counts as the oldest. */
function createdAt(password: TokenPassword | undefined): number {
  const time = password?.creationTime?.getTime();
  return time === undefined || Number.isNaN(time) ? -Infinity : time;
}

function isExpired(password: TokenPassword | undefined, now: number): boolean {
  const time = password?.expiry?.getTime();
  return time !== undefined && time <= now;
}

/**
 * The slot to replace: an empty one; else an expired one (replacing the other would leave no working
 * password); else the older one. Ties go to password1.
 */
export function slotToReplace(passwords: readonly TokenPassword[], now: number): TokenPasswordSlot {
  const bySlot = new Map(passwords.map((password) => [password.name, password]));
  const empty = PASSWORD_SLOTS.find((slot) => !bySlot.has(slot));
  if (empty !== undefined) return empty;
  const expired = PASSWORD_SLOTS.filter((slot) => isExpired(bySlot.get(slot), now));
  if (expired.length === 1) return expired[0]!;
  return createdAt(bySlot.get("password2")) < createdAt(bySlot.get("password1")) ? "password2" : "password1";
}

/**
 * Replaces one of a token's two passwords, so the other keeps working: an empty slot if there is one,
 * else the older password. Switch clients to the returned password, then rotate again later to replace
 * the other. A new password takes about a minute to work everywhere: keep using the old one until then.
 * Calls for one token in one process run one after the other, so each replaces a different slot in turn;
 * calls from several processes at once are not coordinated and can replace the same slot.
 *
 * @param tokenRef - The token's resource ID (in the client's subscription) or `{ resourceGroup, registry, token }`.
 * @returns The regenerated slot and its new value, and the slot that still holds a working password.
 */
export async function rotateTokenPassword(
  client: ContainerRegistryManagementClient,
  tokenRef: TokenRef,
  options: RotateTokenPasswordOptions = {},
): Promise<RotatedPassword> {
  const target = resolveTarget(client, tokenRef, "tokenRef");
  const passOn = taskOptions(options);
  const expiry = options.expiry === undefined ? undefined : expiryDate(options.expiry, "options.expiry");

  return oneAtATime(client, target, passOn.abortSignal, () => rotate(client, target, passOn, expiry));
}

async function rotate(client: ContainerRegistryManagementClient, target: TokenTarget, passOn: TokenTaskOptions, expiry: Date | undefined): Promise<RotatedPassword> {
  const token = await client.tokens.get(target.resourceGroup, target.registry, target.token, requestOptions(passOn));
  const current = (token.credentials?.passwords ?? []).filter((password) => PASSWORD_SLOTS.includes(password.name as TokenPasswordSlot));
  const now = Date.now();
  const slot = slotToReplace(current, now);
  const other = current.find((password) => password.name !== slot);

  const { passwords } = await issuePasswords(client, target, { slots: [slot], expiry }, passOn);
  const generated = passwords[slot]!; // issuePasswords guarantees every requested slot
  const rotated: RotatedPassword = {
    slot,
    value: generated.value,
    stillValid: other !== undefined && !isExpired(other, now) ? (other.name as TokenPasswordSlot) : undefined,
  };
  if (generated.expiry !== undefined) rotated.expiry = generated.expiry;
  if (generated.creationTime !== undefined) rotated.creationTime = generated.creationTime;
  return rotated;
}
