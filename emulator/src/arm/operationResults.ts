/** GET on the URLs handed out in Azure-AsyncOperation and Location headers. */

import { operationNotFound } from "../errors.js";
import { inFamily, route, type Route } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import { param } from "./guards.js";
import { OPERATION_PATH } from "./paths.js";

export function operationRoutes(runtime: Runtime): Route[] {
  return inFamily("operations", [
    route("GET", OPERATION_PATH, (request) => {
      const operation = runtime.operations.find(param(request, "subscriptionId"), param(request, "operationId"));
      if (operation === undefined) throw operationNotFound(param(request, "operationId"));
      return runtime.operations.poll(operation, request);
    }),
  ]);
}
