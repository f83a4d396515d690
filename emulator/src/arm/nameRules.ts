/**
 * Rules for path parameters: the emulator's own copy of the spec's rules, so it stays an
 * independent oracle of the client (test/unit/emulatorNameRules.test.ts holds it against them)
 * (ARM's common types give subscription and resource group).
 */

import { badRequest, invalidSubscriptionId } from "../errors.js";

export interface NameRule {
  minLength: number;
  maxLength: number;
  pattern: RegExp;
}

export const NAME_RULES = {
  resourceGroupName: { minLength: 1, maxLength: 90, pattern: /^[-\w._()]+$/ },
  registryName: { minLength: 5, maxLength: 50, pattern: /^[a-zA-Z0-9]*$/ },
  scopeMapName: { minLength: 5, maxLength: 50, pattern: /^[a-zA-Z0-9\-_]*$/ },
  tokenName: { minLength: 5, maxLength: 50, pattern: /^[a-zA-Z0-9-]*$/ },
} as const satisfies Record<string, NameRule>;

export type NamedParameter = keyof typeof NAME_RULES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Why `value` breaks the rule of `parameter`, or undefined when it is valid. */
export function nameProblem(parameter: NamedParameter, value: string): string | undefined {
  const rule: NameRule = NAME_RULES[parameter];
  if (value.length < rule.minLength || value.length > rule.maxLength) {
    return `The ${parameter} '${value}' must be between ${rule.minLength} and ${rule.maxLength} characters long.`;
  }
  if (!rule.pattern.test(value)) {
    return `The ${parameter} '${value}' must match the pattern ${rule.pattern.source}.`;
  }
  // ARM refuses resource group names that end in a period even though the pattern allows it.
  if (parameter === "resourceGroupName" && value.endsWith(".")) {
    return `The resourceGroupName '${value}' must not end with a period.`;
  }
  return undefined;
}

function isNamedParameter(name: string): name is NamedParameter {
  return Object.hasOwn(NAME_RULES, name);
}

/** Checks every path parameter of a matched route; ARM validates these before looking anything up. */
export function checkPathParameters(params: Readonly<Record<string, string>>): void {
  const subscriptionId = params["subscriptionId"];
  if (subscriptionId !== undefined && !isUuid(subscriptionId)) {
    throw invalidSubscriptionId(subscriptionId);
  }
  for (const [name, value] of Object.entries(params)) {
    if (!isNamedParameter(name)) continue;
    const problem = nameProblem(name, value);
    if (problem !== undefined) throw badRequest(problem, name);
  }
}
