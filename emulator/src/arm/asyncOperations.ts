/**
 * ARM long-running operations.
 *
 * PUT/PATCH answer 201 with an `Azure-AsyncOperation` URL whose GET reports
 * `{ status: "InProgress" | "Succeeded" | "Failed" | "Canceled" }`.
 * DELETE and POST answer 202 with a `Location` URL whose GET answers 202
 * while running and then the final result (or an error status). Both URLs are
 * OPERATION_PATH under the emulator's own endpoint, and the operation
 * remembers which style it was started with.
 *
 * Operations are records in the store, persisted with the resources, and what
 * finishing one does is plain data (its task), run by the resource layer. So
 * an operation that was running when the process stopped resumes on the next
 * start, and a client polling across the restart sees it finish.
 */

import { randomUUID } from "node:crypto";
import type { Settings } from "../config.js";
import { asArmError, resultNotKept } from "../errors.js";
import type { FaultController } from "../front/faults.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import type { ApiRequest } from "../front/router.js";
import { holdsSecrets, type FinalStatus, type OperationData, type OperationOutcome, type OperationStyle, type OperationTask } from "../state/records.js";
import type { Store } from "../state/store.js";
import { fillPath, OPERATION_PATH } from "./paths.js";

export interface OperationPlan {
  /** True when the caller must answer 201/202 and finish later. */
  async: boolean;
  /** Injected ending; undefined means Succeeded. */
  outcome: OperationOutcome | undefined;
}

/** Applies a task's effect for an operation ending with `status`; returns the final body of "result" operations. */
export type TaskRunner = (operation: OperationData, status: FinalStatus) => unknown;

/** Pause before finishing again an operation whose ending could not be saved. */
const RETRY_UNSAVED_MS = 200;

export class AsyncOperations {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private runTask: TaskRunner = () => undefined;

  constructor(
    private readonly settings: Settings,
    private readonly store: Store,
    private readonly faults: FaultController,
    private readonly commit: () => Promise<void>,
  ) {}

  /** The resource layer says how tasks are done (it is built after this). */
  setTaskRunner(runner: TaskRunner): void {
    this.runTask = runner;
  }

  /** Decides, at request time, whether the operation runs asynchronously and how it ends. */
  plan(request: ApiRequest): OperationPlan {
    const outcome = this.faults.takeOperationOutcome(request.method, request.pathname);
    // An injected outcome needs an operation to report it, so it forces the async path.
    return { async: this.settings.asyncDelayMs > 0 || outcome !== undefined, outcome };
  }

  /** Records a running operation (persisted with the caller's commit) and schedules its end. */
  start(request: ApiRequest, plan: OperationPlan, style: OperationStyle, location: string, task: OperationTask): OperationData {
    const operation: OperationData = {
      id: randomUUID(),
      subscriptionId: (request.params["subscriptionId"] ?? "").toLowerCase(),
      location: location.replace(/\s+/g, "").toLowerCase(),
      style,
      status: "InProgress",
      task,
      startTime: new Date().toISOString(),
      failureHttpStatus: plan.outcome?.httpStatus ?? 500,
    };
    if (plan.outcome !== undefined) operation.outcome = plan.outcome;
    this.store.putOperation(operation);
    this.schedule(operation.id, this.settings.asyncDelayMs);
    return operation;
  }

  /** After a start: operations that were running when the previous process stopped carry on. */
  resumeAll(): void {
    for (const operation of this.store.runningOperations()) this.schedule(operation.id, this.settings.asyncDelayMs);
  }

  find(subscriptionId: string, id: string): OperationData | undefined {
    const operation = this.store.operation(id);
    return operation?.subscriptionId === subscriptionId.toLowerCase() ? operation : undefined;
  }

  url(operation: OperationData, request: ApiRequest): string {
    return `${request.baseUrl}${operationPath(operation)}?api-version=${encodeURIComponent(request.apiVersion)}`;
  }

  /** Initial answer of an async PUT/PATCH: the resource as it is now, plus the status URL. */
  acceptedResource(operation: OperationData, request: ApiRequest, resource: unknown): Reply {
    return jsonReply(201, resource, { "Azure-AsyncOperation": this.url(operation, request), "Retry-After": this.retryAfter() });
  }

  /** Initial answer of an async DELETE/POST. */
  accepted(operation: OperationData, request: ApiRequest): Reply {
    return emptyReply(202, { Location: this.url(operation, request), "Retry-After": this.retryAfter() });
  }

  /** Answer to a GET on the operation URL. */
  poll(operation: OperationData, request: ApiRequest): Reply {
    if (operation.style === "status") {
      const body: Record<string, unknown> = {
        id: operationPath(operation),
        name: operation.id,
        status: operation.status,
        startTime: operation.startTime,
      };
      if (operation.endTime !== undefined) body["endTime"] = operation.endTime;
      if (operation.error !== undefined) body["error"] = operation.error;
      return jsonReply(200, body, operation.status === "InProgress" ? { "Retry-After": this.retryAfter() } : undefined);
    }
    switch (operation.status) {
      case "InProgress":
        return this.accepted(operation, request);
      case "Succeeded":
        if (operation.result === undefined && holdsSecrets(operation)) throw resultNotKept(operation.id);
        return operation.result === undefined ? emptyReply(204) : jsonReply(200, operation.result);
      default:
        return jsonReply(operation.failureHttpStatus, { error: operation.error });
    }
  }

  /** Forgets pending timers (reset drops the operations with them). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** For close: nothing more finishes in this process; a persisted operation resumes on the next start. */
  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }

  private retryAfter(): string {
    return String(this.settings.retryAfterSeconds);
  }

  private schedule(id: string, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.finish(id);
    }, delayMs);
    this.timers.add(timer);
  }

  private async finish(id: string): Promise<void> {
    const running = this.store.operation(id);
    // Gone when the write that started it was undone (never acknowledged) or after a reset.
    if (running === undefined || running.status !== "InProgress") return;
    const status: FinalStatus = running.outcome?.status ?? "Succeeded";
    const finished: OperationData = { ...running, status, endTime: new Date().toISOString() };
    try {
      const result = this.runTask(running, status);
      if (status === "Succeeded") {
        if (result !== undefined) finished.result = result;
      } else {
        finished.error = { code: running.outcome?.code ?? "OperationFailed", message: running.outcome?.message ?? "The operation failed." };
      }
    } catch (error) {
      // E.g. the token was deleted while its credentials were being generated.
      const armError = asArmError(error);
      finished.status = "Failed";
      finished.error = armError.toBody().error;
      finished.failureHttpStatus = armError.status;
    }
    this.store.putOperation(finished);
    try {
      await this.commit();
    } catch {
      // Not saved, so undone: on disk the operation still runs. Try again in a moment.
      this.schedule(id, RETRY_UNSAVED_MS);
    }
  }
}

function operationPath(operation: OperationData): string {
  return fillPath(OPERATION_PATH, { subscriptionId: operation.subscriptionId, location: operation.location, operationId: operation.id });
}
