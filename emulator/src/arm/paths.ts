/**
 * The ARM paths the emulator serves and the resource ids it hands out, spelled
 * once. Route templates name their parameters in braces; ids fill them in.
 */

export const PROVIDER = "Microsoft.ContainerRegistry";
export const REGISTRY_TYPE = `${PROVIDER}/registries`;
export const SCOPE_MAP_TYPE = `${REGISTRY_TYPE}/scopeMaps`;
export const TOKEN_TYPE = `${REGISTRY_TYPE}/tokens`;

const SUBSCRIPTION = "/subscriptions/{subscriptionId}";
/** Subscription-level operations of the provider (list all registries, name checks, operations). */
export const PROVIDER_PATH = `${SUBSCRIPTION}/providers/${PROVIDER}`;
export const REGISTRIES_PATH = `${SUBSCRIPTION}/resourceGroups/{resourceGroupName}/providers/${REGISTRY_TYPE}`;
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
