/**
 * Request bodies of registry PUT and PATCH: SKU, identity and the settable
 * properties, with the defaults ACR fills in and the SKU-only features it
 * refuses on lower tiers.
 */

import { randomUUID } from "node:crypto";
import { badRequest, invalidContent } from "../errors.js";
import { USER_SKUS, type UserSkuName } from "../state/limits.js";
import type { IdentityData, IdentityType, RegistryPolicies, RegistrySettings, RoleAssignmentMode } from "../state/records.js";
import {
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  requireObject,
  requiredEnum,
  requiredString,
  type JsonObject,
} from "./validation.js";

const ENABLED_DISABLED = ["Enabled", "Disabled"] as const;
const ROLE_ASSIGNMENT_MODES: readonly RoleAssignmentMode[] = ["AbacRepositoryPermissions", "LegacyRegistryPermissions"];
const POLICY_STATUS = ["enabled", "disabled"] as const;
const IDENTITY_TYPES: readonly IdentityType[] = ["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"];
/** The spec still lists Classic, but the service no longer creates such registries. */
const SKU_NAMES = ["Classic", ...USER_SKUS] as const;

export function defaultSettings(now: string): RegistrySettings {
  return {
    adminUserEnabled: false,
    publicNetworkAccess: "Enabled",
    networkRuleBypassOptions: "AzureServices",
    zoneRedundancy: "Disabled",
    anonymousPullEnabled: false,
    dataEndpointEnabled: false,
    networkRuleSet: { defaultAction: "Allow", ipRules: [] },
    policies: {
      quarantinePolicy: { status: "disabled" },
      trustPolicy: { type: "Notary", status: "disabled" },
      retentionPolicy: { days: 7, status: "disabled", lastUpdatedTime: now },
      exportPolicy: { status: "enabled" },
      azureADAuthenticationAsArmPolicy: { status: "enabled" },
    },
    encryption: { status: "disabled" },
    networkRuleBypassAllowedForTasks: false,
    roleAssignmentMode: "LegacyRegistryPermissions",
  };
}

export function parseSku(owner: JsonObject, required: boolean): UserSkuName | undefined {
  const sku = optionalObject(owner, "sku", "");
  if (sku === undefined) {
    if (required) throw invalidContent("The required property 'sku' is missing.", "sku");
    return undefined;
  }
  const name = requiredEnum(sku, "name", "sku", SKU_NAMES);
  if (name === "Classic") throw invalidContent("'sku.name' Classic is no longer available for new registries; use Basic, Standard or Premium.", "sku.name");
  return name;
}

export function parseLocation(owner: JsonObject): string {
  return requiredString(owner, "location", "");
}

/** Identity with ids filled in; ids already assigned to the registry are kept. */
export function parseIdentity(owner: JsonObject, previous: IdentityData | undefined): IdentityData | undefined {
  const input = optionalObject(owner, "identity", "");
  if (input === undefined) return previous;
  const type = requiredEnum(input, "type", "identity", IDENTITY_TYPES);
  if (type === "None") return { type };
  const identity: IdentityData = { type };
  if (type.includes("SystemAssigned")) {
    identity.principalId = previous?.principalId ?? randomUUID();
    identity.tenantId = previous?.tenantId ?? randomUUID();
  }
  const assigned = optionalObject(input, "userAssignedIdentities", "identity");
  if (type.includes("UserAssigned")) {
    if (assigned === undefined || Object.keys(assigned).length === 0) {
      throw invalidContent("'identity.userAssignedIdentities' must list at least one identity for type UserAssigned.", "identity.userAssignedIdentities");
    }
    identity.userAssignedIdentities = {};
    for (const resourceId of Object.keys(assigned)) {
      identity.userAssignedIdentities[resourceId] = previous?.userAssignedIdentities?.[resourceId] ?? {
        principalId: randomUUID(),
        clientId: randomUUID(),
      };
    }
  }
  return identity;
}

function parsePolicies(input: JsonObject, base: RegistryPolicies, now: string): RegistryPolicies {
  const path = "properties.policies";
  const policies: RegistryPolicies = structuredClone(base);
  const quarantine = optionalObject(input, "quarantinePolicy", path);
  if (quarantine) policies.quarantinePolicy.status = optionalEnum(quarantine, "status", `${path}.quarantinePolicy`, POLICY_STATUS) ?? "disabled";
  const trust = optionalObject(input, "trustPolicy", path);
  if (trust) {
    optionalEnum(trust, "type", `${path}.trustPolicy`, ["Notary"] as const);
    policies.trustPolicy.status = optionalEnum(trust, "status", `${path}.trustPolicy`, POLICY_STATUS) ?? "disabled";
  }
  const retention = optionalObject(input, "retentionPolicy", path);
  if (retention) {
    policies.retentionPolicy = {
      days: optionalInteger(retention, "days", `${path}.retentionPolicy`, 0, 365) ?? 7,
      status: optionalEnum(retention, "status", `${path}.retentionPolicy`, POLICY_STATUS) ?? "disabled",
      lastUpdatedTime: now,
    };
  }
  const exportPolicy = optionalObject(input, "exportPolicy", path);
  if (exportPolicy) policies.exportPolicy.status = optionalEnum(exportPolicy, "status", `${path}.exportPolicy`, POLICY_STATUS) ?? "enabled";
  const aadPolicy = optionalObject(input, "azureADAuthenticationAsArmPolicy", path);
  if (aadPolicy) {
    policies.azureADAuthenticationAsArmPolicy.status =
      optionalEnum(aadPolicy, "status", `${path}.azureADAuthenticationAsArmPolicy`, POLICY_STATUS) ?? "enabled";
  }
  return policies;
}

