/**
 * Fault injection. Request faults act before authentication, like trouble in
 * a gateway: an error status, a dropped connection, a delay, or a body that
 * is not JSON. Operation outcomes make the next matching asynchronous
 * operation end Failed or Canceled instead of Succeeded.
 */

import { matcherFromJson, matcherToJson, matchesRequest, type RequestMatcher } from "./requestMatcher.js";

export type FaultEffect =
  /** Answer with this status and an ARM error body (plus Retry-After when given). */
  | { kind: "status"; status: number; retryAfter?: number; code?: string; message?: string }
  /** Destroy the connection without answering. */
  | { kind: "drop" }
  /** Wait, then handle the request normally. */
  | { kind: "delay"; ms: number }
  /** Answer with a truncated JSON body (status 200 unless given). */
  | { kind: "malformed"; status?: number };

export type FaultRule = RequestMatcher & {
  /** How many matching requests it affects; unlimited until removed when absent. */
  count?: number;
} & FaultEffect;

export interface OperationOutcomeRule extends RequestMatcher {
  status: "Failed" | "Canceled";
  /** Error code reported by the operation; defaults to OperationFailed / OperationCanceled. */
  code?: string;
  message?: string;
  /** Status of the final poll of Location-style operations (DELETE, POST); default 500. */
  httpStatus?: number;
  /** How many operations it affects; default 1. */
  count?: number;
}

export interface OperationOutcome {
  status: "Failed" | "Canceled";
  code: string;
  message: string;
  httpStatus: number;
}

export interface ActiveFault {
  id: string;
  type: "request" | "operationOutcome";
  /** Matching requests still affected; null means unlimited. */
  remaining: number | null;
  rule: Record<string, unknown>;
}

/** Public control surface (`emulator.faults`). */
export interface Faults {
  add(rule: FaultRule): string;
  failNextOperation(rule: OperationOutcomeRule): string;
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFault[];
}

interface Armed<T> {
  id: string;
  matcher: RequestMatcher;
  remaining: number;
  value: T;
}

function checkCount(count: number | undefined, fallback: number): number {
  if (count === undefined) return fallback;
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`count must be a positive integer, got ${String(count)}`);
  return count;
}

function checkStatus(status: unknown, name: string): number {
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`${name} must be an HTTP status code, got ${String(status)}`);
  }
  return status;
}

function normaliseEffect(rule: FaultEffect): FaultEffect {
  switch (rule.kind) {
    case "status": {
      const effect: FaultEffect = { kind: "status", status: checkStatus(rule.status, "status") };
      if (rule.retryAfter !== undefined) {
        if (!Number.isInteger(rule.retryAfter) || rule.retryAfter < 0) throw new TypeError("retryAfter must be a non-negative integer (seconds)");
        effect.retryAfter = rule.retryAfter;
      }
      if (rule.code !== undefined) effect.code = String(rule.code);
      if (rule.message !== undefined) effect.message = String(rule.message);
      return effect;
    }
    case "drop":
      return { kind: "drop" };
    case "delay":
      if (typeof rule.ms !== "number" || !Number.isFinite(rule.ms) || rule.ms < 0) throw new TypeError("delay ms must be a non-negative number");
      return { kind: "delay", ms: rule.ms };
    case "malformed":
      return rule.status === undefined ? { kind: "malformed" } : { kind: "malformed", status: checkStatus(rule.status, "status") };
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify((rule as { kind?: unknown }).kind)}; use status, drop, delay or malformed`);
  }
}

export class FaultController implements Faults {
  private requestFaults: Armed<FaultEffect>[] = [];
  private outcomes: Armed<OperationOutcome>[] = [];
  private nextId = 1;

  add(rule: FaultRule): string {
    const effect = normaliseEffect(rule);
    const id = `fault-${this.nextId++}`;
    this.requestFaults.push({ id, matcher: { method: rule.method, path: rule.path }, remaining: checkCount(rule.count, Infinity), value: effect });
    return id;
  }

  failNextOperation(rule: OperationOutcomeRule): string {
    if (rule.status !== "Failed" && rule.status !== "Canceled") throw new TypeError('status must be "Failed" or "Canceled"');
    const outcome: OperationOutcome = {
      status: rule.status,
      code: rule.code ?? (rule.status === "Failed" ? "OperationFailed" : "OperationCanceled"),
      message: rule.message ?? (rule.status === "Failed" ? "The operation failed (injected by the emulator)." : "The operation was canceled (injected by the emulator)."),
      httpStatus: rule.httpStatus === undefined ? 500 : checkStatus(rule.httpStatus, "httpStatus"),
    };
    const id = `outcome-${this.nextId++}`;
    this.outcomes.push({ id, matcher: { method: rule.method, path: rule.path }, remaining: checkCount(rule.count, 1), value: outcome });
    return id;
  }

  remove(id: string): boolean {
    const before = this.requestFaults.length + this.outcomes.length;
    this.requestFaults = this.requestFaults.filter((fault) => fault.id !== id);
    this.outcomes = this.outcomes.filter((outcome) => outcome.id !== id);
    return this.requestFaults.length + this.outcomes.length < before;
  }

  clear(): void {
    this.requestFaults = [];
    this.outcomes = [];
  }

  list(): ActiveFault[] {
    const view = <T extends object>(type: ActiveFault["type"], armed: Armed<T>): ActiveFault => ({
      id: armed.id,
      type,
      remaining: armed.remaining === Infinity ? null : armed.remaining,
      rule: { ...matcherToJson(armed.matcher), ...armed.value },
    });
    return [...this.requestFaults.map((fault) => view("request", fault)), ...this.outcomes.map((outcome) => view("operationOutcome", outcome))];
  }

  /** @internal The fault for this request, if any; uses up one of its count. */
  takeRequestFault(method: string, path: string): FaultEffect | undefined {
    return take(this.requestFaults, method, path, (remaining) => (this.requestFaults = remaining));
  }

  /** @internal The outcome for an operation started by this request, if any. */
  takeOperationOutcome(method: string, path: string): OperationOutcome | undefined {
    return take(this.outcomes, method, path, (remaining) => (this.outcomes = remaining));
  }
}

function take<T>(list: Armed<T>[], method: string, path: string, replace: (remaining: Armed<T>[]) => void): T | undefined {
  if (list.length === 0) return undefined; // the common case costs nothing
  const armed = list.find((candidate) => matchesRequest(candidate.matcher, method, path));
  if (armed === undefined) return undefined;
  armed.remaining--;
  if (armed.remaining <= 0) replace(list.filter((candidate) => candidate !== armed));
  return armed.value;
}

/** Parses a request fault posted to the control endpoint. */
export function faultRuleFromJson(input: Record<string, unknown>): FaultRule {
  const matcher = matcherFromJson(input);
  const count = input["count"] === undefined ? undefined : Number(input["count"]);
  const effect = normaliseEffect(input as unknown as FaultEffect);
  return { ...matcher, ...(count === undefined ? {} : { count }), ...effect };
}

/** Parses an operation outcome posted to the control endpoint. */
export function outcomeRuleFromJson(input: Record<string, unknown>): OperationOutcomeRule {
  const matcher = matcherFromJson(input);
  const rule: OperationOutcomeRule = { ...matcher, status: input["status"] as OperationOutcomeRule["status"] };
  if (input["code"] !== undefined) rule.code = String(input["code"]);
  if (input["message"] !== undefined) rule.message = String(input["message"]);
  if (input["httpStatus"] !== undefined) rule.httpStatus = Number(input["httpStatus"]);
  if (input["count"] !== undefined) rule.count = Number(input["count"]);
  return rule;
}
