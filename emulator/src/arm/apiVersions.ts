/**
 * Every api-version the emulator accepts, per kind of resource, in one place. The provider's
 * lists are the versions Microsoft.ContainerRegistry publishes in the public spec repository
 * (azure-rest-api-specs, specification/containerregistry); the ARM lists are the versions of
 * Microsoft.Resources that tools send for subscriptions and for resource groups, the generic
 * resource list and provider registration.
 */

import { invalidApiVersion } from "../errors.js";

/** Registries and their operations (name check, credentials, usages, import, private link resources). */
const REGISTRY_VERSIONS = [
  "2017-03-01",
  "2017-06-01-preview",
  "2017-10-01",
  "2019-05-01",
  "2019-12-01-preview",
  "2020-11-01-preview",
  "2021-06-01-preview",
  "2021-08-01-preview",
  "2021-09-01",
  "2021-12-01-preview",
  "2022-02-01-preview",
  "2022-12-01",
  "2023-01-01-preview",
  "2023-06-01-preview",
  "2023-07-01",
  "2023-08-01-preview",
  "2023-11-01-preview",
  "2024-11-01-preview",
  "2025-03-01-preview",
  "2025-04-01",
  "2025-05-01-preview",
  "2025-06-01-preview",
  "2025-11-01",
] as const;

/** Scope maps, tokens and generateCredentials: 2019-05-01-preview, then every registry version from 2019-12-01-preview on. */
const TOKEN_VERSIONS = ["2019-05-01-preview", ...REGISTRY_VERSIONS.slice(REGISTRY_VERSIONS.indexOf("2019-12-01-preview"))];

/** Microsoft.Resources subscriptions (az sends 2019-11-01, @azure/arm-resources-subscriptions 2022-12-01). */
const SUBSCRIPTION_VERSIONS = [
  "2016-06-01",
  "2018-06-01",
  "2019-06-01",
  "2019-11-01",
  "2020-01-01",
  "2021-01-01",
  "2022-01-01",
  "2022-12-01",
] as const;

/** Microsoft.Resources resource groups, resources and providers (az sends 2021-04-01). */
const RESOURCE_VERSIONS = [
  "2019-05-01",
  "2019-05-10",
  "2019-07-01",
  "2019-08-01",
  "2019-10-01",
  "2020-06-01",
  "2020-08-01",
  "2020-10-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
] as const;

/** `/metadata/endpoints`: 2015-01-01 answers the old single-cloud object, later versions a list of clouds. */
const METADATA_VERSIONS = ["2015-01-01", "2018-01-01", "2019-05-01", "2020-06-01", "2022-09-01"] as const;

export type ApiFamily = "registries" | "tokens" | "operations" | "subscriptions" | "resources" | "metadata";

export type ApiVersionLists = Readonly<Record<ApiFamily, readonly string[]>>;

/** The lists as published; `apiVersions` in the options replaces the provider's three. */
export const API_VERSIONS: ApiVersionLists = {
  registries: REGISTRY_VERSIONS,
  tokens: TOKEN_VERSIONS,
  // Operation URLs carry the api-version of the request that started them, whichever that was.
  operations: [...new Set([...REGISTRY_VERSIONS, ...TOKEN_VERSIONS, ...RESOURCE_VERSIONS])].sort(),
  subscriptions: SUBSCRIPTION_VERSIONS,
  resources: RESOURCE_VERSIONS,
  metadata: METADATA_VERSIONS,
};

/** What the service accepts: the lists as published, or with `override` for the provider's resource types. */
export function resolveApiVersions(override: readonly string[] | undefined): Readonly<Record<ApiFamily, ReadonlySet<string>>> {
  const lists: Record<ApiFamily, readonly string[]> = { ...API_VERSIONS };
  if (override !== undefined) {
    lists.registries = override;
    lists.tokens = override;
    lists.operations = [...new Set([...override, ...RESOURCE_VERSIONS])];
  }
  const sets = {} as Record<ApiFamily, ReadonlySet<string>>;
  for (const family of Object.keys(lists) as ApiFamily[]) sets[family] = new Set(lists[family]);
  return sets;
}

/** 400 InvalidApiVersionParameter naming the versions of the family when `apiVersion` is not one of them. */
export function checkApiVersion(accepted: ReadonlySet<string>, apiVersion: string): void {
  if (!accepted.has(apiVersion)) throw invalidApiVersion(apiVersion, accepted);
}
