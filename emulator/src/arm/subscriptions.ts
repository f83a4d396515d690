/**
 * Subscriptions and tenants as ARM lists them. The emulator serves any subscription id; the
 * list holds DEFAULT_SUBSCRIPTION_ID and every subscription that has a resource group or a
 * registry, all in the emulator's one tenant (the `tid` of its identity endpoint's tokens).
 */

import { jsonReply } from "../front/reply.js";
import { inFamily, route, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import { param } from "./guards.js";
import { fillPath, SUBSCRIPTION_PATH, SUBSCRIPTIONS_PATH, TENANTS_PATH } from "./paths.js";

/** The subscription `GET /subscriptions` always lists (the one the samples use). */
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
/** The emulator's tenant. */
export const TENANT_ID = "0e1a7000-0000-4000-8000-00000000e001";

function subscriptionResource(subscriptionId: string): Record<string, unknown> {
  const id = subscriptionId.toLowerCase();
  return {
    id: fillPath(SUBSCRIPTION_PATH, { subscriptionId: id }),
    subscriptionId: id,
    tenantId: TENANT_ID,
    displayName: id === DEFAULT_SUBSCRIPTION_ID ? "ACR emulator" : `ACR emulator ${id}`,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
    authorizationSource: "RoleBased",
    managedByTenants: [],
    tags: {},
  };
}

export function subscriptionRoutes(runtime: Runtime): Route[] {
  return inFamily("subscriptions", [
    route("GET", SUBSCRIPTIONS_PATH, () => {
      const ids = [DEFAULT_SUBSCRIPTION_ID, ...[...runtime.store.subscriptionsInUse()].filter((id) => id !== DEFAULT_SUBSCRIPTION_ID).sort()];
      return jsonReply(200, { value: ids.map(subscriptionResource) });
    }),
    route("GET", SUBSCRIPTION_PATH, (request) => jsonReply(200, subscriptionResource(param(request, "subscriptionId")))),
    route("GET", TENANTS_PATH, () =>
      jsonReply(200, { value: [{ id: `${TENANTS_PATH}/${TENANT_ID}`, tenantId: TENANT_ID, tenantCategory: "Home", displayName: "ACR emulator" }] }),
    ),
  ]);
}
