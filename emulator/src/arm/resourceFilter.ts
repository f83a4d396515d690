/**
 * The `$filter` of ARM's generic resource list: conditions joined by `and`, each one of
 *   resourceType eq '...'   name eq '...'   location eq '...'   resourceGroup eq '...'
 *   tagName eq '...'   tagValue eq '...' (with a tagName)   substringof('...', name)
 * Anything else answers 400 InvalidFilterInQueryString.
 * Strings are single-quoted ('' is a quote); names and values compare case-insensitively, as ARM does,
 * except tag values, which ARM compares as they are.
 */

import { invalidFilter } from "../errors.js";

/** What a filter can look at. */
export interface FilterTarget {
  type: string;
  name: string;
  location: string;
  resourceGroup: string;
  tags: Readonly<Record<string, string>>;
}

export type ResourcePredicate = (target: FilterTarget) => boolean;

const CONDITION = /^\s*(?:(\w+)\s+eq\s+'((?:[^']|'')*)'|substringof\(\s*'((?:[^']|'')*)'\s*,\s*name\s*\))\s*$/i;

/** Splits at ` and ` outside quotes (a doubled quote inside a string toggles twice, so it stays inside). */
function conditions(filter: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let current = "";
  for (let index = 0; index < filter.length; ) {
    const char = filter[index]!;
    if (char === "'") quoted = !quoted;
    const and = quoted ? null : /^\s+and\s+/i.exec(filter.slice(index));
    if (and !== null) {
      parts.push(current);
      current = "";
      index += and[0].length;
      continue;
    }
    current += char;
    index++;
  }
  parts.push(current);
  return parts;
}

const lower = (value: string) => value.toLowerCase();

export function parseResourceFilter(filter: string | null): ResourcePredicate {
  if (filter === null || filter.trim() === "") return () => true;
  const checks: ResourcePredicate[] = [];
  let tagName: string | undefined;
  let tagValue: string | undefined;
  for (const part of conditions(filter)) {
    const match = CONDITION.exec(part);
    if (match === null) throw invalidFilter(filter, `'${part.trim()}' is not a condition the resource list supports.`);
    const [, field, quoted, substring] = match;
    if (substring !== undefined) {
      const wanted = lower(substring.replace(/''/g, "'"));
      checks.push((target) => lower(target.name).includes(wanted));
      continue;
    }
    const value = (quoted ?? "").replace(/''/g, "'");
    switch (lower(field ?? "")) {
      case "resourcetype":
        checks.push((target) => lower(target.type) === lower(value));
        break;
      case "name":
        checks.push((target) => lower(target.name) === lower(value));
        break;
      case "location":
        checks.push((target) => lower(target.location.replace(/\s+/g, "")) === lower(value.replace(/\s+/g, "")));
        break;
      case "resourcegroup":
        checks.push((target) => lower(target.resourceGroup) === lower(value));
        break;
      case "tagname":
        tagName = value;
        break;
      case "tagvalue":
        tagValue = value;
        break;
      default:
        throw invalidFilter(filter, `'${field}' is not a property the resource list filters on.`);
    }
  }
  if (tagValue !== undefined && tagName === undefined) throw invalidFilter(filter, "tagValue needs a tagName.");
  if (tagName !== undefined) {
    const wantedName = lower(tagName);
    checks.push((target) =>
      Object.entries(target.tags).some(([name, value]) => lower(name) === wantedName && (tagValue === undefined || value === tagValue)),
    );
  }
  return (target) => checks.every((check) => check(target));
}
