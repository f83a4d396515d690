// How the helpers describe a caller's input in an error message, and the one type check they all make.

/** JSON-quoted so invisible characters show; very long values are cut short. */
export function quote(value: string): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 196)}..."` : text;
}

/** The kind of value received, for "must be a string, got array" messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

export function requireString(value: unknown, parameterName: string): string {
  if (typeof value !== "string") {
    throw new TypeError(`${parameterName} must be a string, got ${typeName(value)}`);
  }
  return value;
}
