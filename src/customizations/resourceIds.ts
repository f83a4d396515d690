/**
 * ARM resource IDs for container registries, tokens and scope maps: parsing,
 * formatting and checks of names against the spec's rules (imported from the
 * generated parameters.ts, never copied), so bad names fail locally with a
 * precise message instead of as an opaque 400 from ARM.
 */

import {
  connectedRegistryNameRules,
  registryNameRules,
  resourceGroupNameRules,
  scopeMapNameRules,
  tokenNameRules,
} from "../generated/parameters.js";
import { InvalidParameterError, UUID, type ParameterRule, type StringRules } from "../generated/runtime/validation.js";
import { quoteValue, requireObject, requireString } from "./inputDescriptions.js";

/** The names in a registry's resource ID. */
export interface RegistryIdParts {
  /** The subscription (a UUID). */
  subscriptionId: string;
  /** The resource group's name. */
  resourceGroup: string;
  /** The registry's name. */
  registry: string;
}

/** The names in a token's resource ID. */
export interface TokenIdParts extends RegistryIdParts {
  /** The token's name. */
  token: string;
}

/** The names in a scope map's resource ID. */
export interface ScopeMapIdParts extends RegistryIdParts {
  /** The scope map's name. */
  scopeMap: string;
}

/** A token given either by its full resource ID or by name within a registry. */
export type TokenRef =
  | string
  | {
      /** The resource group of the registry. */
      resourceGroup: string;
      /** The registry's name. */
      registry: string;
      /** The token's name. */
      token: string;
    };

/** A {@link TokenRef} with its names checked, whichever form it came in. */
export interface ResolvedTokenRef {
  /** The resource group of the registry. */
  resourceGroup: string;
  /** The registry's name. */
  registry: string;
  /** The token's name. */
  token: string;
  /** Only known when the reference was a full resource ID. */
  subscriptionId?: string;
}

interface NameRule {
  minLength: number;
  maxLength: number;
  pattern: RegExp;
  /** Human-readable rule, quoted in every error for this kind of name. */
  description: string;
}

/** A name rule from the generated constants (the spec's rules, written once by the emitter). */
function nameRule(rules: StringRules, what: string): NameRule {
  const { minLength, maxLength, pattern } = rules;
  if (minLength === undefined || maxLength === undefined || pattern === undefined) {
    throw new Error("the spec gives this name no length or pattern rule"); // caught by the unit tests at once
  }
  return { minLength, maxLength, pattern, description: `${minLength}-${maxLength} characters, ${what} (pattern ${pattern.source})` };
}

// The spec states no rule about a trailing "." in resource group names, so none is enforced here.
const RESOURCE_GROUP_RULE = nameRule(resourceGroupNameRules, "letters, digits, underscores, hyphens, periods and parentheses");
const REGISTRY_RULE = nameRule(registryNameRules, "letters and digits only");
const CONNECTED_REGISTRY_RULE = nameRule(connectedRegistryNameRules, "letters and digits only");
const TOKEN_RULE = nameRule(tokenNameRules, "letters, digits and hyphens");
const SCOPE_MAP_RULE = nameRule(scopeMapNameRules, "letters, digits, hyphens and underscores");

function validateName(value: unknown, parameterName: string, rule: NameRule): string {
  const text = requireString(value, parameterName);
  let problem: string | undefined;
  let broken: ParameterRule = "pattern";
  if (text.length === 0) {
    [broken, problem] = ["required", "is empty"];
  } else if (text.length < rule.minLength) {
    [broken, problem] = ["minLength", `is too short (${text.length} characters)`];
  } else if (text.length > rule.maxLength) {
    [broken, problem] = ["maxLength", `is too long (${text.length} characters)`];
  } else if (!rule.pattern.test(text)) {
    const bad = [...text].find((ch) => !rule.pattern.test(ch)) ?? text;
    problem = `contains the invalid character ${quoteValue(bad)}`;
  } else if (text === "." || text === "..") {
    // The patterns allow it for resource groups, but in a URL it addresses another resource.
    [broken, problem] = ["dotSegment", "is a dot segment, which a URL resolves away"];
  }
  if (problem !== undefined) {
    throw new InvalidParameterError(parameterName, broken, `${parameterName} ${quoteValue(text)} ${problem}; allowed: ${rule.description}`);
  }
  return text;
}

