/**
 * ARM-shaped errors. Handlers throw these; the server turns them into
 * `{ "error": { "code", "message" } }` bodies with the matching status.
 */

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export interface ArmErrorBody {
  error: ArmErrorDetail;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "ArmError";
  }

  toBody(): ArmErrorBody {
    const error: ArmErrorDetail = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    return { error };
  }
}

/** A request whose path or parameters break the API's rules. */
export function badRequest(message: string, target?: string): ArmError {
  return new ArmError(400, "BadRequest", message, target);
}

/** A request body that is not valid JSON or does not fit the resource's schema. */
export function invalidContent(message: string, target?: string): ArmError {
  return new ArmError(400, "InvalidRequestContent", message, target);
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(404, "ResourceNotFound", `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found.`);
}

export function parentNotFound(registryName: string): ArmError {
  return new ArmError(
    404,
    "ParentResourceNotFound",
    `Can not perform requested operation on nested resource. Parent resource '${registryName}' not found.`,
  );
}

export function conflict(message: string): ArmError {
  return new ArmError(409, "Conflict", message);
}

export function quotaExceeded(message: string): ArmError {
  return new ArmError(409, "QuotaExceeded", message);
}

export function authenticationFailed(message: string): ArmError {
  return new ArmError(401, "AuthenticationFailed", message, undefined, {
    "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

export function internalError(message: string): ArmError {
  return new ArmError(500, "InternalServerError", message);
}

export function missingApiVersion(): ArmError {
  return new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}

export function invalidApiVersion(apiVersion: string, supported: Iterable<string>): ArmError {
  return new ArmError(
    400,
    "InvalidApiVersionParameter",
    `The api-version '${apiVersion}' is invalid. The supported versions are '${[...supported].join(",")}'.`,
  );
}

export function invalidSubscriptionId(subscriptionId: string): ArmError {
  return new ArmError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
}

export function invalidLocation(message: string): ArmError {
  return new ArmError(400, "InvalidResourceLocation", message, "location");
}

export function noSuchOperation(method: string, path: string): ArmError {
  return new ArmError(404, "NotFound", `The emulator has no operation at ${method} ${path}.`);
}

export function methodNotAllowed(method: string, allowed: readonly string[]): ArmError {
  return new ArmError(405, "MethodNotAllowed", `The method ${method} is not allowed here; use ${allowed.join(", ")}.`, undefined, {
    Allow: allowed.join(", "),
  });
}

export function operationNotFound(operationId: string): ArmError {
  return new ArmError(404, "ResourceNotFound", `The operation '${operationId}' was not found.`);
}

export function bodyTooLarge(limitBytes: number): ArmError {
  return new ArmError(413, "RequestEntityTooLarge", `Request bodies are limited to ${limitBytes} bytes.`);
}

/** The change could not be made durable (e.g. the disk is full); nothing of it was kept. */
export function notPersisted(reason: string, retryAfterSeconds: number): ArmError {
  return new ArmError(503, "ServiceUnavailable", `The change was not saved and has not been made: ${reason}`, undefined, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/** A finished generateCredentials polled after a restart: its passwords were never written to disk. */
export function resultNotKept(operationId: string): ArmError {
  return new ArmError(
    410,
    "OperationResultNotKept",
    `The operation '${operationId}' finished before the emulator restarted; the passwords it made are not kept on disk. Call generateCredentials again.`,
  );
}

export function resourceGroupNotFound(resourceGroupName: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroupName}' could not be found.`);
}

export function resourceGroupBeingDeleted(resourceGroupName: string): ArmError {
  return new ArmError(
    409,
    "ResourceGroupBeingDeleted",
    `The resource group '${resourceGroupName}' is in deprovisioning state and cannot perform this operation.`,
  );
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

/** An If-Match or If-None-Match header the resource does not satisfy. */
export function preconditionFailed(detail: string): ArmError {
  return new ArmError(412, "PreconditionFailed", `The condition specified using HTTP conditional header(s) is not met: ${detail}`);
}

/** An empty throttling bucket. */
export function tooManyRequests(kind: string, subscriptionId: string, retryAfterSeconds: number): ArmError {
  return new ArmError(
    429,
    "TooManyRequests",
    `Number of '${kind}' requests for subscription '${subscriptionId}' exceeded. Please try again after '${retryAfterSeconds}' seconds.`,
    undefined,
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export function invalidFilter(filter: string, reason: string): ArmError {
  return new ArmError(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string: ${reason}`, "$filter");
}

/** A managed-identity token request the endpoint does not answer (no secret header, no resource). */
export function identityRequestRefused(status: number, message: string): ArmError {
  return new ArmError(status, status === 401 ? "Unauthorized" : "invalid_request", message);
}

/** The error a thrown value stands for: ArmErrors as they are, anything else as a 500. */
export function asArmError(error: unknown): ArmError {
  return error instanceof ArmError ? error : internalError((error as Error).message);
}

/** Default ARM error code for a status injected without one. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "AuthenticationFailed";
    case 403:
      return "AuthorizationFailed";
    case 404:
      return "ResourceNotFound";
    case 409:
      return "Conflict";
    case 429:
      return "TooManyRequests";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return status >= 500 ? "InternalServerError" : "BadRequest";
  }
}
