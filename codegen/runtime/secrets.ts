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

/**
 * A copy of `body` with each secret string replaced by REDACTED, and with the secrets' values cut out
 * of every other string too (an error message may quote them); also the values found.
 */
export function redactSecrets(body: unknown, fields: readonly SecretField[]): { body: unknown; secrets: string[] } {
  const secrets = new Set<string>();
  const isSecret = (container: string | undefined, key: string) => fields.some(([c, f]) => c === container && f === key);
  const walk = (value: unknown, container: string | undefined, depth: number, visit: (key: string, member: unknown, secret: boolean) => unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (depth > MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => walk(item, container, depth + 1, visit));
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      copy[key] = typeof member === "string" ? visit(key, member, isSecret(container, key)) : walk(member, key, depth + 1, visit);
    }
    return copy;
  };
  walk(body, undefined, 0, (_key, member, secret) => secret && member !== "" && secrets.add(member as string));
  const found = [...secrets];
  const redacted = walk(body, undefined, 0, (_key, member, secret) => (secret ? REDACTED : withoutSecrets(member as string, found)));
  return { body: typeof body === "string" ? withoutSecrets(body, found) : redacted, secrets: found };
}

/** `text` with every one of `secrets` replaced by REDACTED. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}
