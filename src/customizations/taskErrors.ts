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

export class TokenTaskError extends Error {
  override readonly name = "TokenTaskError";
  constructor(
    readonly code: TokenTaskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