/** Checks that a subscription ID is a UUID and returns it; otherwise throws {@link InvalidParameterError} (rule `uuid`). */
export function validateSubscriptionId(value: unknown, parameterName = "subscriptionId"): string {
  const text = requireString(value, parameterName);
  if (!UUID.test(text)) {
    throw new InvalidParameterError(
      parameterName,
      "uuid",
      `${parameterName} ${quoteValue(text)} is not a UUID; allowed: 8-4-4-4-12 hexadecimal digits, ` +
        `e.g. 00000000-0000-0000-0000-000000000000`,
    );
  }
  return text;
}

/** Checks a resource group name against the spec's rules and returns it; otherwise throws {@link InvalidParameterError}. */
export function validateResourceGroupName(value: unknown, parameterName = "resourceGroup"): string {
  return validateName(value, parameterName, RESOURCE_GROUP_RULE);
}

/** Checks a registry name (5 to 50 letters and digits) and returns it; otherwise throws {@link InvalidParameterError}. */
export function validateRegistryName(value: unknown, parameterName = "registry"): string {
  return validateName(value, parameterName, REGISTRY_RULE);
}

/** Connected registry names; scope map gateway actions refer to these. */
export function validateConnectedRegistryName(
  value: unknown,
  parameterName = "connectedRegistry",
): string {
  return validateName(value, parameterName, CONNECTED_REGISTRY_RULE);
}

/** Checks a token name against the spec's rules and returns it; otherwise throws {@link InvalidParameterError}. */
export function validateTokenName(value: unknown, parameterName = "token"): string {
  return validateName(value, parameterName, TOKEN_RULE);
}

/** Checks a scope map name against the spec's rules and returns it; otherwise throws {@link InvalidParameterError}. */
export function validateScopeMapName(value: unknown, parameterName = "scopeMap"): string {
  return validateName(value, parameterName, SCOPE_MAP_RULE);
}

const PROVIDER_NAMESPACE = "Microsoft.ContainerRegistry";

/** A template segment is either a fixed keyword or a named, validated value. */
type Segment =
  | { keyword: string }
  | { part: string; validate: (value: unknown, parameterName: string) => string };

const REGISTRY_TEMPLATE: readonly Segment[] = [
  { keyword: "subscriptions" },
  { part: "subscriptionId", validate: validateSubscriptionId },
  { keyword: "resourceGroups" },
  { part: "resourceGroup", validate: validateResourceGroupName },
  { keyword: "providers" },
  { keyword: PROVIDER_NAMESPACE },
  { keyword: "registries" },
  { part: "registry", validate: validateRegistryName },
];

const TOKEN_TEMPLATE: readonly Segment[] = [
  ...REGISTRY_TEMPLATE,
  { keyword: "tokens" },
  { part: "token", validate: validateTokenName },
];

const SCOPE_MAP_TEMPLATE: readonly Segment[] = [
  ...REGISTRY_TEMPLATE,
  { keyword: "scopeMaps" },
  { part: "scopeMap", validate: validateScopeMapName },
];

function templateText(template: readonly Segment[]): string {
  return template.map((s) => ("keyword" in s ? `/${s.keyword}` : `/{${s.part}}`)).join("");
}

/**
 * Parses `id` against `template`. Keywords (including the provider namespace)
 * are compared case-insensitively, as ARM does; values keep their casing.
 */
