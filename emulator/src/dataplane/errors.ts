/**
 * The data plane's errors, in the Docker Registry API's shape:
 * `{ "errors": [{ "code", "message", "detail" }] }` with the status the
 * distribution spec gives each code. Handlers throw these; the login server
 * writes them. Messages never hold a password or an access token.
 */

/** One missing grant, as Docker lists it in an UNAUTHORIZED error's detail. */
export interface MissingAccess {
  Type: string;
  Name: string;
  Action: string;
}

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "RegistryError";
  }

  toBody(): { errors: { code: string; message: string; detail?: unknown }[] } {
    const error: { code: string; message: string; detail?: unknown } = { code: this.code, message: this.message };
    if (this.detail !== undefined) error.detail = this.detail;
    return { errors: [error] };
  }
}

const AUTHORIZATION_HELP = "visit https://aka.ms/acr/authorization for more information.";

/** No credentials, or credentials that do not log in (unknown user, wrong, expired or not yet usable password, disabled token). */
export function unauthorized(challenge?: string, detail?: MissingAccess[]): RegistryError {
  const headers: Record<string, string> = challenge === undefined ? {} : { "WWW-Authenticate": challenge };
  return new RegistryError(401, "UNAUTHORIZED", `authentication required, ${AUTHORIZATION_HELP}`, detail, headers);
}

/** The registry's firewall refuses the client before any credential is looked at. */
export function firewallDenied(clientAddress: string): RegistryError {
  return new RegistryError(
    403,
    "DENIED",
    `client with IP '${clientAddress}' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.`,
  );
}

export function registryUnavailable(registry: string): RegistryError {
  return new RegistryError(404, "NAME_UNKNOWN", `The registry '${registry}' does not exist or is being deleted.`);
}

export function nameUnknown(repository: string): RegistryError {
  return new RegistryError(404, "NAME_UNKNOWN", `repository name not known to registry`, { name: repository });
}

export function nameInvalid(repository: string): RegistryError {
  return new RegistryError(400, "NAME_INVALID", "invalid repository name", { name: repository });
}

export function manifestUnknown(repository: string, reference: string): RegistryError {
  return new RegistryError(404, "MANIFEST_UNKNOWN", "manifest unknown", { name: repository, reference });
}

export function manifestInvalid(reason: string): RegistryError {
  return new RegistryError(400, "MANIFEST_INVALID", `manifest invalid: ${reason}`);
}

export function manifestBlobUnknown(digest: string): RegistryError {
  return new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", { digest });
}

export function blobUnknown(digest: string): RegistryError {
  return new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry", { digest });
}

export function uploadUnknown(): RegistryError {
  return new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
}

export function digestInvalid(reason: string): RegistryError {
  return new RegistryError(400, "DIGEST_INVALID", `provided digest did not match uploaded content: ${reason}`);
}

export function tagInvalid(tag: string): RegistryError {
  return new RegistryError(400, "TAG_INVALID", "manifest tag did not match URI", { tag });
}

export function sizeInvalid(reason: string): RegistryError {
  return new RegistryError(400, "SIZE_INVALID", `provided length did not match content length: ${reason}`);
}

export function rangeInvalid(reason: string): RegistryError {
  return new RegistryError(416, "RANGE_INVALID", `invalid content range: ${reason}`);
}

export function tooLarge(limitBytes: number): RegistryError {
  return new RegistryError(413, "SIZE_INVALID", `the request body is larger than ${limitBytes} bytes`);
}

export function unsupported(message: string): RegistryError {
  return new RegistryError(405, "UNSUPPORTED", message);
}

export function notFound(path: string): RegistryError {
  return new RegistryError(404, "NOT_FOUND", `no registry API at ${path}`);
}

/** The token endpoint's refusal of a malformed request (no service, an unknown grant type, a bad scope). */
export function tokenRequestInvalid(message: string): RegistryError {
  return new RegistryError(400, "BAD_REQUEST", message);
}

export function internalRegistryError(message: string): RegistryError {
  return new RegistryError(500, "UNKNOWN", message);
}
