// The hand-written task helpers and the pure helpers they build on. Internal plumbing
// (target resolution, the logger, password issuing) stays out of the public surface.
export * from "./actions.js";
export {
  dockerConfigJson,
  dockerCredentials,
  type DockerCredentials,
  type DockerCredentialsInput,
  type DockerCredentialsOptions,
  type TokenPasswordSlot,
} from "./docker.js";
export * from "./resourceIds.js";
export type { Days, ExpiryInput } from "./lifetime.js";
export { TokenTaskError, type TokenTaskErrorCode } from "./taskErrors.js";
export type { TokenTaskOptions } from "./tokenTarget.js";
export {
  generateCredentials,
  type GenerateCredentialsOptions,
  type GeneratedPassword,
  type GeneratedPasswords,
  type TokenCredentials,
} from "./credentials.js";
export {
  createRepositoryToken,
  deleteRepositoryToken,
  repositoryScopeMapName,
  type CreateRepositoryTokenParams,
  type CreatedRepositoryToken,
  type DeletedRepositoryToken,
} from "./repositoryToken.js";
export { rotateTokenPassword, type RotateTokenPasswordOptions, type RotatedPassword } from "./rotation.js";
export {
  findExpiringCredentials,
  type ExpiringCredential,
  type ExpiringToken,
  type FindExpiringCredentialsParams,
} from "./expiry.js";
export { setTokenStatus, type TokenState } from "./tokenStatus.js";
export {
  rotateExpiringPasswords,
  type PasswordRotated,
  type PasswordRotationFailed,
  type PasswordRotationOutcome,
  type PasswordRotationSubject,
  type RotateExpiringPasswordsParams,
} from "./bulkRotation.js";
export {
  checkTokenAccess,
  TokenAccessErrorCodes,
  type CheckTokenAccessParams,
  type TokenAccess,
  type TokenAccessErrorCode,
} from "./tokenAccess.js";
