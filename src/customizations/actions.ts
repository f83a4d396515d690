/**
 * Scope map actions: building, parsing and validating the permission strings
 * (`repositories/<repo>/<action>`, `gateway/<connected registry>/<action>`)
 * so mistakes surface before a scope map is created or updated.
 */

import { InvalidParameterError, type ParameterRule } from "../generated/runtime/validation.js";
import { validateConnectedRegistryName } from "./resourceIds.js";
import { quoteValue, requireArray, requireObject, requireString } from "./inputDescriptions.js";

/** The actions a scope map can grant on a repository, as in `repositories/<repository>/<action>`. */
export const REPOSITORY_ACTIONS = [
  "content/read",
  "content/write",
  "content/delete",
  "metadata/read",
  "metadata/write",
] as const;

/** The actions a scope map can grant on a connected registry, as in `gateway/<connected registry>/<action>`. */
export const GATEWAY_ACTIONS = [
  "config/read",
  "config/write",
  "message/read",
  "message/write",
] as const;

/** One of {@link REPOSITORY_ACTIONS}: what a token may do in a repository (pull is `content/read`). */
export type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];
/** One of {@link GATEWAY_ACTIONS}: what a connected registry may do through its gateway. */
export type GatewayAction = (typeof GATEWAY_ACTIONS)[number];

/** ACR's limit on the number of actions in one scope map. */
export const MAX_SCOPE_MAP_ACTIONS = 500;

/** A scope map action split into its parts by {@link parseAction}. */
export type ParsedAction =
  | {
      /** A `repositories/...` action. */
      kind: "repository";
      /** The repository name or wildcard (`app/web`, `app/*`, `*`). */
      name: string;
      /** What the action allows in it. */
      action: RepositoryAction;
    }
  | {
      /** A `gateway/...` action. */
      kind: "gateway";
      /** The connected registry's name. */
      name: string;
      /** What the action allows it. */
      action: GatewayAction;
    };

const REPOSITORY_SEGMENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REPOSITORY_RULE =
  `lowercase path segments matching ${REPOSITORY_SEGMENT.source} separated by "/", ` +
  `or a wildcard: "*" alone or a prefix ending in "/*"`;
const ACTION_FORMS = `repositories/<repository>/<action> or gateway/<name>/<action>`;

/** What is wrong with a repository name and which rule it breaks, or undefined if it is valid. */
function repositoryProblem(name: string): { rule: ParameterRule; problem: string } | undefined {
  if (name.length === 0) return { rule: "required", problem: "is empty" };
  const stars = name.split("*").length - 1;
  if (stars > 1) return { rule: "pattern", problem: "has more than one wildcard" };
  if (stars === 1 && name !== "*" && !name.endsWith("/*")) {
    return { rule: "pattern", problem: `has a wildcard that is not "*" alone or a trailing "/*"` };
  }
  const path = name === "*" ? "" : name.endsWith("/*") ? name.slice(0, -2) : name;
  if (name !== "*") {
    const segments = path.split("/");
    for (const [index, segment] of segments.entries()) {
      if (segment.length === 0) return { rule: "pattern", problem: `has an empty path segment (segment ${index + 1})` };
      if (!REPOSITORY_SEGMENT.test(segment)) {
        return { rule: "pattern", problem: `has the invalid path segment ${quoteValue(segment)}` };
      }
    }
  }
  return undefined;
}

/** Validates a repository name or wildcard as used in scope map actions. */
export function validateRepositoryName(value: unknown, parameterName = "repository"): string {
  const name = requireString(value, parameterName);
  const found = repositoryProblem(name);
  if (found !== undefined) {
    throw new InvalidParameterError(parameterName, found.rule, `${parameterName} ${quoteValue(name)} ${found.problem}; allowed: ${REPOSITORY_RULE}`);
  }
  return name;
}

function validateActionNames<T extends string>(
  value: unknown,
  parameterName: string,
  allowed: readonly T[],
): T[] {
  const actions = requireArray(value, parameterName);
  if (actions.length === 0) {
    throw new InvalidParameterError(parameterName, "minItems", `${parameterName} is empty; at least one action is required`);
  }
  const unique = new Set<T>();
  actions.forEach((item, index) => {
    const action = requireString(item, `${parameterName}[${index}]`);
    if (!(allowed as readonly string[]).includes(action)) {
      throw new InvalidParameterError(
        `${parameterName}[${index}]`,
        "enum",
        `${parameterName}[${index}] ${quoteValue(action)} is not an allowed action; allowed: ${allowed.join(", ")}`,
      );
    }
    unique.add(action as T);
  });
  return [...unique];
}

/**
 * `repositories/<repository>/<action>` for each action, in the given order
 * with repeats dropped.
 */
export function repositoryActions(
  repository: string,
  actions: readonly RepositoryAction[],
): string[] {
  const name = validateRepositoryName(repository, "repository");
  return validateActionNames(actions, "actions", REPOSITORY_ACTIONS).map(
    (action) => `repositories/${name}/${action}`,
  );
}

