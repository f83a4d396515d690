/**
 * Which requests a fault, an operation outcome or a log query applies to.
 * A string path matches when the request path contains it (case-insensitive,
 * like ARM paths); a RegExp is tested against the path without the query.
 *
 * A `pathPattern` that arrives over the control endpoint comes from another
 * process and is compiled for V8's linear-time engine, so no pattern can make
 * matching a request path stall the event loop (a pattern that engine cannot
 * run, e.g. with backreferences or lookarounds, is refused).
 */

import { setFlagsFromString } from "node:v8";

export interface RequestMatcher {
  /** HTTP method, any case; all methods when absent. */
  method?: string;
  path?: string | RegExp;
}

export function matchesRequest(matcher: RequestMatcher, method: string, path: string): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== method.toUpperCase()) return false;
  const pattern = matcher.path;
  if (pattern === undefined) return true;
  if (typeof pattern === "string") return path.toLowerCase().includes(pattern.toLowerCase());
  pattern.lastIndex = 0; // a global RegExp keeps state between test() calls
  return pattern.test(path);
}

/** Builds a matcher from JSON (control endpoint): `path` is a substring, `pathPattern` a case-insensitive RegExp source. */
export function matcherFromJson(input: { method?: unknown; path?: unknown; pathPattern?: unknown }): RequestMatcher {
  const matcher: RequestMatcher = {};
  if (input.method !== undefined) {
    if (typeof input.method !== "string") throw new TypeError("method must be a string");
    matcher.method = input.method;
  }
  if (input.path !== undefined && input.pathPattern !== undefined) throw new TypeError("give either path or pathPattern, not both");
  if (input.path !== undefined) {
    if (typeof input.path !== "string") throw new TypeError("path must be a string");
    matcher.path = input.path;
  }
  if (input.pathPattern !== undefined) {
    if (typeof input.pathPattern !== "string") throw new TypeError("pathPattern must be a string");
    matcher.path = linearPattern(input.pathPattern);
  }
  return matcher;
}

/** JSON view of a matcher (RegExps as their source). */
export function matcherToJson(matcher: RequestMatcher): { method?: string; path?: string; pathPattern?: string } {
  const json: { method?: string; path?: string; pathPattern?: string } = {};
  if (matcher.method !== undefined) json.method = matcher.method;
  if (typeof matcher.path === "string") json.path = matcher.path;
  else if (matcher.path !== undefined) json.pathPattern = patternSources.get(matcher.path) ?? matcher.path.source;
  return json;
}

let linearEngine = false;
/** The pattern as it was given, for listing; the compiled source spells out both cases. */
const patternSources = new WeakMap<RegExp, string>();

/**
 * A case-insensitive RegExp that runs in time linear in the path. The linear
 * engine has no `i` flag, so the pattern's letters match either case instead.
 */
export function linearPattern(source: string): RegExp {
  if (!linearEngine) {
    // Only makes the `l` flag available; it changes nothing for other RegExps.
    setFlagsFromString("--enable-experimental-regexp-engine");
    linearEngine = true;
  }
  try {
    const pattern = new RegExp(eitherCase(source), "l");
    patternSources.set(pattern, source);
    return pattern;
  } catch (error) {
    throw new TypeError(`pathPattern ${JSON.stringify(source)} cannot be used: ${(error as Error).message}`);
  }
}

/** `a` becomes `[aA]` and `[a-c]` becomes `[a-cA-C]`; escapes stay as they are. */
function eitherCase(source: string): string {
  let result = "";
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (char === "\\") {
      result += char + (source[index + 1] ?? "");
      index++;
    } else if (char === "[") {
      const end = classEnd(source, index);
      const negated = source[index + 1] === "^";
      const body = source.slice(index + (negated ? 2 : 1), end);
      result += `[${negated ? "^" : ""}${mapLetters(body, (c) => c.toLowerCase())}${mapLetters(body, (c) => c.toUpperCase())}]`;
      index = end;
    } else {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      result += lower !== upper ? `[${lower}${upper}]` : char;
    }
  }
  return result;
}

/** Index of the `]` that closes the class opened at `start` (the end of the text when none does). */
function classEnd(source: string, start: number): number {
  for (let index = start + 1; index < source.length; index++) {
    if (source[index] === "\\") index++;
    else if (source[index] === "]" && index > start + 1) return index;
  }
  return source.length;
}

function mapLetters(text: string, map: (char: string) => string): string {
  let result = "";
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "\\") {
      result += text.slice(index, index + 2);
      index++;
    } else {
      result += map(text[index]!);
    }
  }
  return result;
}
