// Keeps the values of x-ms-secret properties out of RestError details and messages. An error body
// may echo a resource (a failed token create answers with the token, passwords and all).

/**
 * Where a secret sits in the wire JSON: the property `field` of an object held by the property
 * `container` (directly or as an array item), e.g. ["passwords", "value"]. The emitter lists them
 * from the spec's x-ms-secret marks.
 */
export type SecretField = readonly [container: string, field: string];

export const REDACTED = "(redacted)";

/** Deeper than this, a body is cut rather than walked (a hostile answer could nest without end). */
const MAX_DEPTH = 32;

/** A copy of `body` with each secret string replaced by REDACTED, and the values replaced. */
export function redactSecrets(body: unknown, fields: readonly SecretField[]): { body: unknown; secrets: string[] } {
  const secrets: string[] = [];
  const isSecret = (container: string | undefined, key: string) => fields.some(([c, f]) => c === container && f === key);
  const walk = (value: unknown, container: string | undefined, depth: number): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (depth > MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => walk(item, container, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (typeof member === "string" && isSecret(container, key)) {
        if (member !== "") secrets.push(member);
        copy[key] = REDACTED;
      } else {
        copy[key] = walk(member, key, depth + 1);
      }
    }
    return copy;
  };
  return { body: walk(body, undefined, 0), secrets };
}

/** `text` with every one of `secrets` replaced by REDACTED. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}
