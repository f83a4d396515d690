/**
 * The line format of the journal and the snapshot: one JSON object a line,
 * opening with a checksum of the rest of the line, so that a flipped byte in
 * a value that is still valid JSON is caught too:
 *
 *   {"sum":"<16 hex digits of SHA-256 over what follows the comma>",<the rest of the object>
 */

import { createHash } from "node:crypto";

const HEAD = '{"sum":"';
const SUM_LENGTH = 16;
const BODY_START = HEAD.length + SUM_LENGTH + 2; // after `",`

function sum(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, SUM_LENGTH);
}

/** The object as one sealed line, without the newline. */
export function sealLine(value: object): string {
  const json = JSON.stringify(value);
  if (json === "{}") throw new Error("cannot seal an empty object");
  const rest = json.slice(1);
  return `${HEAD}${sum(rest)}",${rest}`;
}

export type Opened = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** The object a sealed line holds, or why the line is not one. */
export function openLine(line: string): Opened {
  if (!line.startsWith(HEAD) || line.slice(HEAD.length + SUM_LENGTH, BODY_START) !== '",') {
    return { ok: false, reason: "it does not start with a checksum" };
  }
  const rest = line.slice(BODY_START);
  if (sum(rest) !== line.slice(HEAD.length, HEAD.length + SUM_LENGTH)) {
    return { ok: false, reason: "its checksum does not match its content" };
  }
  try {
    return { ok: true, value: JSON.parse(`{${rest}`) as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: `it is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Whether the text after a journal's last newline is only the beginning of a
 * line (a write cut short, never acknowledged) rather than a whole line
 * followed by more (a damaged newline).
 */
export function isCutShortLine(fragment: string): boolean {
  for (let end = fragment.indexOf("}"); end >= 0; end = fragment.indexOf("}", end + 1)) {
    if (end + 1 < fragment.length && openLine(fragment.slice(0, end + 1)).ok) return false;
  }
  return true;
}
