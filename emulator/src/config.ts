/**
 * Emulator options and the live settings derived from them. Settings stay
 * mutable so tests can change the async delay or page size between requests.
 */

import { API_VERSIONS, resolveApiVersions, type ApiFamily } from "./arm/apiVersions.js";
import type { ThrottlingOption } from "./arm/throttling.js";
import { type SkuLimits, type SkuLimitOverrides, resolveSkuLimits, type UserSkuName } from "./state/limits.js";

/**
 * Every api-version the provider's resource types accept (registries, scope maps, tokens together).
 * @deprecated Each type has its own list now: see `API_VERSIONS`.
 */
export const DEFAULT_API_VERSIONS: readonly string[] = [...new Set([...API_VERSIONS.registries, ...API_VERSIONS.tokens])].sort();

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** PEM certificate chain for HTTPS. Generated (self-signed for 127.0.0.1, ::1 and localhost) when absent. */
  cert?: string;
  /** PEM private key matching `cert`. */
  key?: string;
  /** Directory that keeps state (and the generated certificate) across restarts. */
  dataDir?: string;
  /**
   * With `dataDir`: when the snapshot or journal is damaged, set the damaged part aside
   * (`<file>.damaged-<time>`) and start from what is intact, listing it in `startupNotes`.
   * Without it (the default) such a start fails with an error naming the file and line.
   */
  recover?: boolean;
  /** How long asynchronous operations run; 0 (the default) answers every operation synchronously. */
  asyncDelayMs?: number;
  /** Items per page of list results; default 100. */
  pageSize?: number;
  /** Value of Retry-After on asynchronous responses, in seconds; default 1. */
  retryAfterSeconds?: number;
  /**
   * Accepted api-versions of registries, scope maps and tokens, replacing the published ones
   * (`API_VERSIONS`). ARM's own paths (subscriptions, resource groups) keep theirs.
   */
  apiVersions?: readonly string[];
  /**
   * Answer 404 ResourceGroupNotFound for a resource group that was never created, as Azure does.
   * By default a resource group used before it was created springs into existence.
   */
  strictResourceGroups?: boolean;
  /**
   * ARM's subscription throttling: token buckets for reads, writes and deletes per subscription.
   * `true` gives ARM's numbers (reads 250 + 25/s, writes and deletes 200 + 10/s). Off by default.
   */
  throttling?: ThrottlingOption;
  /**
   * Port of the managed-identity endpoint (plain HTTP on the same host, like App Service's); by default
   * a free one. The endpoint is shared by the emulators of a process (see `Emulator.identity`).
   */
  identityPort?: number;
  /** Extra check on bearer tokens; a token it rejects gets 401. */
  acceptToken?: (token: string) => boolean;
  /** Per-SKU limits on tokens, scope maps and webhooks (e.g. smaller ones for tests). */
  skuLimits?: SkuLimitOverrides;
  /** Print one line per request to stderr, or pass a function to receive the lines. */
  logRequests?: boolean | ((line: string) => void);
  /**
   * How long a new token password takes before it logs in to the data plane, in milliseconds
   * (ACR: about 60 s); default 0, at once.
   */
  passwordPropagationMs?: number;
}

/** Settings read on every request; changed through the Emulator object or the control endpoint. */
export interface Settings {
  asyncDelayMs: number;
  pageSize: number;
  retryAfterSeconds: number;
  apiVersions: Readonly<Record<ApiFamily, ReadonlySet<string>>>;
  strictResourceGroups: boolean;
  acceptToken: ((token: string) => boolean) | undefined;
  skuLimits: Readonly<Record<UserSkuName, SkuLimits>>;
  log: ((line: string) => void) | undefined;
  passwordPropagationMs: number;
}

export function resolveSettings(options: EmulatorOptions): Settings {
  const log = options.logRequests === true ? (line: string) => process.stderr.write(`${line}\n`) : options.logRequests || undefined;
  return {
    asyncDelayMs: checkNonNegativeInteger("asyncDelayMs", options.asyncDelayMs ?? 0),
    pageSize: checkPageSize(options.pageSize ?? 100),
    retryAfterSeconds: checkNonNegativeInteger("retryAfterSeconds", options.retryAfterSeconds ?? 1),
    apiVersions: resolveApiVersions(options.apiVersions),
    strictResourceGroups: options.strictResourceGroups === true,
    acceptToken: options.acceptToken,
    skuLimits: resolveSkuLimits(options.skuLimits),
    log,
    passwordPropagationMs: checkNonNegativeInteger("passwordPropagationMs", options.passwordPropagationMs ?? 0),
  };
}

export function checkNonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

export function checkPageSize(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`pageSize must be a positive integer, got ${String(value)}`);
  }
  return value;
}
