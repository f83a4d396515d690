/**
 * ARM long-running operations.
 *
 * PUT/PATCH answer 201 with an `Azure-AsyncOperation` URL whose GET reports
 * `{ status: "InProgress" | "Succeeded" | "Failed" | "Canceled" }`.
 * DELETE and POST answer 202 with a `Location` URL whose GET answers 202
 * while running and then the final result (or an error status).
 * Both URLs have the form
 *   /subscriptions/{sub}/providers/Microsoft.ContainerRegistry/locations/{loc}/operationResults/{id}
 * and the operation remembers which style it was started with.
 *
 * An operation finishes after the configured delay: the handler's `complete`
 * callback applies the state change, the change is persisted, and only then
 * does the operation report its final status.
 */

import { randomUUID } from "node:crypto";
import type { Settings } from "../config.js";
import { ArmError, type ArmErrorDetail } from "../errors.js";
import type { FaultController, OperationOutcome } from "../front/faults.js";
import { emptyReply, jsonReply, type Reply } from "../front/reply.js";
import type { ApiRequest } from "../front/router.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";
export type FinalStatus = Exclude<OperationStatus, "InProgress">;

/** "status": polled through Azure-AsyncOperation; "result": polled through Location. */
export type OperationStyle = "status" | "result";

export interface OperationRecord {
  id: string;
  subscriptionId: string;
  location: string;
  style: OperationStyle;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: ArmErrorDetail;
  /** Status of the final Location poll when the operation did not succeed. */
  failureHttpStatus: number;
  /** Final body of a "result" operation; undefined gives 204. */
  result?: unknown;
}

export interface OperationPlan {
  /** True when the caller must answer 201/202 and finish later. */
  async: boolean;
  /** Injected ending; undefined means Succeeded. */
  outcome: OperationOutcome | undefined;
}

/** Applies the operation's effect; returns the final body of "result" operations. */
export type CompleteOperation = (status: FinalStatus) => unknown;

/** Finished operations kept for polling; the oldest are forgotten beyond this. */
const RETAINED_OPERATIONS = 100_000;

export class AsyncOperations {
  private readonly operations = new Map<string, OperationRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: Settings,
    private readonly faults: FaultController,
    private readonly commit: () => Promise<void>,
  ) {}

  /** Decides, at request time, whether the operation runs asynchronously and how it ends. */
  plan(request: ApiRequest): OperationPlan {
    const outcome = this.faults.takeOperationOutcome(request.method, request.pathname);
    // An injected outcome needs an operation to report it, so it forces the async path.
    return { async: this.settings.asyncDelayMs > 0 || outcome !== undefined, outcome };
  }

  start(request: ApiRequest, plan: OperationPlan, style: OperationStyle, location: string, complete: CompleteOperation): OperationRecord {
    const operation: OperationRecord = {
      id: randomUUID(),
      subscriptionId: (request.params["subscriptionId"] ?? "").toLowerCase(),
      location: location.replace(/\s+/g, "").toLowerCase(),
      style,
      status: "InProgress",
      startTime: new Date().toISOString(),
      failureHttpStatus: plan.outcome?.httpStatus ?? 500,
    };
    this.remember(operation);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.finish(operation, plan.outcome, complete);
    }, this.settings.asyncDelayMs);
    this.timers.add(timer);
    return operation;
  }

  find(subscriptionId: string, id: string): OperationRecord | undefined {
    const operation = this.operations.get(id.toLowerCase());
    return operation?.subscriptionId === subscriptionId.toLowerCase() ? operation : undefined;
  }

  url(operation: OperationRecord, request: ApiRequest): string {
    return (
      `${request.baseUrl}/subscriptions/${operation.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/` +
      `${operation.location}/operationResults/${operation.id}?api-version=${encodeURIComponent(request.apiVersion)}`
    );
  }

  /** Initial answer of an async PUT/PATCH: the resource as it is now, plus the status URL. */
  acceptedResource(operation: OperationRecord, request: ApiRequest, resource: unknown): Reply {
    return jsonReply(201, resource, { "Azure-AsyncOperation": this.url(operation, request), "Retry-After": this.retryAfter() });
  }

  /** Initial answer of an async DELETE/POST. */
  accepted(operation: OperationRecord, request: ApiRequest): Reply {
    return emptyReply(202, { Location: this.url(operation, request), "Retry-After": this.retryAfter() });
  }

  /** Answer to a GET on the operation URL. */
  poll(operation: OperationRecord, request: ApiRequest): Reply {
    if (operation.style === "status") {
      const body: Record<string, unknown> = {
        id: `/subscriptions/${operation.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/${operation.location}/operationResults/${operation.id}`,
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
        return operation.result === undefined ? emptyReply(204) : jsonReply(200, operation.result);
      default:
        return jsonReply(operation.failureHttpStatus, { error: operation.error });
    }
  }

  /** Stops pending timers (close/reset); their operations never finish. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  clear(): void {
    this.cancelAll();
    this.operations.clear();
  }

  private retryAfter(): string {
    return String(this.settings.retryAfterSeconds);
  }

  private remember(operation: OperationRecord): void {
    this.operations.set(operation.id, operation);
    if (this.operations.size > RETAINED_OPERATIONS) {
      for (const [id, old] of this.operations) {
        if (this.operations.size <= RETAINED_OPERATIONS) break;
        if (old.status !== "InProgress") this.operations.delete(id);
      }
    }
  }

  private async finish(operation: OperationRecord, outcome: OperationOutcome | undefined, complete: CompleteOperation): Promise<void> {
    const status: FinalStatus = outcome?.status ?? "Succeeded";
    try {
      const result = complete(status);
      await this.commit();
      if (status === "Succeeded") operation.result = result;
      else operation.error = { code: outcome?.code ?? "OperationFailed", message: outcome?.message ?? "The operation failed." };
      operation.status = status;
    } catch (error) {
      // E.g. the token was deleted while its credentials were being generated.
      operation.status = "Failed";
      const armError = error instanceof ArmError ? error : new ArmError(500, "InternalServerError", (error as Error).message);
      operation.error = armError.toBody().error;
      operation.failureHttpStatus = armError.status;
    }
    operation.endTime = new Date().toISOString();
  }
}
