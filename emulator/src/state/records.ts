/**
 * Stored records. They are plain JSON data so the persistence journal can
 * write them as they are; ARM response shapes are built in representation.ts.
 */

import type { UserSkuName } from "./limits.js";

export type ProvisioningState = "Creating" | "Updating" | "Deleting" | "Succeeded" | "Failed" | "Canceled";

export const BUSY_STATES: ReadonlySet<ProvisioningState> = new Set(["Creating", "Updating", "Deleting"]);

export type EnabledDisabled = "Enabled" | "Disabled";
export type PolicyStatus = "enabled" | "disabled";

export interface RegistryPolicies {
  quarantinePolicy: { status: PolicyStatus };
  trustPolicy: { type: "Notary"; status: PolicyStatus };
  retentionPolicy: { days: number; status: PolicyStatus; lastUpdatedTime: string };
  exportPolicy: { status: PolicyStatus };
  azureADAuthenticationAsArmPolicy: { status: PolicyStatus };
}

export interface RegistrySettings {
  adminUserEnabled: boolean;
  publicNetworkAccess: EnabledDisabled;
  networkRuleBypassOptions: "AzureServices" | "None";
  zoneRedundancy: EnabledDisabled;
  anonymousPullEnabled: boolean;
  dataEndpointEnabled: boolean;
  networkRuleSet: { defaultAction: "Allow" | "Deny"; ipRules: { action: "Allow"; value: string }[] };
  policies: RegistryPolicies;
  encryption: { status: PolicyStatus; keyVaultProperties?: { keyIdentifier?: string; identity?: string } };
  /** 2025-11-01. Absent in records written before; read as the default. */
  networkRuleBypassAllowedForTasks?: boolean;
  /** 2025-11-01. Absent in records written before; read as the default. */
  roleAssignmentMode?: RoleAssignmentMode;
}

export type RoleAssignmentMode = "AbacRepositoryPermissions" | "LegacyRegistryPermissions";

export type IdentityType = "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned" | "None";

export interface IdentityData {
  type: IdentityType;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
}

/** A resource group: made by a PUT, or by the first registry put into it. */
export interface ResourceGroupData {
  ordinal: number;
  /** Lower-case UUID. */
  subscriptionId: string;
  /** Casing of the request that created it. */
  name: string;
  location: string;
  tags?: Record<string, string>;
  /** Deleting while a DELETE of the group (and its registries) runs. */
  provisioningState: "Succeeded" | "Deleting";
  pendingOperation?: string;
}

export interface RegistryData {
  /** Creation order; paging walks records in this order. */
  ordinal: number;
  /** Lower-case UUID. */
  subscriptionId: string;
  /** Casing of the first request that created the registry. */
  resourceGroupName: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  sku: UserSkuName;
  identity?: IdentityData;
  settings: RegistrySettings;
  creationDate: string;
  lastModifiedAt: string;
  provisioningState: ProvisioningState;
  /** Id of the async operation that will settle provisioningState, while one runs. */
  pendingOperation?: string;
  /** Admin user passwords `password` and `password2`. */
  adminPasswords: [string, string];
  /** host:port of the registry's data plane in this emulator; absent in records written before it had one. */
  loginServer?: string;
}

export type ScopeMapType = "SystemDefined" | "UserDefined";

export interface ScopeMapData {
  ordinal: number;
  name: string;
  type: ScopeMapType;
  description?: string;
  actions: string[];
  creationDate: string;
  lastModifiedAt: string;
  provisioningState: ProvisioningState;
  pendingOperation?: string;
}

export type PasswordName = "password1" | "password2";
export type CertificateName = "certificate1" | "certificate2";

/** A salted one-way function of a password: what a login is checked against. */
export interface PasswordVerifier {
  algorithm: "scrypt";
  cost: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/**
 * A token password slot. The value is handed out once by generateCredentials and never stored;
 * the slot keeps its verifier, so the password can log in to the data plane.
 */
export interface PasswordSlot {
  name: PasswordName;
  creationTime: string;
  expiry?: string;
  /** Absent for a slot no generateCredentials has filled (it cannot log in). */
  verifier?: PasswordVerifier;
}

export interface CertificateSlot {
  name: CertificateName;
  thumbprint: string;
  expiry?: string;
}

export type TokenStatus = "enabled" | "disabled";

export interface TokenData {
  ordinal: number;
  name: string;
  /** Lower-case name of the scope map in the same registry. */
  scopeMapKey: string;
  status: TokenStatus;
  passwords: PasswordSlot[];
  certificates: CertificateSlot[];
  creationDate: string;
  lastModifiedAt: string;
  provisioningState: ProvisioningState;
  pendingOperation?: string;
}

/** Key of a resource name: ARM looks names up case-insensitively. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";
export type FinalStatus = Exclude<OperationStatus, "InProgress">;

/** "status": polled through Azure-AsyncOperation; "result": polled through Location. */
export type OperationStyle = "status" | "result";

/** Which resource an operation settles, by lower-case names. */
export type ResourceRef = { registry: string } | { registry: string; scopeMap: string } | { registry: string; token: string };

/** What finishing an operation does; plain data, so an operation survives a restart and resumes. */
export type OperationTask =
  | { kind: "write"; resource: ResourceRef }
  | { kind: "delete"; resource: ResourceRef; previousState: ProvisioningState }
  | { kind: "generateCredentials"; registry: string; token: string; name?: PasswordName; expiry?: string }
  | { kind: "importImage" }
  | { kind: "deleteResourceGroup"; subscriptionId: string; resourceGroup: string };

export interface OperationError {
  code: string;
  message: string;
  target?: string;
}

/** An ending injected by `faults.failNextOperation`. */
export interface OperationOutcome {
  status: "Failed" | "Canceled";
  code: string;
  message: string;
  httpStatus: number;
}

export interface OperationData {
  id: string;
  /** Lower-case UUID. */
  subscriptionId: string;
  /** Normalised location, as it appears in the operation URL. */
  location: string;
  style: OperationStyle;
  status: OperationStatus;
  task: OperationTask;
  outcome?: OperationOutcome;
  startTime: string;
  endTime?: string;
  error?: OperationError;
  /** Status of the final Location poll when the operation did not succeed. */
  failureHttpStatus: number;
  /**
   * Final body of a "result" operation; undefined gives 204. A generateCredentials result holds
   * passwords and is kept in memory only.
   */
  result?: unknown;
}

/** Only generateCredentials answers hold secrets; they never go to disk. */
export function holdsSecrets(operation: OperationData): boolean {
  return operation.task.kind === "generateCredentials";
}
