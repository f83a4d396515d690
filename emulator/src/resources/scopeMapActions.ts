/**
 * Grammar of scope map actions as ACR accepts them:
 *   repositories/<repository>/content/{read,write,delete}
 *   repositories/<repository>/metadata/{read,write}
 *   gateway/<connected registry>/{config,message}/{read,write}
 * A repository is lower-case path components ("samples/hello-world"), "*",
 * or a prefix ending in "/*".
 */

import { invalidContent } from "../errors.js";

export const MAX_ACTIONS = 500;

const COMPONENT = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
const REPOSITORY = `(?:\\*|${COMPONENT}(?:/${COMPONENT})*(?:/\\*)?)`;
const REPOSITORY_ACTION = new RegExp(`^repositories/${REPOSITORY}/(?:content/(?:read|write|delete)|metadata/(?:read|write))$`);
// A gateway is a connected registry: its name follows that resource's rule (5-50 letters and digits).
const GATEWAY_ACTION = /^gateway\/[a-zA-Z0-9]{5,50}\/(?:config|message)\/(?:read|write)$/;

export function isValidAction(action: string): boolean {
  return REPOSITORY_ACTION.test(action) || GATEWAY_ACTION.test(action);
}

/** Checks `properties.actions`; the error names the first bad action. */
export function checkActions(actions: readonly string[], where: string): void {
  if (actions.length === 0) throw invalidContent(`'${where}' must contain at least one action.`, where);
  if (actions.length > MAX_ACTIONS) {
    throw invalidContent(`'${where}' has ${actions.length} actions; a scope map allows at most ${MAX_ACTIONS}.`, where);
  }
  actions.forEach((action, index) => {
    if (!isValidAction(action)) {
      throw invalidContent(
        `The action '${action}' at ${where}[${index}] is not valid. Use repositories/<repository>/content/<read|write|delete>, ` +
          `repositories/<repository>/metadata/<read|write> or gateway/<connected registry>/<config|message>/<read|write>.`,
        `${where}[${index}]`,
      );
    }
  });
}
