/**
 * Typed readers for JSON request bodies. Each names the offending property in
 * its InvalidRequestContent error so callers can tell what to fix.
 */

import { invalidContent } from "../errors.js";

export type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw invalidContent(`${path === "" ? "The request body" : `'${path}'`} must be a JSON object, got ${describe(value)}.`, path || undefined);
  }
  return value;
}

export function optionalObject(owner: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  return requireObject(value, join(path, key));
}

export function requiredString(owner: JsonObject, key: string, path: string): string {
  const value = owner[key];
  const where = join(path, key);
  if (value === undefined || value === null) throw invalidContent(`The required property '${where}' is missing.`, where);
  if (typeof value !== "string" || value.trim() === "") {
    throw invalidContent(`'${where}' must be a non-empty string, got ${describe(value)}.`, where);
  }
  return value;
}

export function optionalString(owner: JsonObject, key: string, path: string): string | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidContent(`'${join(path, key)}' must be a string, got ${describe(value)}.`, join(path, key));
  return value;
}

export function optionalBoolean(owner: JsonObject, key: string, path: string): boolean | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidContent(`'${join(path, key)}' must be a boolean, got ${describe(value)}.`, join(path, key));
  return value;
}

export function optionalInteger(owner: JsonObject, key: string, path: string, min: number, max: number): number | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidContent(`'${join(path, key)}' must be an integer from ${min} to ${max}.`, join(path, key));
  }
  return value;
}

/** Enum values compare case-insensitively like ARM and come back in the spec's spelling. */
export function optionalEnum<T extends string>(owner: JsonObject, key: string, path: string, allowed: readonly T[]): T | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  const where = join(path, key);
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    const match = allowed.find((candidate) => candidate.toLowerCase() === lower);
    if (match !== undefined) return match;
  }
  throw invalidContent(`'${where}' has the invalid value ${JSON.stringify(value)}; allowed values are ${allowed.join(", ")}.`, where);
}

export function requiredEnum<T extends string>(owner: JsonObject, key: string, path: string, allowed: readonly T[]): T {
  const value = optionalEnum(owner, key, path, allowed);
  if (value === undefined) throw invalidContent(`The required property '${join(path, key)}' is missing.`, join(path, key));
  return value;
}

export function optionalArray(owner: JsonObject, key: string, path: string): unknown[] | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidContent(`'${join(path, key)}' must be an array, got ${describe(value)}.`, join(path, key));
  return value;
}

export function optionalStringArray(owner: JsonObject, key: string, path: string): string[] | undefined {
  const value = optionalArray(owner, key, path);
  if (value === undefined) return undefined;
  value.forEach((item, index) => {
    if (typeof item !== "string") {
      throw invalidContent(`'${join(path, key)}[${index}]' must be a string, got ${describe(item)}.`, `${join(path, key)}[${index}]`);
    }
  });
  return value as string[];
}

/** Accepts ISO 8601 date-times and returns them normalised to UTC. */
export function optionalDateTime(owner: JsonObject, key: string, path: string): string | undefined {
  const value = optionalString(owner, key, path);
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidContent(`'${join(path, key)}' must be an ISO 8601 date-time, got ${JSON.stringify(value)}.`, join(path, key));
  }
  return new Date(time).toISOString();
}

/** Resource tags: string values only, as ARM requires. */
export function optionalTags(owner: JsonObject, key: string, path: string): Record<string, string> | undefined {
  const value = optionalObject(owner, key, path);
  if (value === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const [name, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== "string") {
      throw invalidContent(`Tag '${name}' must have a string value, got ${describe(tagValue)}.`, join(path, key));
    }
    tags[name] = tagValue;
  }
  return tags;
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw invalidContent("The request body is required.");
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch (error) {
    throw invalidContent(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
