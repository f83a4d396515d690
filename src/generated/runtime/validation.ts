// Copied from codegen/runtime/validation.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Client-side checks of parameters against the spec's rules, run before any request is sent, and the
// one error every input check of the client and its helpers throws.

/**
 * The rules an {@link InvalidParameterError} can name (`error.rule`).
 * - The spec's: `required` (absent, null or empty), `minLength`, `maxLength`, `pattern`, `uuid`.
 * - Every URL path segment's: `dotSegment` (not "." or ".."), `wellFormed` (no lone surrogate).
 * - The helpers' and options': `type` (the wrong kind of value, e.g. a number for a string),
 *   `enum` (not one of the allowed values), `format` (not of the form a resource ID, a scope map
 *   action, a URL or a stored state must have), `minItems` and `maxItems` (too few or too many items),
 *   `unique` (an item given twice), `exactlyOne` (give one of two parameters), `subscription` (an ID in
 *   another subscription than the client's), `finite`, `positive`, `nonNegative` and `range` (numbers),
 *   `validDate` (an invalid Date) and `future` (a time that has passed).
 * - `unsupported`: a setting the operation does not take (`byPage({ maxPageSize })`, as in
 *   \@azure/arm-containerregistry).
 */
export const PARAMETER_RULES = [
  "required",
  "minLength",
  "maxLength",
  "pattern",
  "uuid",
  "dotSegment",
  "wellFormed",
  "type",
  "enum",
  "format",
  "minItems",
  "maxItems",
  "unique",
  "exactlyOne",
  "subscription",
  "finite",
  "positive",
  "nonNegative",
  "range",
  "validDate",
  "future",
  "unsupported",
] as const;

/** One of {@link PARAMETER_RULES}. */
export type ParameterRule = (typeof PARAMETER_RULES)[number];

/** A parameter broke a rule of the service's API or of a helper; thrown before any request is sent. */
export class InvalidParameterError extends RangeError {
  /** Always "InvalidParameterError", so the error can be told apart after it crossed a realm or was serialized. */
  override readonly name = "InvalidParameterError";
  constructor(
    /** The parameter's name, as in the method signature, with the path into it (`params.repositories["app"][0]`). */
    readonly parameterName: string,
    /** The rule that was broken; see {@link ParameterRule}. */
    readonly rule: ParameterRule,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A value as every message quotes it: JSON-quoted, so invisible characters show, and cut after 100
 * characters. Secrets are never passed here.
 */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
}

export interface StringRules {
  readonly pattern?: RegExp;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly uuid?: boolean;
  /** The value is a secret (x-ms-secret): never quoted in a message. */
  readonly secret?: boolean;
}

/** What `format: uuid` means here: any version, either case. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const LONE_SURROGATE = /\p{Surrogate}/u;

/** The value as a message quotes it; a secret's value stays out, as everywhere else. */
function shown(value: string, rules: StringRules): string {
  return rules.secret ? "(a secret, not shown)" : quoteValue(value);
}

/**
 * Checks that `credential` is a TokenCredential by the test of \@azure/core-auth's
 * `isTokenCredential`: an object with `getToken()`, whose `getToken` takes arguments if it also has
 * `signRequest` (an older kind of credential). The test is made here rather than imported: loading
 * \@azure/core-auth for it cost a short script 2-6 ms (CONTRIBUTING.md, "The benchmark").
 */
export function checkCredential(credential: unknown): void {
  const candidate = credential as { getToken?: unknown; signRequest?: unknown } | null | undefined;
  if (!candidate || typeof candidate.getToken !== "function" || (candidate.signRequest !== undefined && candidate.getToken.length === 0)) {
    throw new InvalidParameterError("credential", "required", 'Parameter "credential" must be a TokenCredential (an object with getToken()).');
  }
}

/** Checks a required string parameter (path parameters are always required and non-empty). */
export function checkString(name: string, value: unknown, rules: StringRules): void {
  if (typeof value !== "string" || value.length === 0) {
    const got = typeof value === "string" ? "an empty string" : value === null ? "null" : typeof value;
    throw new InvalidParameterError(name, "required", `Parameter "${name}" is required and must be a non-empty string; got ${got}.`);
  }
  checkStringRules(name, value, rules);
  if (rules.uuid && !UUID.test(value)) {
    throw new InvalidParameterError(name, "uuid", `Parameter "${name}" with value ${quoteValue(value)} must be a UUID.`);
  }
  // Rules of URLs rather than of the spec: a "." or ".." segment is resolved away (the request would
  // reach another resource), and a lone surrogate cannot be percent-encoded.
  if (value === "." || value === "..") {
    throw new InvalidParameterError(
      name,
      "dotSegment",
      `Parameter "${name}" cannot be ${quoteValue(value)}: as a URL path segment it would address another resource.`,
    );
  }
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidParameterError(name, "wellFormed", `Parameter "${name}" contains a lone surrogate (half of a UTF-16 pair), which a URL cannot carry.`);
  }
}

/** Checks a string against the spec's length and pattern rules (a present body property, or a path parameter). */
export function checkStringRules(name: string, value: string, rules: StringRules): void {
  if (rules.minLength !== undefined && value.length < rules.minLength) {
    throw new InvalidParameterError(
      name,
      "minLength",
      `Parameter "${name}" with value ${shown(value, rules)} is too short: it must be at least ${rules.minLength} characters (minLength ${rules.minLength}).`,
    );
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    throw new InvalidParameterError(
      name,
      "maxLength",
      `Parameter "${name}" with value ${shown(value, rules)} is too long: it must be at most ${rules.maxLength} characters (maxLength ${rules.maxLength}).`,
    );
  }
  if (rules.pattern !== undefined && !rules.pattern.test(value)) {
    throw new InvalidParameterError(
      name,
      "pattern",
      `Parameter "${name}" with value ${shown(value, rules)} does not match the pattern ${rules.pattern.source}.`,
    );
  }
}

/** Checks that a required body parameter or property was given. */
export function checkRequired(name: string, value: unknown): void {
  if (value === undefined || value === null) {
    throw new InvalidParameterError(name, "required", `Parameter "${name}" is required.`);
  }
}
