// How the helpers describe a caller's input in an error message, and the type checks they all make.
// Every input error is the client's InvalidParameterError; values are quoted by its quoteValue.
import { InvalidParameterError } from "../generated/runtime/validation.js";

export { quoteValue } from "../generated/runtime/validation.js";

/** The kind of value received, for "must be a string, got array" messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

export function requireString(value: unknown, parameterName: string): string {
  if (typeof value !== "string") {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be a string, got ${typeName(value)}`);
  }
  return value;
}

export function requireArray(value: unknown, parameterName: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be an array, got ${typeName(value)}`);
  }
  return value;
}

/** A plain object (not null, not an array); `what` describes it, e.g. "an object of repository to actions". */
export function requireObject(value: unknown, parameterName: string, what = "an object"): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be ${what}, got ${typeName(value)}`);
  }
  return value as Record<string, unknown>;
}
