// Copied from codegen/runtime/requestTarget.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Where a request goes, as node:https takes it (host, port, path). Parsing each URL with `new URL`
// was the largest single cost of the transport, and almost every URL has an origin already seen and
// a path the parser would leave alone: such an origin is parsed once and remembered, and such a
// path is used as it is. Anything else (a fragment, a dot segment, a character the parser would
// percent-encode, an unusual origin) is parsed in full, so the answer is always the parser's
// (test/properties/requestTarget.test.ts holds the two against each other).

export interface RequestTarget {
  /** The host name or address, without IPv6 brackets. */
  readonly host: string;
  /** The port, or "" for https' default. */
  readonly port: string;
  /** The path and query. */
  readonly path: string;
}

// A lower-case host name, IPv4 or bracketed IPv6 address, and a port.
const PLAIN_ORIGIN = /^https:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;
// Characters the parser keeps as they are in an https URL's path and query.
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;
// "." and ".." segments, also percent-encoded, which the parser resolves away.
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;
const MAX_ORIGINS = 64;

const origins = new Map<string, Omit<RequestTarget, "path">>();

function fromUrl(url: URL): RequestTarget {
  // An IPv6 literal comes bracketed in a URL ("[::1]"); a socket wants the bare address.
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: url.port, path: url.pathname + url.search };
}

/** The host, port and path of an absolute https URL, exactly as `new URL(url)` reads them. */
export function requestTarget(url: string): RequestTarget {
  const slash = url.indexOf("/", 8); // after "https://"
  if (slash > 8) {
    const origin = url.slice(0, slash);
    const path = url.slice(slash);
    // A "?" that ends the URL opens an empty query, which the parser drops.
    if (PLAIN_ORIGIN.test(origin) && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && !path.endsWith("?")) {
      let parts = origins.get(origin);
      if (!parts) {
        const { host, port } = fromUrl(new URL(origin));
        parts = { host, port };
        if (origins.size < MAX_ORIGINS) origins.set(origin, parts);
      }
      return { host: parts.host, port: parts.port, path };
    }
  }
  return fromUrl(new URL(url));
}
