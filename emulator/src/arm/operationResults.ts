/** GET on the URLs handed out in Azure-AsyncOperation and Location headers. */

import { ArmError } from "../errors.js";
import { param } from "./guards.js";
import { route, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";

export function operationRoutes(runtime: Runtime): Route[] {
  return [
    route(
      "GET",
      "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/locations/{location}/operationResults/{operationId}",
      (request) => {
        const operation = runtime.operations.find(param(request, "subscriptionId"), param(request, "operationId"));
        if (operation === undefined) {
          throw new ArmError(404, "ResourceNotFound", `The operation '${param(request, "operationId")}' was not found.`);
        }
        return runtime.operations.poll(operation, request);
      },
    ),
  ];
}
