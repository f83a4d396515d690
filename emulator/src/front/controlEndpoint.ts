/**
 * The emulator's own endpoint under /_emulator: fault injection, the request
 * log, live settings and reset, for tests in other processes. It needs no
 * bearer token or api-version and its calls are not logged or faulted.
 *
 *   GET    /_emulator/health
 *   GET    /_emulator/faults                 list active faults and outcomes
 *   POST   /_emulator/faults                 add a request fault (FaultRule JSON) → 201 { id }
 *   DELETE /_emulator/faults                 remove all faults and outcomes
 *   DELETE /_emulator/faults/{id}            remove one
 *   POST   /_emulator/operation-outcomes     make the next matching async operation fail → 201 { id }
 *   GET    /_emulator/requests?limit=N       the request log (newest last)
 *   DELETE /_emulator/requests               clear the request log
 *   GET    /_emulator/settings               asyncDelayMs, pageSize, retryAfterSeconds
 *   PATCH  /_emulator/settings               change any of them
 *   GET    /_emulator/throttling             { enabled, reads, writes, deletes } (each { bucket, refillPerSecond })
 *   PUT    /_emulator/throttling             true | false | { reads?, writes?, deletes? }; buckets start full
 *   GET    /_emulator/state                  counts of registries, scope maps and tokens
 *   POST   /_emulator/reset                  drop all state, faults and the log
 */

import type { Throttling, ThrottlingOption } from "../arm/throttling.js";
import { checkNonNegativeInteger, checkPageSize, type Settings } from "../config.js";
import { faultRuleFromJson, outcomeRuleFromJson, type FaultController } from "./faults.js";
import { emptyReply, jsonReply, type Reply } from "./reply.js";
import type { RequestLog } from "./requestLog.js";
import type { StateCounts } from "../state/store.js";
import { isObject } from "../resources/validation.js";

export const CONTROL_PREFIX = "/_emulator";

export interface ControlTarget {
  faults: FaultController;
  log: RequestLog;
  settings: Settings;
  throttling: Throttling;
  counts(): StateCounts;
  reset(): Promise<void>;
}

function failure(status: number, message: string): Reply {
  return jsonReply(status, { error: { code: status === 404 ? "NotFound" : "BadRequest", message } });
}

function readObject(raw: Buffer): Record<string, unknown> {
  const value = JSON.parse(raw.length === 0 ? "{}" : raw.toString("utf8")) as unknown;
  if (!isObject(value)) throw new TypeError("the body must be a JSON object");
  return value;
}

function settingsView(settings: Settings): Record<string, number> {
  return { asyncDelayMs: settings.asyncDelayMs, pageSize: settings.pageSize, retryAfterSeconds: settings.retryAfterSeconds };
}

export async function handleControl(target: ControlTarget, method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
  const route = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, "") || "/";
  try {
    if (route === "/health" && method === "GET") return jsonReply(200, { status: "ok" });
    if (route === "/faults") {
      if (method === "GET") return jsonReply(200, { faults: target.faults.list() });
      if (method === "POST") return jsonReply(201, { id: target.faults.add(faultRuleFromJson(readObject(raw))) });
      if (method === "DELETE") {
        target.faults.clear();
        return emptyReply(204);
      }
    }
    if (route.startsWith("/faults/") && method === "DELETE") {
      const id = decodeURIComponent(route.slice("/faults/".length));
      return target.faults.remove(id) ? emptyReply(204) : failure(404, `No fault with id '${id}'.`);
    }
    if (route === "/operation-outcomes" && method === "POST") {
      return jsonReply(201, { id: target.faults.failNextOperation(outcomeRuleFromJson(readObject(raw))) });
    }
    if (route === "/requests") {
      if (method === "GET") {
        const limit = Number(query.get("limit") ?? Number.POSITIVE_INFINITY);
        const entries = target.log.entries;
        const requests = Number.isFinite(limit) && limit >= 0 ? entries.slice(Math.max(0, entries.length - limit)) : entries;
        return jsonReply(200, { total: target.log.total, count: entries.length, requests });
      }
      if (method === "DELETE") {
        target.log.clear();
        return emptyReply(204);
      }
    }
    if (route === "/settings") {
      if (method === "GET") return jsonReply(200, settingsView(target.settings));
      if (method === "PATCH") {
        const body = readObject(raw);
        // Validate everything before changing anything.
        const asyncDelayMs = body["asyncDelayMs"] === undefined ? undefined : checkNonNegativeInteger("asyncDelayMs", Number(body["asyncDelayMs"]));
        const pageSize = body["pageSize"] === undefined ? undefined : checkPageSize(Number(body["pageSize"]));
        const retryAfterSeconds =
          body["retryAfterSeconds"] === undefined ? undefined : checkNonNegativeInteger("retryAfterSeconds", Number(body["retryAfterSeconds"]));
        if (asyncDelayMs !== undefined) target.settings.asyncDelayMs = asyncDelayMs;
        if (pageSize !== undefined) target.settings.pageSize = pageSize;
        if (retryAfterSeconds !== undefined) target.settings.retryAfterSeconds = retryAfterSeconds;
        return jsonReply(200, settingsView(target.settings));
      }
    }
    if (route === "/throttling") {
      if (method === "PUT") target.throttling.set(JSON.parse(raw.length === 0 ? "true" : raw.toString("utf8")) as ThrottlingOption);
      if (method === "GET" || method === "PUT") {
        const current = target.throttling.get();
        return jsonReply(200, current === undefined ? { enabled: false } : { enabled: true, ...current });
      }
    }
    if (route === "/state" && method === "GET") return jsonReply(200, target.counts());
    if (route === "/reset" && method === "POST") {
      await target.reset();
      return emptyReply(204);
    }
    return failure(404, `No control operation ${method} ${path}.`);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError) return failure(400, error.message);
    throw error;
  }
}
