/**
 * The resource provider as ARM describes it: `GET /subscriptions/{id}/providers/Microsoft.ContainerRegistry`
 * (always Registered: the emulator serves every subscription), `POST .../register`, and
 * `GET /subscriptions/{id}/providers` listing it. Resource types carry the api-versions the
 * emulator accepts for them (newest first, as ARM lists them) and the locations it offers.
 */

import type { Settings } from "../config.js";
import { jsonReply } from "../front/reply.js";
import { inFamily, route, type ApiRequest, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { ApiFamily } from "./apiVersions.js";
import { param } from "./guards.js";
import { fillPath, PROVIDER, PROVIDER_PATH, SUBSCRIPTION_PATH } from "./paths.js";

/** Locations offered for registries (any location is accepted on create, as long as it is a string). */
export const LOCATIONS: readonly string[] = [
  "East US",
  "East US 2",
  "West US",
  "West US 2",
  "West US 3",
  "Central US",
  "North Europe",
  "West Europe",
  "UK South",
  "Germany West Central",
  "Sweden Central",
  "Japan East",
  "Southeast Asia",
  "Australia East",
  "Brazil South",
  "Canada Central",
];

const RESOURCE_TYPES: readonly { resourceType: string; family: ApiFamily; located: boolean }[] = [
  { resourceType: "registries", family: "registries", located: true },
  { resourceType: "registries/scopeMaps", family: "tokens", located: true },
  { resourceType: "registries/tokens", family: "tokens", located: true },
  { resourceType: "registries/generateCredentials", family: "tokens", located: true },
  { resourceType: "checkNameAvailability", family: "registries", located: false },
  { resourceType: "locations/operationResults", family: "operations", located: true },
  { resourceType: "operations", family: "registries", located: false },
];

function providerResource(settings: Settings, subscriptionId: string): Record<string, unknown> {
  return {
    id: `${fillPath(SUBSCRIPTION_PATH, { subscriptionId })}/providers/${PROVIDER}`,
    namespace: PROVIDER,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: RESOURCE_TYPES.map(({ resourceType, family, located }) => ({
      resourceType,
      locations: located ? [...LOCATIONS] : [],
      apiVersions: [...settings.apiVersions[family]].sort().reverse(),
      capabilities: resourceType === "registries" ? "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity" : "None",
    })),
  };
}

export function providerRoutes(runtime: Runtime): Route[] {
  const describe = (request: ApiRequest) => jsonReply(200, providerResource(runtime.settings, param(request, "subscriptionId")));
  return inFamily("resources", [
    route("GET", PROVIDER_PATH, describe),
    route("POST", `${PROVIDER_PATH}/register`, describe),
    route("GET", `${SUBSCRIPTION_PATH}/providers`, (request) => jsonReply(200, { value: [providerResource(runtime.settings, param(request, "subscriptionId"))] })),
  ]);
}
