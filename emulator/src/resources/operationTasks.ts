/** How each kind of asynchronous operation finishes: the resource side of arm/asyncOperations.ts. */

import type { TaskRunner } from "../arm/asyncOperations.js";
import type { Store } from "../state/store.js";
import { settleResourceGroupDelete } from "../arm/resourceGroups.js";
import { settleResource } from "./lifecycle.js";
import { generateCredentials } from "./tokens.js";

export function operationTaskRunner(store: Store): TaskRunner {
  return (operation, status) => {
    const task = operation.task;
    switch (task.kind) {
      case "write":
      case "delete":
        settleResource(store, operation, status);
        return undefined;
      case "generateCredentials":
        // The passwords are made when the operation ends, so a failed or canceled one changes nothing.
        return status === "Succeeded" ? generateCredentials(store, task) : undefined;
      case "importImage":
        // Images are not modelled; the import only goes through the operation protocol.
        return undefined;
      case "deleteResourceGroup":
        settleResourceGroupDelete(store, operation, status);
        return undefined;
    }
  };
}
