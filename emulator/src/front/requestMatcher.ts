/**
 * Which requests a fault, an operation outcome or a log query applies to.
 * A string path matches when the request path contains it (case-insensitive,
 * like ARM paths); a RegExp is tested against the path without the query.
 */

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
    matcher.path = new RegExp(input.pathPattern, "i");
  }
  return matcher;
}

/** JSON view of a matcher (RegExps as their source). */
export function matcherToJson(matcher: RequestMatcher): { method?: string; path?: string; pathPattern?: string } {
  const json: { method?: string; path?: string; pathPattern?: string } = {};
  if (matcher.method !== undefined) json.method = matcher.method;
  if (typeof matcher.path === "string") json.path = matcher.path;
  else if (matcher.path !== undefined) json.pathPattern = matcher.path.source;
  return json;
}
