/**
 * The task helpers' logger (`@azure/logger`, namespace "acr-tokens"). Lines name
 * resources and operations only; credential values are never passed to it.
 */

import { createClientLogger } from "@azure/logger";

export const logger = createClientLogger("acr-tokens");
