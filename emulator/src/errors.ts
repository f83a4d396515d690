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