function parseNetworkRuleSet(input: JsonObject): RegistrySettings["networkRuleSet"] {
  const path = "properties.networkRuleSet";
  const defaultAction = requiredEnum(input, "defaultAction", path, ["Allow", "Deny"] as const);
  const ipRules = (optionalArray(input, "ipRules", path) ?? []).map((item, index) => {
    const rule = requireObject(item, `${path}.ipRules[${index}]`);
    optionalEnum(rule, "action", `${path}.ipRules[${index}]`, ["Allow"] as const);
    return { action: "Allow" as const, value: requiredString(rule, "value", `${path}.ipRules[${index}]`) };
  });
  return { defaultAction, ipRules };
}

/**
 * Applies `properties` of a request onto `base`: the defaults for PUT, the
 * current settings for PATCH. `creating` allows the create-only ones.
 */
export function applySettings(base: RegistrySettings, properties: JsonObject | undefined, creating: boolean, now: string): RegistrySettings {
  const settings = structuredClone(base);
  if (properties === undefined) return settings;
  const path = "properties";
  settings.adminUserEnabled = optionalBoolean(properties, "adminUserEnabled", path) ?? settings.adminUserEnabled;
  settings.publicNetworkAccess = optionalEnum(properties, "publicNetworkAccess", path, ENABLED_DISABLED) ?? settings.publicNetworkAccess;
  settings.networkRuleBypassOptions =
    optionalEnum(properties, "networkRuleBypassOptions", path, ["AzureServices", "None"] as const) ?? settings.networkRuleBypassOptions;
  settings.anonymousPullEnabled = optionalBoolean(properties, "anonymousPullEnabled", path) ?? settings.anonymousPullEnabled;
  settings.dataEndpointEnabled = optionalBoolean(properties, "dataEndpointEnabled", path) ?? settings.dataEndpointEnabled;
  // 2025-11-01 properties; any api-version may set them, as the service ignores nothing it knows.
  settings.networkRuleBypassAllowedForTasks =
    optionalBoolean(properties, "networkRuleBypassAllowedForTasks", path) ?? settings.networkRuleBypassAllowedForTasks ?? false;
  settings.roleAssignmentMode =
    optionalEnum(properties, "roleAssignmentMode", path, ROLE_ASSIGNMENT_MODES) ?? settings.roleAssignmentMode ?? "LegacyRegistryPermissions";
  if (creating) settings.zoneRedundancy = optionalEnum(properties, "zoneRedundancy", path, ENABLED_DISABLED) ?? settings.zoneRedundancy;
  const networkRuleSet = optionalObject(properties, "networkRuleSet", path);
  if (networkRuleSet) settings.networkRuleSet = parseNetworkRuleSet(networkRuleSet);
  const policies = optionalObject(properties, "policies", path);
  if (policies) settings.policies = parsePolicies(policies, settings.policies, now);
  const encryption = optionalObject(properties, "encryption", path);
  if (encryption) {
    const status = optionalEnum(encryption, "status", `${path}.encryption`, POLICY_STATUS) ?? "disabled";
    const keyVault = optionalObject(encryption, "keyVaultProperties", `${path}.encryption`);
    settings.encryption = { status };
    if (keyVault) {
      const keyIdentifier = optionalString(keyVault, "keyIdentifier", `${path}.encryption.keyVaultProperties`);
      const identity = optionalString(keyVault, "identity", `${path}.encryption.keyVaultProperties`);
      settings.encryption.keyVaultProperties = {
        ...(keyIdentifier === undefined ? {} : { keyIdentifier }),
        ...(identity === undefined ? {} : { identity }),
      };
    }
    if (status === "enabled" && !settings.encryption.keyVaultProperties?.keyIdentifier) {
      throw invalidContent("'properties.encryption.keyVaultProperties.keyIdentifier' is required when encryption is enabled.", "properties.encryption");
    }
  }
  return settings;
}

/** Features ACR sells only with higher tiers. */
export function checkSkuFeatures(sku: UserSkuName, settings: RegistrySettings): void {
  const premiumOnly: string[] = [];
  if (settings.zoneRedundancy === "Enabled") premiumOnly.push("zoneRedundancy");
  if (settings.dataEndpointEnabled) premiumOnly.push("dataEndpointEnabled");
  if (settings.publicNetworkAccess === "Disabled") premiumOnly.push("publicNetworkAccess Disabled");
  if (settings.networkRuleSet.defaultAction === "Deny" || settings.networkRuleSet.ipRules.length > 0) premiumOnly.push("networkRuleSet");
  if (settings.encryption.status === "enabled") premiumOnly.push("encryption");
  if (sku !== "Premium" && premiumOnly.length > 0) {
    throw badRequest(`The SKU '${sku}' does not support ${premiumOnly.join(", ")}; these need the Premium SKU.`, "sku.name");
  }
  if (sku === "Basic" && settings.anonymousPullEnabled) {
    throw badRequest("The SKU 'Basic' does not support anonymousPullEnabled; use Standard or Premium.", "sku.name");
  }
}
