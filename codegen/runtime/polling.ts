// When a long-running operation is polled, the same rules for every poller: the first poll at once,
// then a backoff from a small floor up to updateIntervalInMs; the service's Retry-After is a lower
// bound, clamped so that neither 0 (a tight loop) nor a huge value (a setTimeout overflow) misbehaves.
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { InvalidParameterError } from "./validation.js";

/** updateIntervalInMs when the caller gives none. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;
/** The first wait after the first poll; it doubles each poll up to updateIntervalInMs. */
export const FIRST_BACKOFF_MS = 100;
/** No two polls closer than this, whatever updateIntervalInMs or Retry-After say. */
export const MIN_POLL_DELAY_MS = 10;
/** The longest wait a Retry-After can ask for (unless updateIntervalInMs is longer). */
export const MAX_RETRY_AFTER_MS = 60_000;
/** setTimeout's limit: a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks updateIntervalInMs: a finite number of milliseconds, zero or more. */
export function pollInterval(value: unknown): number {
  if (value === undefined) return DEFAULT_POLL_INTERVAL_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new InvalidParameterError(
      "options.updateIntervalInMs",
      "range",
      `Parameter "options.updateIntervalInMs" must be a number of milliseconds from 0 to ${MAX_TIMER_MS}.`,
    );
  }
  return value;
}

/**
 * How long to wait before the next poll, after `pollsDone` polls: none before the first unless the
 * service asked; then FIRST_BACKOFF_MS doubling up to `interval`; a Retry-After longer than that wins,
 * up to MAX_RETRY_AFTER_MS (or `interval`, if longer). Never less than MIN_POLL_DELAY_MS between polls.
 */
export function pollDelay(pollsDone: number, interval: number, retryAfterMs: number | undefined): number {
  const ceiling = Math.max(interval, MIN_POLL_DELAY_MS);
  const backoff = pollsDone === 0 ? 0 : Math.min(ceiling, Math.max(MIN_POLL_DELAY_MS, FIRST_BACKOFF_MS * 2 ** (pollsDone - 1)));
  if (retryAfterMs === undefined) return backoff;
  return Math.min(Math.max(retryAfterMs, backoff), Math.max(MAX_RETRY_AFTER_MS, ceiling));
}

/** The wait the service asked for, in seconds or as an HTTP date; undefined when it did not say (or said nonsense). */
export function retryAfterMs(response: PipelineResponse | undefined, now = Date.now()): number | undefined {
  const header = response?.headers.get("retry-after")?.trim();
  if (header === undefined || header === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms` (at most the longest timer), or rejects with an AbortError naming what was awaited. */
export function wait(ms: number, abortSignal: AbortSignalLike | undefined, awaiting = "to poll"): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new AbortError(`The operation was aborted while waiting ${awaiting}.`);
    if (abortSignal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    abortSignal?.addEventListener("abort", onAbort, { once: true });
  });
}
