/**
 * Lookups and preconditions shared by the resource handlers: which registry a
 * request addresses, and whether a resource may change right now.
 */

import { conflict, parentNotFound, resourceNotFound } from "../errors.js";
import { BUSY_STATES, type ProvisioningState } from "../state/records.js";
import { REGISTRY_TYPE } from "./paths.js";
import type { ApiRequest } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { RegistryEntry } from "../state/store.js";

export function param(request: ApiRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route has no {${name}} parameter`);
  return value;
}

export function findRegistry(runtime: Runtime, request: ApiRequest): RegistryEntry | undefined {
  return runtime.store.registryIn(param(request, "subscriptionId"), param(request, "resourceGroupName"), param(request, "registryName"));
}

/** The registry the request is about; 404 ResourceNotFound when absent. */
export function requireRegistry(runtime: Runtime, request: ApiRequest): RegistryEntry {
  const entry = findRegistry(runtime, request);
  if (entry === undefined) throw resourceNotFound(REGISTRY_TYPE, param(request, "registryName"), param(request, "resourceGroupName"));
  return entry;
}

/** The registry holding the addressed child resource; 404 ParentResourceNotFound when absent. */
export function requireParentRegistry(runtime: Runtime, request: ApiRequest): RegistryEntry {
  const entry = findRegistry(runtime, request);
  if (entry === undefined) throw parentNotFound(param(request, "registryName"));
  return entry;
}

/** ARM refuses a change while another operation on the same resource is still running. */
export function assertNotBusy(state: ProvisioningState, description: string): void {
  if (BUSY_STATES.has(state)) {
    throw conflict(`${description} is in provisioning state '${state}'; wait for the running operation to finish and try again.`);
  }
}

/** Children cannot change while their registry is being deleted. */
export function assertRegistryNotDeleting(entry: RegistryEntry): void {
  if (entry.data.provisioningState === "Deleting") {
    throw conflict(`The registry '${entry.data.name}' is being deleted.`);
  }
}

export function now(): string {
  return new Date().toISOString();
}
