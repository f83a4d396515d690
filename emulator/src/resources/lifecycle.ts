/**
 * The write and delete protocol shared by registries, scope maps and tokens:
 * either finish at once (200/201 with provisioningState Succeeded, DELETE
 * 200), or store the record in a transitional state and start an operation
 * that settles it (201 + Azure-AsyncOperation, DELETE 202 + Location).
 *
 * The operation id is stored on the record so a late completion can tell
 * whether the record it was started for is still there. Records are found by
 * name each time, so an operation resumed after a restart finds them too.
 */

import type { OperationPlan } from "../arm/asyncOperations.js";
import { checkConditions, etagOf } from "../arm/conditions.js";
import { now } from "../arm/guards.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import type { ApiRequest } from "../front/router.js";
import type { Runtime } from "../runtime.js";
import type { FinalStatus, OperationData, ProvisioningState, RegistryData, ResourceRef, ScopeMapData, TokenData } from "../state/records.js";
import type { Store } from "../state/store.js";
import { registryResource, scopeMapResource, tokenResource } from "./representation.js";

export interface Provisioned {
  provisioningState: ProvisioningState;
  pendingOperation?: string;
  lastModifiedAt: string;
}

interface ResourceSlot {
  /** The record stored under this name right now. */
  current(): Provisioned | undefined;
  put(record: Provisioned): void;
  remove(): void;
  render(record: Provisioned): unknown;
}

/** Where the resource `ref` names is kept, looked up anew on every call. */
function slotOf(store: Store, ref: ResourceRef): ResourceSlot {
  const registry = () => store.registry(ref.registry);
  if ("scopeMap" in ref) {
    return {
      current: () => registry()?.scopeMaps.get(ref.scopeMap),
      put: (record) => withRegistry(registry(), (entry) => store.putScopeMap(entry, record as ScopeMapData)),
      remove: () => withRegistry(registry(), (entry) => store.deleteScopeMap(entry, ref.scopeMap)),
      render: (record) => scopeMapResource(registry()!.data, record as ScopeMapData),
    };
  }
  if ("token" in ref) {
    return {
      current: () => registry()?.tokens.get(ref.token),
      put: (record) => withRegistry(registry(), (entry) => store.putToken(entry, record as TokenData)),
      remove: () => withRegistry(registry(), (entry) => store.deleteToken(entry, ref.token)),
      render: (record) => tokenResource(registry()!, record as TokenData),
    };
  }
  return {
    current: () => registry()?.data,
    put: (record) => void store.putRegistry(record as RegistryData),
    remove: () => withRegistry(registry(), (entry) => store.deleteRegistry(entry)),
    render: (record) => registryResource(record as RegistryData),
  };
}

function withRegistry<T>(entry: T | undefined, action: (entry: T) => void): void {
  if (entry !== undefined) action(entry);
}

function withoutOperation<T extends Provisioned>(record: T): T {
  const { pendingOperation: _done, ...rest } = record;
  return rest as T;
}

/**
 * PUT or PATCH: checks If-Match / If-None-Match against the record there now, stores `record`
 * and answers with its ETag. `onStored` runs once, right after the first store.
 */
export async function writeResource(
  runtime: Runtime,
  request: ApiRequest,
  ref: ResourceRef,
  location: string,
  record: Provisioned,
  created: boolean,
  onStored: () => void = () => undefined,
): Promise<Reply> {
  const { operations } = runtime;
  const slot = slotOf(runtime.store, ref);
  checkConditions(request, slot.current());
  const plan: OperationPlan = operations.plan(request);
  if (!plan.async) {
    const stored = withoutOperation({ ...record, provisioningState: "Succeeded" as const });
    slot.put(stored);
    onStored();
    await runtime.commit();
    return jsonReply(created ? 201 : 200, slot.render(stored), { ETag: etagOf(stored) });
  }
  const operation = operations.start(request, plan, "status", location, { kind: "write", resource: ref });
  const pending = { ...record, provisioningState: created ? ("Creating" as const) : ("Updating" as const), pendingOperation: operation.id };
  slot.put(pending);
  onStored();
  await runtime.commit();
  const reply = operations.acceptedResource(operation, request, slot.render(pending));
  return { ...reply, headers: { ...reply.headers, ETag: etagOf(pending) } };
}

/** DELETE of an existing record. A failed delete leaves it Failed; a canceled one as it was. */
export async function deleteResource(runtime: Runtime, request: ApiRequest, ref: ResourceRef, location: string, record: Provisioned): Promise<Reply> {
  const { operations } = runtime;
  const slot = slotOf(runtime.store, ref);
  const plan = operations.plan(request);
  if (!plan.async) {
    slot.remove();
    await runtime.commit();
    return emptyReply(200);
  }
  const operation = operations.start(request, plan, "result", location, { kind: "delete", resource: ref, previousState: record.provisioningState });
  slot.put({ ...record, provisioningState: "Deleting", pendingOperation: operation.id });
  await runtime.commit();
  return operations.accepted(operation, request);
}

/** Finishes a write or delete operation on the record it was started for, if that is still there. */
export function settleResource(store: Store, operation: OperationData, status: FinalStatus): void {
  const task = operation.task;
  if (task.kind !== "write" && task.kind !== "delete") return;
  const slot = slotOf(store, task.resource);
  const current = slot.current();
  if (current?.pendingOperation !== operation.id) return;
  if (task.kind === "write") {
    slot.put(withoutOperation({ ...current, provisioningState: status, lastModifiedAt: now() }));
  } else if (status === "Succeeded") {
    slot.remove();
  } else {
    slot.put(withoutOperation({ ...current, provisioningState: status === "Failed" ? "Failed" : task.previousState }));
  }
}
