// Bearer tokens go to the endpoint's origin only. Links and state the service or a caller hands back
// (nextLink, Azure-AsyncOperation, Location, continuation tokens, resumeFrom) can name any URL; a
// request to an origin not trusted here is refused before the credential is asked for or anything is sent.
import { RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "./errorCodes.js";
import { InvalidParameterError } from "./validation.js";

/** Where the client may send requests, and so its bearer token. */
export interface TrustedOriginOptions {
  /**
   * Origins (`https://host[:port]`) besides the endpoint's that requests may go to, and so receive the
   * bearer token. Empty by default: a request anywhere else fails with `RestError` code `UntrustedOrigin`.
   */
  additionalTrustedOrigins?: readonly string[];
}

export const trustedOriginsPolicyName = "trustedOriginsPolicy";

/** The origin of an absolute URL, or undefined when `url` is not one. */
function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** The set of trusted origins: the endpoint's and each additional one, checked. */
export function trustedOrigins(endpoint: string, additional: unknown): Set<string> {
  const origins = new Set<string>();
  const own = originOf(endpoint);
  if (own === undefined) throw new InvalidParameterError("options.endpoint", "format", `Parameter "options.endpoint" must be an absolute URL.`);
  origins.add(own);
  if (additional === undefined) return origins;
  if (!Array.isArray(additional)) {
    throw new InvalidParameterError("options.additionalTrustedOrigins", "type", `Parameter "options.additionalTrustedOrigins" must be an array of origins.`);
  }
  additional.forEach((entry: unknown, index) => {
    const origin = typeof entry === "string" ? originOf(entry) : undefined;
    if (origin === undefined) {
      const name = `options.additionalTrustedOrigins[${index}]`;
      throw new InvalidParameterError(name, "format", `Parameter "${name}" must be an origin such as "https://example.com:8443".`);
    }
    origins.add(origin);
  });
  return origins;
}

/** Refuses every request whose URL is not on a trusted origin. */
export function trustedOriginsPolicy(origins: ReadonlySet<string>): PipelinePolicy {
  // A URL that starts with a serialized origin and "/" has that origin (the "/" ends the
  // authority), so the usual request is let through without parsing its URL; any other is parsed.
  const prefixes = [...origins].map((origin) => `${origin}/`);
  return {
    name: trustedOriginsPolicyName,
    sendRequest(request, next) {
      const url = request.url;
      if (prefixes.some((prefix) => url.startsWith(prefix))) return next(request);
      const origin = originOf(url);
      if (origin === undefined || !origins.has(origin)) {
        // Only the origin is named: a URL's path and query may carry tokens of their own.
        const where = origin === undefined ? "a URL that is not absolute" : origin;
        return Promise.reject(
          new RestError(
            `Refused to send a request to ${where}: the credential goes only to ${[...origins].join(", ")}. ` +
              `A link or stored state named another origin; add it to additionalTrustedOrigins if it is meant.`,
            { code: ClientErrorCodes.untrustedOrigin, request },
          ),
        );
      }
      return next(request);
    },
  };
}
