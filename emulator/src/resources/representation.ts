/**
 * ARM JSON shapes of the stored records: resource ids, systemData and the
 * read-only properties the service adds. Token password values never appear
 * here; only generateCredentials returns them.
 */

import { fillPath, REGISTRY_PATH, REGISTRY_TYPE, SCOPE_MAP_TYPE, TOKEN_TYPE } from "../arm/paths.js";
import type { RegistryData, ScopeMapData, TokenData } from "../state/records.js";
import type { RegistryEntry } from "../state/store.js";
import { listedSlot } from "./tokenCredentials.js";
/** Suffix of login servers; the public cloud's. */
export const LOGIN_SERVER_SUFFIX = "azurecr.io";

export function registryId(data: RegistryData): string {
  return fillPath(REGISTRY_PATH, { subscriptionId: data.subscriptionId, resourceGroupName: data.resourceGroupName, registryName: data.name });
}

export function scopeMapId(registry: RegistryData, scopeMapName: string): string {
  return `${registryId(registry)}/scopeMaps/${scopeMapName}`;
}

export function tokenId(registry: RegistryData, tokenName: string): string {
  return `${registryId(registry)}/tokens/${tokenName}`;
}

function systemData(createdAt: string, lastModifiedAt: string): Record<string, string> {
  return { createdBy: "emulator", createdByType: "User", createdAt, lastModifiedBy: "emulator", lastModifiedByType: "User", lastModifiedAt };
}

export function registryResource(data: RegistryData): Record<string, unknown> {
  const settings = data.settings;
  const resource: Record<string, unknown> = {
    id: registryId(data),
    name: data.name,
    type: REGISTRY_TYPE,
    location: data.location,
    tags: data.tags ?? {},
    sku: { name: data.sku, tier: data.sku },
    systemData: systemData(data.creationDate, data.lastModifiedAt),
    properties: {
      // The emulator's own login server for the registry (127.0.0.1:port), so clients can log in to it.
      loginServer: data.loginServer ?? `${data.name.toLowerCase()}.${LOGIN_SERVER_SUFFIX}`,
      creationDate: data.creationDate,
      provisioningState: data.provisioningState,
      adminUserEnabled: settings.adminUserEnabled,
      networkRuleSet: settings.networkRuleSet,
      policies: settings.policies,
      encryption: settings.encryption,
      dataEndpointEnabled: settings.dataEndpointEnabled,
      dataEndpointHostNames: settings.dataEndpointEnabled
        ? [`${data.name.toLowerCase()}.${data.location.replace(/\s+/g, "").toLowerCase()}.data.${LOGIN_SERVER_SUFFIX}`]
        : [],
      privateEndpointConnections: [],
      publicNetworkAccess: settings.publicNetworkAccess,
      networkRuleBypassOptions: settings.networkRuleBypassOptions,
      zoneRedundancy: settings.zoneRedundancy,
      anonymousPullEnabled: settings.anonymousPullEnabled,
      networkRuleBypassAllowedForTasks: settings.networkRuleBypassAllowedForTasks ?? false,
      roleAssignmentMode: settings.roleAssignmentMode ?? "LegacyRegistryPermissions",
    },
  };
  if (data.identity !== undefined) resource["identity"] = data.identity;
  return resource;
}

export function scopeMapResource(registry: RegistryData, scopeMap: ScopeMapData): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    type: scopeMap.type,
    creationDate: scopeMap.creationDate,
    provisioningState: scopeMap.provisioningState,
    actions: scopeMap.actions,
  };
  if (scopeMap.description !== undefined) properties["description"] = scopeMap.description;
  return {
    id: scopeMapId(registry, scopeMap.name),
    name: scopeMap.name,
    type: SCOPE_MAP_TYPE,
    systemData: systemData(scopeMap.creationDate, scopeMap.lastModifiedAt),
    properties,
  };
}

export function tokenResource(entry: RegistryEntry, token: TokenData): Record<string, unknown> {
  const registry = entry.data;
  const scopeMapName = entry.scopeMaps.get(token.scopeMapKey)?.name ?? token.scopeMapKey;
  // Password slots are listed without values: name, creationTime and expiry only.
  const credentials = {
    certificates: token.certificates.map((slot) => ({ ...slot })),
    passwords: token.passwords.map(listedSlot),
  };
  return {
    id: tokenId(registry, token.name),
    name: token.name,
    type: TOKEN_TYPE,
    systemData: systemData(token.creationDate, token.lastModifiedAt),
    properties: {
      creationDate: token.creationDate,
      provisioningState: token.provisioningState,
      scopeMapId: scopeMapId(registry, scopeMapName),
      credentials,
      status: token.status,
    },
  };
}

export function privateLinkResource(registry: RegistryData): Record<string, unknown> {
  return {
    id: `${registryId(registry)}/privateLinkResources/registry`,
    name: "registry",
    type: `${REGISTRY_TYPE}/privateLinkResources`,
    properties: {
      groupId: "registry",
      requiredMembers: ["registry", `registry_data_${registry.location.replace(/\s+/g, "").toLowerCase()}`],
      requiredZoneNames: [`privatelink.${LOGIN_SERVER_SUFFIX}`],
    },
  };
}