function parseId(id: unknown, parameterName: string, template: readonly Segment[]): Record<string, string> {
  const text = requireString(id, parameterName);
  const expected = `expected ${templateText(template)}`;
  const malformed = (problem: string) => new InvalidParameterError(parameterName, "format", `${parameterName} ${quoteValue(text)} ${problem}; ${expected}`);
  if (!text.startsWith("/")) throw malformed(`must start with "/"`);
  const segments = text.slice(1).split("/");
  const parts: Record<string, string> = {};
  template.forEach((segment, index) => {
    const actual = segments[index];
    if (actual === undefined) {
      const missing = "keyword" in segment ? `the "${segment.keyword}" segment` : `the ${segment.part}`;
      throw malformed(`is missing ${missing}`);
    }
    if ("keyword" in segment) {
      if (actual.toLowerCase() !== segment.keyword.toLowerCase()) {
        throw malformed(`has ${quoteValue(actual)} where "${segment.keyword}" (case-insensitive) is required`);
      }
    } else {
      try {
        parts[segment.part] = segment.validate(actual, segment.part);
      } catch (error) {
        // The ID is the parameter; the part's own rule says what is wrong with it.
        const inner = error as InvalidParameterError;
        throw new InvalidParameterError(parameterName, inner.rule, `${parameterName} has an invalid ${segment.part}: ${inner.message}`);
      }
    }
  });
  if (segments.length > template.length) {
    const rest = `/${segments.slice(template.length).join("/")}`;
    throw malformed(`has unexpected trailing content ${quoteValue(rest)}`);
  }
  return parts;
}

/** Validates each part and builds the ID with the canonical keyword casing. */
function formatId(parts: unknown, parameterName: string, template: readonly Segment[]): string {
  const object = requireObject(parts, parameterName);
  return template
    .map((segment) =>
      "keyword" in segment
        ? `/${segment.keyword}`
        : `/${segment.validate(object[segment.part], `${parameterName}.${segment.part}`)}`,
    )
    .join("");
}

/** Splits a registry's resource ID into its names, checking each; throws {@link InvalidParameterError} for anything else. */
export function parseRegistryId(id: string, parameterName = "id"): RegistryIdParts {
  const p = parseId(id, parameterName, REGISTRY_TEMPLATE);
  return { subscriptionId: p.subscriptionId!, resourceGroup: p.resourceGroup!, registry: p.registry! };
}

/** Splits a token's resource ID into its names, checking each; throws {@link InvalidParameterError} for anything else. */
export function parseTokenId(id: string, parameterName = "id"): TokenIdParts {
  const p = parseId(id, parameterName, TOKEN_TEMPLATE);
  return {
    subscriptionId: p.subscriptionId!,
    resourceGroup: p.resourceGroup!,
    registry: p.registry!,
    token: p.token!,
  };
}

/** Splits a scope map's resource ID into its names, checking each; throws {@link InvalidParameterError} for anything else. */
export function parseScopeMapId(id: string, parameterName = "id"): ScopeMapIdParts {
  const p = parseId(id, parameterName, SCOPE_MAP_TEMPLATE);
  return {
    subscriptionId: p.subscriptionId!,
    resourceGroup: p.resourceGroup!,
    registry: p.registry!,
    scopeMap: p.scopeMap!,
  };
}

/** Builds a registry's resource ID from its names, checking each. */
export function formatRegistryId(parts: RegistryIdParts, parameterName = "parts"): string {
  return formatId(parts, parameterName, REGISTRY_TEMPLATE);
}

/** Builds a token's resource ID from its names, checking each (a `scopeMapId` or `tokenId` value). */
export function formatTokenId(parts: TokenIdParts, parameterName = "parts"): string {
  return formatId(parts, parameterName, TOKEN_TEMPLATE);
}

/** Builds a scope map's resource ID from its names, checking each (what a token's `scopeMapId` holds). */
export function formatScopeMapId(parts: ScopeMapIdParts, parameterName = "parts"): string {
  return formatId(parts, parameterName, SCOPE_MAP_TEMPLATE);
}

/** Normalizes either form of {@link TokenRef}, validating every name. */
export function resolveTokenRef(ref: TokenRef, parameterName = "ref"): ResolvedTokenRef {
  if (typeof ref === "string") {
    const { subscriptionId, resourceGroup, registry, token } = parseTokenId(ref, parameterName);
    return { resourceGroup, registry, token, subscriptionId };
  }
  requireObject(ref, parameterName, "a token resource ID string or an object { resourceGroup, registry, token }");
  return {
    resourceGroup: validateResourceGroupName(ref.resourceGroup, `${parameterName}.resourceGroup`),
    registry: validateRegistryName(ref.registry, `${parameterName}.registry`),
    token: validateTokenName(ref.token, `${parameterName}.token`),
  };
}
