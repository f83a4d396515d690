/**
 * Who logs in to a registry's data plane, and with what permissions:
 * the admin user (when enabled) with everything; a token with what its scope
 * map allows, when it is enabled and one of its passwords matches, has not
 * expired and has propagated; anonymous callers with pull when the registry
 * allows anonymous pull. Anything else is no login at all.
 */

import { timingSafeEqual } from "node:crypto";
import { matchesVerifier } from "../resources/passwordVerifiers.js";
import { nameKey, type PasswordSlot, type TokenData } from "../state/records.js";
import type { RegistryEntry } from "../state/store.js";
import { ADMIN_PERMISSIONS, scopeMapPermissions, type Permissions } from "./access.js";

export interface Login {
  /** The user name, or "" for an anonymous caller. */
  subject: string;
  permissions: Permissions;
}

export interface LoginRules {
  /** How long a new password takes before it works (ACR: about a minute). */
  passwordPropagationMs: number;
}

const ANONYMOUS: Login = {
  subject: "",
  permissions: { repositoryActions: () => new Set(["pull"]), catalog: false },
};

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function usable(slot: PasswordSlot, rules: LoginRules, now: number): boolean {
  if (slot.verifier === undefined) return false;
  if (slot.expiry !== undefined && Date.parse(slot.expiry) <= now) return false;
  return Date.parse(slot.creationTime) + rules.passwordPropagationMs <= now;
}

async function tokenLogin(entry: RegistryEntry, token: TokenData, password: string, rules: LoginRules): Promise<Login | undefined> {
  if (token.status !== "enabled" || token.provisioningState === "Deleting") return undefined;
  const now = Date.now();
  for (const slot of token.passwords) {
    if (usable(slot, rules, now) && (await matchesVerifier(password, slot.verifier!))) {
      return { subject: token.name, permissions: scopeMapPermissions(entry.scopeMaps.get(token.scopeMapKey)?.actions ?? []) };
    }
  }
  return undefined;
}

/** The login for a user name and password, or undefined when they do not log in. */
export async function logIn(entry: RegistryEntry, username: string, password: string, rules: LoginRules): Promise<Login | undefined> {
  const registry = entry.data;
  if (registry.settings.adminUserEnabled && nameKey(username) === nameKey(registry.name)) {
    return registry.adminPasswords.some((value) => sameText(value, password)) ? { subject: registry.name, permissions: ADMIN_PERMISSIONS } : undefined;
  }
  const token = entry.tokens.get(nameKey(username));
  return token === undefined ? undefined : tokenLogin(entry, token, password, rules);
}

/** The login of a caller without credentials: anonymous pull, when the registry allows it. */
export function anonymousLogin(entry: RegistryEntry): Login | undefined {
  return entry.data.settings.anonymousPullEnabled ? ANONYMOUS : undefined;
}
