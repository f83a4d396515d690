/**
 * Finding tokens whose credentials run out soon, have run out, or that have
 * none at all: streamed page by page, so large registries are not read whole
 * before the first result.
 */

import type { ContainerRegistryManagementClient } from "../generated/containerRegistryManagementClient.js";
import type { Token } from "../generated/models.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { checkDate, daysInMs, type Days } from "./lifetime.js";
import { validateRegistryName, validateResourceGroupName } from "./resourceIds.js";
import { requestOptions, taskOptions, type TokenTaskOptions } from "./tokenTarget.js";

/** Which registry {@link findExpiringCredentials} looks through, and how far ahead. */
export interface FindExpiringCredentialsParams extends Pick<TokenTaskOptions, "abortSignal"> {
  /** The resource group of the registry. */
  resourceGroup: string;
  /** The registry's name. */
  registry: string;
  /** Report credentials that expire within this many days from `now` (0: only expired ones). */
  within: Days;
  /** The time to measure from; the current time when absent. */
  now?: Date;
}

/** A password or certificate of a token that has expired or expires soon. */
export interface ExpiringCredential {
  /** Whether it is a password or a certificate. */
  kind: "password" | "certificate";
  /** The slot: password1, password2, certificate1 or certificate2. */
  name: string;
  /** When it stops (or stopped) working. */
  expiry?: Date;
}

/** A token that needs attention, as {@link findExpiringCredentials} reports it. */
export interface ExpiringToken {
  /** The token's name. */
  token: string;
  /** The token's resource ID. */
  id: string;
  /** The token's status ("enabled" or "disabled"), as the service reported it. */
  status: string | undefined;
  /** "expired" when any listed credential has expired; "no-credentials" when the token has no password or certificate. */
  reason: "expiring" | "expired" | "no-credentials";
  /** The credentials that have expired or expire within the window (empty for "no-credentials"). */
  credentials: ExpiringCredential[];
}

function credentialsOf(token: Token): ExpiringCredential[] {
  const list: ExpiringCredential[] = [];
  const add = (kind: ExpiringCredential["kind"], slot: { name?: string; expiry?: Date }) => {
    const credential: ExpiringCredential = { kind, name: slot.name ?? "" };
    if (slot.expiry !== undefined) credential.expiry = slot.expiry;
    list.push(credential);
  };
  for (const password of token.credentials?.passwords ?? []) add("password", password);
  for (const certificate of token.credentials?.certificates ?? []) add("certificate", certificate);
  return list;
}

/** The report for one token, or undefined when all its credentials outlive the window. */
export function assessToken(token: Token, now: number, horizon: number): ExpiringToken | undefined {
  const all = credentialsOf(token);
  const report = (reason: ExpiringToken["reason"], credentials: ExpiringCredential[]): ExpiringToken => ({
    token: token.name ?? "",
    id: token.id ?? "",
    status: token.status,
    reason,
    credentials,
  });
  if (all.length === 0) return report("no-credentials", []);
  // Credentials without an expiry never expire; an unreadable date is treated as not expiring.
  const due = all.filter((credential) => (credential.expiry?.getTime() ?? Infinity) <= horizon);
  if (due.length === 0) return undefined;
  const expired = due.some((credential) => credential.expiry!.getTime() <= now);
  return report(expired ? "expired" : "expiring", due);
}

async function* scan(client: ContainerRegistryManagementClient, resourceGroup: string, registry: string, now: number, horizon: number, options: TokenTaskOptions): AsyncGenerator<ExpiringToken, void, undefined> {
  for await (const page of client.tokens.list(resourceGroup, registry, requestOptions(options)).byPage()) {
    for (const token of page) {
      const report = assessToken(token, now, horizon);
      if (report !== undefined) yield report;
    }
  }
}

/**
 * Lists the tokens of a registry whose passwords or certificates expire within `within` days (or already
 * have), and the tokens with no password or certificate at all. Results arrive while the list is read.
 * Inputs are checked at the call; requests start when iteration does.
 *
 * @example
 * ```ts
 * for await (const found of findExpiringCredentials(client, { resourceGroup, registry, within: { days: 14 } })) {
 *   console.log(found.token, found.reason);
 * }
 * ```
 */
export function findExpiringCredentials(client: ContainerRegistryManagementClient, params: FindExpiringCredentialsParams): AsyncGenerator<ExpiringToken, void, undefined> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new InvalidParameterError("params", "type", "params must be an object { resourceGroup, registry, within: { days }, now? }.");
  }
  const resourceGroup = validateResourceGroupName(params.resourceGroup, "params.resourceGroup");
  const registry = validateRegistryName(params.registry, "params.registry");
  const window = daysInMs(params.within, "params.within", true);
  const now = params.now === undefined ? Date.now() : checkDate(params.now, "params.now").getTime();
  const options = taskOptions({ abortSignal: params.abortSignal }, "params");
  // A huge window may sum to Infinity: every credential with an expiry is then due, as it should be.
  return scan(client, resourceGroup, registry, now, now + window, options);
}
