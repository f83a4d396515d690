/**
 * The write and delete protocol shared by registries, scope maps and tokens:
 * either finish at once (200/201 with provisioningState Succeeded, DELETE
 * 200), or store the record in a transitional state and start an operation
 * that settles it (201 + Azure-AsyncOperation, DELETE 202 + Location).
 *
 * The operation id is stored on the record so a late completion can tell
 * whether the record it was started for is still there.
 */

import type { FinalStatus } from "../arm/asyncOperations.js";
import { now } from "../arm/guards.js";
import type { ProvisioningState } from "../state/records.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import type { ApiRequest } from "../front/router.js";
import type { Runtime } from "../runtime.js";

export interface Provisioned {
  provisioningState: ProvisioningState;
  pendingOperation?: string;
  lastModifiedAt: string;
}

export interface ResourceSlot<T extends Provisioned> {
  /** Location used in operation URLs (the registry's). */
  location: string;
  /** The record stored under this name right now. */
  current(): T | undefined;
  put(record: T): void;
  remove(): void;
  render(record: T): unknown;
}

function withoutOperation<T extends Provisioned>(record: T): T {
  const { pendingOperation: _done, ...rest } = record;
  return rest as T;
}

/** PUT or PATCH: stores `record` and answers. `onStored` runs once, right after the first store. */
export async function writeResource<T extends Provisioned>(
  runtime: Runtime,
  request: ApiRequest,
  slot: ResourceSlot<T>,
  record: T,
  created: boolean,
  onStored: () => void = () => undefined,
): Promise<Reply> {
  const { operations } = runtime;
  const plan = operations.plan(request);
  if (!plan.async) {
    const stored = withoutOperation({ ...record, provisioningState: "Succeeded" });
    slot.put(stored);
    onStored();
    await runtime.commit();
    return jsonReply(created ? 201 : 200, slot.render(stored));
  }
  const operation = operations.start(request, plan, "status", slot.location, (status: FinalStatus) => {
    const current = slot.current();
    if (current?.pendingOperation !== operation.id) return undefined;
    slot.put(withoutOperation({ ...current, provisioningState: status, lastModifiedAt: now() }));
    return undefined;
  });
  const pending: T = { ...record, provisioningState: created ? "Creating" : "Updating", pendingOperation: operation.id };
  slot.put(pending);
  onStored();
  await runtime.commit();
  return operations.acceptedResource(operation, request, slot.render(pending));
}

/** DELETE of an existing record. A failed delete leaves it Failed; a canceled one as it was. */
export async function deleteResource<T extends Provisioned>(runtime: Runtime, request: ApiRequest, slot: ResourceSlot<T>, record: T): Promise<Reply> {
  const { operations } = runtime;
  const plan = operations.plan(request);
  if (!plan.async) {
    slot.remove();
    await runtime.commit();
    return emptyReply(200);
  }
  const previousState = record.provisioningState;
  const operation = operations.start(request, plan, "result", slot.location, (status: FinalStatus) => {
    const current = slot.current();
    if (current?.pendingOperation !== operation.id) return undefined;
    if (status === "Succeeded") slot.remove();
    else slot.put(withoutOperation({ ...current, provisioningState: status === "Failed" ? "Failed" : previousState }));
    return undefined;
  });
  slot.put({ ...record, provisioningState: "Deleting", pendingOperation: operation.id });
  await runtime.commit();
  return operations.accepted(operation, request);
}
