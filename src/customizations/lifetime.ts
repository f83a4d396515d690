/**
 * Credential lifetimes as the helpers take them: an absolute `Date` or a
 * number of days from now. Checked locally so a bad value never reaches the
 * service (where an invalid Date would also fail to serialize).
 */

import { InvalidParameterError } from "../generated/runtime/validation.js";
import { typeName } from "./inputDescriptions.js";

/** A span of days, e.g. `{ days: 30 }`; fractions are allowed. */
export interface Days {
  /** How many days; more than 0. */
  days: number;
}

/** When a credential stops working: a point in time, or that many days from now. */
export type ExpiryInput = Date | Days;

const DAY_MS = 86_400_000;

/** The `days` of `{ days }` in milliseconds; `allowZero` for windows such as "already expired". */
export function daysInMs(value: unknown, parameterName: string, allowZero = false): number {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Date) {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be an object { days: number }, got ${typeName(value)}.`);
  }
  const days = (value as { days?: unknown }).days;
  if (typeof days !== "number" || !Number.isFinite(days)) {
    throw new InvalidParameterError(`${parameterName}.days`, "finite", `${parameterName}.days must be a finite number, got ${typeof days === "number" ? String(days) : typeName(days)}.`);
  }
  if (days < 0 || (days === 0 && !allowZero)) {
    const rule = allowZero ? "zero or more" : "more than zero";
    throw new InvalidParameterError(`${parameterName}.days`, allowZero ? "nonNegative" : "positive", `${parameterName}.days must be ${rule}, got ${days}.`);
  }
  return days * DAY_MS;
}

/** Checks a Date: a real time value, not `new Date("garbage")`. */
export function checkDate(value: unknown, parameterName: string): Date {
  if (!(value instanceof Date)) {
    throw new InvalidParameterError(parameterName, "type", `${parameterName} must be a Date, got ${typeName(value)}.`);
  }
  if (Number.isNaN(value.getTime())) {
    throw new InvalidParameterError(parameterName, "validDate", `${parameterName} is an invalid Date.`);
  }
  return value;
}

/** The absolute expiry for `input`; it must lie after `now`, since an expired password is useless. */
export function expiryDate(input: unknown, parameterName: string, now: number = Date.now()): Date {
  const expiry = input instanceof Date ? checkDate(input, parameterName) : new Date(now + daysInMs(input, parameterName));
  if (Number.isNaN(expiry.getTime())) {
    // Finite but huge day counts run past the largest Date.
    throw new InvalidParameterError(`${parameterName}.days`, "range", `${parameterName}.days is too large to be a date.`);
  }
  if (expiry.getTime() <= now) {
    throw new InvalidParameterError(parameterName, "future", `${parameterName} must be in the future, got ${expiry.toISOString()}.`);
  }
  return expiry;
}
