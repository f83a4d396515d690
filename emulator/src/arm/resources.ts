/**
 * ARM's generic resource list (Microsoft.Resources): `GET /subscriptions/{id}/resources` and
 * `.../resourceGroups/{rg}/resources`, with `$filter` (see resourceFilter.ts), `$top` (items per
 * page) and `nextLink`. It lists the tracked resources ARM knows of: the registries (scope maps
 * and tokens are child resources, which ARM does not list here).
 */

import { badRequest } from "../errors.js";
import type { Reply } from "../front/reply.js";
import type { ApiRequest, Route } from "../front/router.js";
import { inFamily, route } from "../front/router.js";
import { registryId } from "../resources/representation.js";
import type { Runtime } from "../runtime.js";
import type { RegistryData } from "../state/records.js";
import { param } from "./guards.js";
import { listReply } from "./paging.js";
import { GROUP_RESOURCES_PATH, REGISTRY_TYPE, SUBSCRIPTION_RESOURCES_PATH } from "./paths.js";
import { parseResourceFilter } from "./resourceFilter.js";

function genericResource(data: RegistryData): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    id: registryId(data),
    name: data.name,
    type: REGISTRY_TYPE,
    sku: { name: data.sku, tier: data.sku },
    location: data.location,
    tags: data.tags ?? {},
  };
  if (data.identity !== undefined) resource["identity"] = data.identity;
  return resource;
}

function pageSize(request: ApiRequest, fallback: number): number {
  const top = request.query.get("$top");
  if (top === null || top === "") return fallback;
  const value = Number(top);
  if (!Number.isInteger(value) || value < 1) throw badRequest(`The value '${top}' of $top must be a positive integer.`, "$top");
  return value;
}

export function resourceListRoutes(runtime: Runtime): Route[] {
  const list = (request: ApiRequest): Reply => {
    const matches = parseResourceFilter(request.query.get("$filter"));
    const group = request.params["resourceGroupName"];
    const registries = (function* () {
      for (const entry of runtime.store.registriesIn(param(request, "subscriptionId"), group)) {
        const data = entry.data;
        if (matches({ type: REGISTRY_TYPE, name: data.name, location: data.location, resourceGroup: data.resourceGroupName, tags: data.tags ?? {} })) {
          yield data;
        }
      }
    })();
    return listReply(request, registries, pageSize(request, runtime.settings.pageSize), genericResource);
  };
  return inFamily("resources", [route("GET", SUBSCRIPTION_RESOURCES_PATH, list), route("GET", GROUP_RESOURCES_PATH, list)]);
}
