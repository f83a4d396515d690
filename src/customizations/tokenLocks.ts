/**
 * Password changes of one token run one at a time within this process: two rotations at once would
 * both read the token, pick the same slot, and one of the passwords they return would be dead.
 * Nothing is guaranteed across processes (or across machines): the service has no conditional
 * generateCredentials, so two processes rotating one token can still pick the same slot. Rotate a
 * token from one place, or use the slot that generateCredentials is told to regenerate.
 */

import type { AbortSignalLike } from "@azure/abort-controller";
import { AbortError } from "@azure/abort-controller";
import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { TokenTarget } from "./tokenTarget.js";

/** The last queued task per token; a finished tail is removed so the map does not grow. */
const tails = new Map<string, Promise<void>>();

/** ARM names are case-insensitive, so one token has one key whatever casing callers use. */
function tokenKey(client: ContainerRegistryManagementClient, target: TokenTarget): string {
  return [client.endpoint, client.subscriptionId, target.resourceGroup, target.registry, target.token].join("/").toLowerCase();
}

function abortable(turn: Promise<void>, abortSignal: AbortSignalLike | undefined): Promise<void> {
  if (!abortSignal) return turn;
  if (abortSignal.aborted) return Promise.reject(new AbortError("The operation was aborted while waiting for another password change of the token."));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AbortError("The operation was aborted while waiting for another password change of the token."));
    abortSignal.addEventListener("abort", onAbort, { once: true });
    void turn.then(() => {
      abortSignal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** Runs `task` once every earlier password change of the same token in this process has ended. */
export async function oneAtATime<T>(
  client: ContainerRegistryManagementClient,
  target: TokenTarget,
  abortSignal: AbortSignalLike | undefined,
  task: () => Promise<T>,
): Promise<T> {
  const key = tokenKey(client, target);
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  // Whoever comes next waits for this task and, through it, for every earlier one.
  const tail = previous.then(() => done);
  tails.set(key, tail);
  try {
    await abortable(previous, abortSignal);
    return await task();
  } finally {
    release();
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
  }
}