/** `gateway/<connected registry>/<action>` for each action, repeats dropped. */
export function gatewayActions(gateway: string, actions: readonly GatewayAction[]): string[] {
  const name = validateConnectedRegistryName(gateway, "gateway");
  return validateActionNames(actions, "actions", GATEWAY_ACTIONS).map(
    (action) => `gateway/${name}/${action}`,
  );
}

/**
 * Flattens `{ [repository]: actions }` into scope map actions and validates
 * the result as a whole scope map. Order follows `Object.entries` (note that
 * JavaScript lists integer-like keys such as "123" first); repeats are dropped.
 */
export function repositoryActionsMap(map: Record<string, readonly RepositoryAction[]>, parameterName = "map"): string[] {
  const entries = Object.entries(requireObject(map, parameterName, "an object of repository to actions"));
  if (entries.length === 0) {
    throw new InvalidParameterError(parameterName, "minItems", `${parameterName} is empty; at least one repository is required`);
  }
  const result = new Set<string>();
  for (const [repository, actions] of entries) {
    const name = validateRepositoryName(repository, `${parameterName} key`);
    const label = `${parameterName}[${quoteValue(repository)}]`;
    for (const action of validateActionNames(actions, label, REPOSITORY_ACTIONS)) {
      result.add(`repositories/${name}/${action}`);
    }
  }
  const flat = [...result];
  validateScopeMapActions(flat, parameterName);
  return flat;
}

/** Splits a full action string into its kind, repository/gateway name and action. */
export function parseAction(action: string, parameterName = "action"): ParsedAction {
  const text = requireString(action, parameterName);
  const segments = text.split("/");
  const invalid = (rule: ParameterRule, problem: string) =>
    new InvalidParameterError(parameterName, rule, `${parameterName} ${quoteValue(text)} ${problem}`);

  if (segments[0] === "repositories") {
    if (segments.length < 4) {
      throw invalid("format", `is incomplete; expected repositories/<repository>/<action>`);
    }
    const name = segments.slice(1, -2).join("/");
    const verb = segments.slice(-2).join("/");
    const found = repositoryProblem(name);
    if (found !== undefined) {
      throw invalid(found.rule, `has an invalid repository: ${quoteValue(name)} ${found.problem}; allowed: ${REPOSITORY_RULE}`);
    }
    if (!(REPOSITORY_ACTIONS as readonly string[]).includes(verb)) {
      throw invalid(
        "enum",
        `has the repository action ${quoteValue(verb)}, which is not allowed; allowed: ${REPOSITORY_ACTIONS.join(", ")}`,
      );
    }
    return { kind: "repository", name, action: verb as RepositoryAction };
  }

  if (segments[0] === "gateway") {
    if (segments.length !== 4) {
      throw invalid("format", `must have exactly 4 "/"-separated segments; expected gateway/<name>/<action>`);
    }
    const name = segments[1]!;
    const verb = `${segments[2]}/${segments[3]}`;
    try {
      validateConnectedRegistryName(name, "name");
    } catch (error) {
      const inner = error as InvalidParameterError;
      throw invalid(inner.rule, `has an invalid gateway name: ${inner.message}`);
    }
    if (!(GATEWAY_ACTIONS as readonly string[]).includes(verb)) {
      throw invalid(
        "enum",
        `has the gateway action ${quoteValue(verb)}, which is not allowed; allowed: ${GATEWAY_ACTIONS.join(", ")}`,
      );
    }
    return { kind: "gateway", name, action: verb as GatewayAction };
  }

  throw invalid("format", `must start with "repositories/" or "gateway/"; expected ${ACTION_FORMS}`);
}

/**
 * Checks a complete scope map action list: non-empty, at most
 * {@link MAX_SCOPE_MAP_ACTIONS} entries, each well-formed, no duplicates.
 */
export function validateScopeMapActions(actions: readonly string[], parameterName = "actions"): void {
  const list = requireArray(actions, parameterName);
  if (list.length === 0) {
    throw new InvalidParameterError(parameterName, "minItems", `${parameterName} is empty; a scope map needs at least one action`);
  }
  if (list.length > MAX_SCOPE_MAP_ACTIONS) {
    throw new InvalidParameterError(
      parameterName,
      "maxItems",
      `${parameterName} has ${list.length} actions; a scope map allows at most ${MAX_SCOPE_MAP_ACTIONS}`,
    );
  }
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const label = `${parameterName}[${index}]`;
    const action = requireString(item, label);
    parseAction(action, label);
    const first = seen.get(action);
    if (first !== undefined) {
      throw new InvalidParameterError(
        label,
        "unique",
        `${label} ${quoteValue(action)} duplicates ${parameterName}[${first}]; each action may appear only once`,
      );
    }
    seen.set(action, index);
  });
}

/** Order-insensitive set equality, e.g. to decide whether a scope map can be reused. */
export function sameActions(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(requireArray(a, "a"));
  const right = new Set(requireArray(b, "b"));
  return left.size === right.size && [...left].every((action) => right.has(action));
}
