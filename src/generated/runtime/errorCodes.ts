// Copied from codegen/runtime/errorCodes.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// The RestError codes this client sets itself; the service's own ARM codes pass through unchanged.

/** `RestError.code` values set by the client rather than the service: test for them by name. */
export const ClientErrorCodes = {
  /**
   * A request was to go to an origin (scheme, host, port) other than the client's endpoint and the
   * `additionalTrustedOrigins`: a nextLink, an Azure-AsyncOperation or Location header, a continuation
   * token or a resumed poller's state named it. Refused before anything was sent.
   */
  untrustedOrigin: "UntrustedOrigin",
  /** A list's nextLink named a page this listing had already read; the listing ends with this error. */
  repeatedNextLink: "RepeatedNextLink",
  /** The answer's body is not valid JSON (the body is left out of the error: it may hold secrets). */
  parseError: "PARSE_ERROR",
  /** The answer is JSON but not of the model's shape: empty, null, or an object or array where the model needs the other. */
  invalidResponse: "InvalidResponse",
  /** The answer's body, decompressed, grew past `maxResponseBytes`; reading stopped there. */
  responseTooLarge: "ResponseTooLarge",
} as const;

/** One of the {@link ClientErrorCodes}. */
export type ClientErrorCode = (typeof ClientErrorCodes)[keyof typeof ClientErrorCodes];
