/**
 * The ARM paths the emulator serves and the resource ids it hands out, spelled
 * once. Route templates name their parameters in braces; ids fill them in.
 */

export const PROVIDER = "Microsoft.ContainerRegistry";
export const REGISTRY_TYPE = `${PROVIDER}/registries`;
export const SCOPE_MAP_TYPE = `${REGISTRY_TYPE}/scopeMaps`;
export const TOKEN_TYPE = `${REGISTRY_TYPE}/tokens`;

export const RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups";

/** ARM's own paths around the provider: subscriptions, resource groups, the generic resource list, cloud metadata. */
export const SUBSCRIPTIONS_PATH = "/subscriptions";
export const SUBSCRIPTION_PATH = `${SUBSCRIPTIONS_PATH}/{subscriptionId}`;
export const TENANTS_PATH = "/tenants";
export const RESOURCE_GROUPS_PATH = `${SUBSCRIPTION_PATH}/resourceGroups`;
export const RESOURCE_GROUP_PATH = `${RESOURCE_GROUPS_PATH}/{resourceGroupName}`;
export const SUBSCRIPTION_RESOURCES_PATH = `${SUBSCRIPTION_PATH}/resources`;
export const GROUP_RESOURCES_PATH = `${RESOURCE_GROUP_PATH}/resources`;
export const METADATA_ENDPOINTS_PATH = "/metadata/endpoints";

/** Subscription-level operations of the provider (list all registries, name checks, operations, registration). */
export const PROVIDER_PATH = `${SUBSCRIPTION_PATH}/providers/${PROVIDER}`;
export const REGISTRIES_PATH = `${RESOURCE_GROUP_PATH}/providers/${REGISTRY_TYPE}`;
export const REGISTRY_PATH = `${REGISTRIES_PATH}/{registryName}`;
export const SCOPE_MAPS_PATH = `${REGISTRY_PATH}/scopeMaps`;
export const TOKENS_PATH = `${REGISTRY_PATH}/tokens`;
export const OPERATION_PATH = `${PROVIDER_PATH}/locations/{location}/operationResults/{operationId}`;

/** The template with each `{name}` replaced by `values[name]` (as given: ids keep their casing). */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return value;
  });
}

/** A case-insensitive RegExp for ids shaped like the template, capturing each parameter by name. */
export function idPattern(template: string): RegExp {
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => (part.startsWith("{") ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i");
}
