/**
 * The error the task helpers throw when the registry's state, not a bad
 * argument, stops a task. Messages name resources, never credential values.
 */

/** Why a task helper refused or could not finish. */
export type TokenTaskErrorCode =
  /** createRepositoryToken found the token already there; a PUT would wipe its passwords. */
  | "TokenAlreadyExists"
  /** The `<token>-scope-map` exists with other actions than the ones asked for. */
  | "ScopeMapConflict"
  /** The named scope map does not exist in the registry. */
  | "ScopeMapNotFound"
  /** The service's answer lacks something the task needs (a password value, the login server). */
  | "IncompleteResponse";

/**
 * Thrown by the task helpers when the registry's state stops a task (a token already there, a
 * conflicting scope map, an incomplete answer); `code` says which. Service errors stay `RestError`s.
 */
export class TokenTaskError extends Error {
  /** Always "TokenTaskError". */
  override readonly name = "TokenTaskError";
  constructor(
    /** Why the task stopped. */
    readonly code: TokenTaskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
