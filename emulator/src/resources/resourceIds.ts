/**
 * Parsing the resource ids that request bodies carry (token scopeMapId,
 * generateCredentials tokenId). Like ARM, literal segments and names compare
 * case-insensitively.
 */

import { idPattern, REGISTRY_PATH } from "../arm/paths.js";
import { badRequest } from "../errors.js";
import { registryId } from "./representation.js";

const CHILD_ID = idPattern(`${REGISTRY_PATH}/{childType}/{name}`);
import type { RegistryEntry } from "../state/store.js";

/**
 * The name of a `scopeMaps` or `tokens` child of `entry` that `id` addresses.
 * 400 when `id` is not such an id or names a different registry.
 */
export function childNameInRegistry(entry: RegistryEntry, id: string, childType: "scopeMaps" | "tokens", where: string): string {
  const expectedPrefix = `${registryId(entry.data)}/${childType}/`.toLowerCase();
  const trimmed = id.replace(/\/+$/, "");
  const name = trimmed.slice(expectedPrefix.length);
  const match = CHILD_ID.exec(trimmed);
  if (match?.groups?.["childType"]?.toLowerCase() !== childType.toLowerCase()) {
    throw badRequest(
      `'${where}' must be a ${childType === "scopeMaps" ? "scope map" : "token"} resource id like ` +
        `${registryId(entry.data)}/${childType}/<name>, got '${id}'.`,
      where,
    );
  }
  if (!trimmed.toLowerCase().startsWith(expectedPrefix) || name === "" || name.includes("/")) {
    throw badRequest(`'${where}' must refer to the registry '${entry.data.name}' of this request, got '${id}'.`, where);
  }
  return name;
}
