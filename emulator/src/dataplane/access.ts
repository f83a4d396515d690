/**
 * What a login may do, in Docker's terms. A scope map's actions
 * (`repositories/<repository>/content/read`, ...) map to Docker actions
 * (content/read → pull, content/write → push, content/delete → delete,
 * metadata/read → metadata_read, metadata/write → metadata_write); a
 * repository pattern is a name, `prefix/*` or `*`, and matching patterns add
 * up. A token request's scopes are answered with what is both asked and
 * allowed (Docker's token spec: an intersection, not an error). Tokens never
 * get `registry:catalog:*`; the admin user gets everything.
 */

import { tokenRequestInvalid } from "./errors.js";

export type DockerAction = "pull" | "push" | "delete" | "metadata_read" | "metadata_write";

/** In the order access claims list them. */
export const DOCKER_ACTIONS: readonly DockerAction[] = ["pull", "push", "delete", "metadata_read", "metadata_write"];

const FROM_SCOPE_MAP: Readonly<Record<string, DockerAction>> = {
  "content/read": "pull",
  "content/write": "push",
  "content/delete": "delete",
  "metadata/read": "metadata_read",
  "metadata/write": "metadata_write",
};

/** One entry of a JWT `access` claim, and one asked-for scope. */
export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export const CATALOG_SCOPE: AccessEntry = { type: "registry", name: "catalog", actions: ["*"] };

/** What a logged-in user may do anywhere in the registry. */
export interface Permissions {
  /** Docker actions allowed on the repository. */
  repositoryActions(repository: string): ReadonlySet<DockerAction>;
  readonly catalog: boolean;
}

export const ADMIN_PERMISSIONS: Permissions = {
  repositoryActions: () => new Set(DOCKER_ACTIONS),
  catalog: true,
};

interface RepositoryRule {
  /** Exact name, a prefix ending in "/" (from `prefix/*`), or "" for `*`. */
  pattern: string;
  wildcard: boolean;
  action: DockerAction;
}

function parseRule(scopeMapAction: string): RepositoryRule | undefined {
  const match = /^repositories\/(.+)\/((?:content|metadata)\/[a-z]+)$/.exec(scopeMapAction);
  const action = match === null ? undefined : FROM_SCOPE_MAP[match[2]!];
  if (match === null || action === undefined) return undefined; // gateway actions grant nothing here
  const repository = match[1]!;
  if (repository === "*") return { pattern: "", wildcard: true, action };
  if (repository.endsWith("/*")) return { pattern: repository.slice(0, -1), wildcard: true, action };
  return { pattern: repository, wildcard: false, action };
}

/** The permissions a token's scope map gives. */
export function scopeMapPermissions(scopeMapActions: readonly string[]): Permissions {
  const rules = scopeMapActions.map(parseRule).filter((rule): rule is RepositoryRule => rule !== undefined);
  return {
    repositoryActions: (repository) => {
      const allowed = new Set<DockerAction>();
      for (const rule of rules) {
        if (rule.wildcard ? repository.startsWith(rule.pattern) : repository === rule.pattern) allowed.add(rule.action);
      }
      return allowed;
    },
    catalog: false,
  };
}

// Docker's repository name grammar: lower-case path components separated by "/".
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function isRepositoryName(name: string): boolean {
  return name.length <= 256 && REPOSITORY_NAME.test(name);
}

/** `type:name:action,action`; the name may itself hold ":" (Docker splits at the first and last). */
export function parseScope(text: string): AccessEntry {
  const first = text.indexOf(":");
  const last = text.lastIndexOf(":");
  if (first <= 0 || last === first) throw tokenRequestInvalid(`The scope "${text}" is not of the form type:name:actions.`);
  const actions = text.slice(last + 1).split(",").filter((action) => action !== "");
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions };
}

/** Every scope of a token request: repeated `scope` parameters, each possibly several separated by spaces. */
export function parseScopes(values: readonly string[]): AccessEntry[] {
  return values.flatMap((value) => value.split(" ").filter((part) => part !== "")).map(parseScope);
}

/** What of `asked` the permissions allow; entries granting nothing are left out, equal entries merged. */
export function grant(permissions: Permissions, asked: readonly AccessEntry[]): AccessEntry[] {
  const granted = new Map<string, AccessEntry>();
  const add = (type: string, name: string, actions: string[]) => {
    if (actions.length === 0) return;
    const key = `${type}:${name}`;
    const entry = granted.get(key);
    if (entry === undefined) granted.set(key, { type, name, actions });
    else entry.actions = [...new Set([...entry.actions, ...actions])];
  };
  for (const scope of asked) {
    if (scope.type === "registry" && scope.name === "catalog") {
      if (permissions.catalog && scope.actions.includes("*")) add("registry", "catalog", ["*"]);
      continue;
    }
    if (scope.type !== "repository" || !isRepositoryName(scope.name)) continue;
    const allowed = permissions.repositoryActions(scope.name);
    const wanted = scope.actions.includes("*") ? DOCKER_ACTIONS : scope.actions;
    add("repository", scope.name, DOCKER_ACTIONS.filter((action) => wanted.includes(action) && allowed.has(action)));
  }
  for (const entry of granted.values()) entry.actions = orderActions(entry.actions);
  return [...granted.values()];
}

function orderActions(actions: string[]): string[] {
  return [...actions].sort((a, b) => rank(a) - rank(b));
}

function rank(action: string): number {
  const index = DOCKER_ACTIONS.indexOf(action as DockerAction);
  return index < 0 ? DOCKER_ACTIONS.length : index;
}

/** Whether a granted access list allows `action` on the repository (or the catalog). */
export function allows(access: readonly AccessEntry[], type: string, name: string, action: string): boolean {
  return access.some((entry) => entry.type === type && entry.name === name && (entry.actions.includes(action) || entry.actions.includes("*")));
}
