// Client-side checks of parameters against the spec's rules, run before any request is sent.

/** A parameter broke a rule of the service's API; thrown before any request is sent. */
export class InvalidParameterError extends RangeError {
  override readonly name = "InvalidParameterError";
  constructor(
    /** The parameter's name, as in the method signature. */
    readonly parameterName: string,
    /** The rule that was broken: "required", "minLength", "maxLength", "pattern" or "uuid". */
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export interface StringRules {
  readonly pattern?: RegExp;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly uuid?: boolean;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function show(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
}

/** Checks a required string parameter (path parameters are always required and non-empty). */
export function checkString(name: string, value: unknown, rules: StringRules): void {
  if (typeof value !== "string" || value.length === 0) {
    const got = typeof value === "string" ? "an empty string" : value === null ? "null" : typeof value;
    throw new InvalidParameterError(name, "required", `Parameter "${name}" is required and must be a non-empty string; got ${got}.`);
  }
  if (rules.minLength !== undefined && value.length < rules.minLength) {
    throw new InvalidParameterError(
      name,
      "minLength",
      `Parameter "${name}" with value ${show(value)} is too short: it must be at least ${rules.minLength} characters (minLength ${rules.minLength}).`,
    );
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    throw new InvalidParameterError(
      name,
      "maxLength",
      `Parameter "${name}" with value ${show(value)} is too long: it must be at most ${rules.maxLength} characters (maxLength ${rules.maxLength}).`,
    );
  }
  if (rules.pattern !== undefined && !rules.pattern.test(value)) {
    throw new InvalidParameterError(
      name,
      "pattern",
      `Parameter "${name}" with value ${show(value)} does not match the pattern ${rules.pattern.source}.`,
    );
  }
  if (rules.uuid && !UUID.test(value)) {
    throw new InvalidParameterError(name, "uuid", `Parameter "${name}" with value ${show(value)} must be a UUID.`);
  }
}

/** Checks that a required body parameter was given. */
export function checkRequired(name: string, value: unknown): void {
  if (value === undefined || value === null) {
    throw new InvalidParameterError(name, "required", `Parameter "${name}" is required.`);
  }
}
