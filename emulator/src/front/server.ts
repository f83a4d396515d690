/**
 * The HTTPS front: request log, fault injection, authentication, api-version
 * check, routing, and writing replies with the headers ARM sends. Control
 * calls under /_emulator skip all of it except routing.
 */

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { TlsMaterial } from "./certificate.js";
import { BodyTooLarge, readBody } from "./http.js";
import { CONTROL_PREFIX, handleControl, type ControlTarget } from "./controlEndpoint.js";
import {
  ArmError,
  authenticationFailed,
  bodyTooLarge,
  codeForStatus,
  internalError,
  methodNotAllowed,
  missingApiVersion,
  noSuchOperation,
  tooManyRequests,
} from "../errors.js";
import { checkApiVersion } from "../arm/apiVersions.js";
import { checkResourceGroup } from "../arm/resourceGroups.js";
import { requestKind, subscriptionOf, type SubscriptionThrottle } from "../arm/throttling.js";
import type { FaultController, FaultEffect } from "./faults.js";
import { checkPathParameters } from "../arm/nameRules.js";
import { jsonReply, type Reply } from "./reply.js";
import type { RequestLog, RequestRecord } from "./requestLog.js";
import type { ApiRequest, RouteMatch, Router } from "./router.js";
import type { Runtime } from "../runtime.js";
import { parseJsonBody } from "../resources/validation.js";

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ServerParts {
  runtime: Runtime;
  router: Router;
  faults: FaultController;
  log: RequestLog;
  control: ControlTarget;
  /** The emulator's own https://host:port, the base of every link it hands out (never the Host header). */
  endpoint: () => string;
  /** ARM's subscription throttling (off unless configured). */
  throttle: SubscriptionThrottle;
}

export interface ApiServer {
  server: Server;
  /** Resolves once every request being handled now has been answered. */
  settled(): Promise<void>;
  /** Ends fault delays early (for close). */
  abortDelays(): void;
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  if (response.destroyed || response.headersSent) return;
  const headers: Record<string, string | number> = {
    "x-ms-request-id": randomUUID(),
    ...reply.headers,
  };
  const clientRequestId = request.headers["x-ms-client-request-id"];
  if (typeof clientRequestId === "string") headers["x-ms-client-request-id"] = clientRequestId;
  const correlationId = request.headers["x-ms-correlation-request-id"];
  headers["x-ms-correlation-request-id"] = typeof correlationId === "string" ? correlationId : (headers["x-ms-request-id"] as string);
  if (reply.body === undefined) {
    headers["Content-Length"] = 0;
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["Content-Type"] = "application/json; charset=utf-8";
  headers["Content-Length"] = Buffer.byteLength(text);
  response.writeHead(reply.status, headers);
  response.end(text);
}

function errorReply(error: unknown): Reply {
  if (error instanceof BodyTooLarge) error = bodyTooLarge(MAX_BODY_BYTES);
  if (error instanceof ArmError) return jsonReply(error.status, error.toBody(), { ...error.headers });
  process.stderr.write(`ACR emulator: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return jsonReply(500, internalError(`Unexpected emulator error: ${(error as Error).message}`).toBody());
}

export function createApiServer(tls: TlsMaterial, parts: ServerParts): ApiServer {
  const { runtime, router, faults, log, control } = parts;
  const { settings } = runtime;

  const authenticate = (request: IncomingMessage): void => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw authenticationFailed("Authentication failed. The 'Authorization' header is missing or is not in the 'Bearer <token>' format.");
    }
    if (settings.acceptToken !== undefined && !settings.acceptToken(token)) {
      throw authenticationFailed("Authentication failed. The access token is not valid.");
    }
  };

  const route = async (request: IncomingMessage, method: string, pathname: string, query: URLSearchParams, body: Buffer, match: RouteMatch): Promise<Reply> => {
    const apiVersion = query.get("api-version");
    if (apiVersion === null || apiVersion === "") throw missingApiVersion();
    if (match.kind === "none") throw noSuchOperation(method, pathname);
    if (match.kind === "wrongMethod") throw methodNotAllowed(method, match.allowed);
    checkApiVersion(settings.apiVersions[match.route.family ?? "registries"], apiVersion);
    checkPathParameters(match.params);
    if (match.route.guardsResourceGroup !== true) checkResourceGroup(runtime, method, match.params);
    let parsed: { value: unknown } | undefined;
    const apiRequest: ApiRequest = {
      method,
      pathname,
      query,
      apiVersion,
      baseUrl: parts.endpoint(),
      params: match.params,
      headers: request.headers,
      hasBody: body.length > 0,
      json: () => (parsed ??= { value: parseJsonBody(body) }).value,
    };
    return match.route.handler(apiRequest);
  };

  const dispatch = async (request: IncomingMessage, method: string, pathname: string, search: string, body: Buffer): Promise<Reply> => {
    const match = router.match(method, pathname);
    if (!(match.kind === "found" && match.route.anonymous === true)) authenticate(request);
    const subscriptionId = subscriptionOf(pathname);
    const admission = subscriptionId === undefined ? undefined : parts.throttle.admit(subscriptionId, method);
    let reply: Reply;
    try {
      if (admission?.retryAfterSeconds !== undefined) throw tooManyRequests(requestKind(method), subscriptionId!, admission.retryAfterSeconds);
      reply = await route(request, method, pathname, new URLSearchParams(search), body, match);
    } catch (error) {
      reply = errorReply(error);
    }
    // ARM names what is left of the request's kind on every answer to a subscription's request.
    return admission === undefined ? reply : { ...reply, headers: { ...reply.headers, [admission.header]: String(admission.remaining) } };
  };

  /** Returns true when the fault already answered (or dropped) the request. */
  const applyFault = async (fault: FaultEffect, request: IncomingMessage, response: ServerResponse, record: RequestRecord): Promise<boolean> => {
    record.fault = fault.kind;
    switch (fault.kind) {
      case "drop":
        request.socket.destroy();
        return true;
      case "delay":
        // Timers, not work: a long delay holds only this request, and close() ends it.
        await sleep(fault.ms, undefined, { signal: delays.signal }).catch(() => undefined);
        if (delays.signal.aborted) {
          request.socket.destroy();
          return true;
        }
        return false;
      case "malformed": {
        const text = '{"value":[{"id":"/subscriptions/';
        record.status = fault.status ?? 200;
        response.writeHead(record.status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
        response.end(text);
        return true;
      }
      case "status": {
        const code = fault.code ?? codeForStatus(fault.status);
        const message = fault.message ?? `Injected fault: HTTP ${fault.status}.`;
        const headers = fault.retryAfter === undefined ? undefined : { "Retry-After": String(fault.retryAfter) };
        record.status = fault.status;
        send(request, response, jsonReply(fault.status, { error: { code, message } }, headers));
        return true;
      }
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = (request.method ?? "GET").toUpperCase();
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const pathname = queryStart < 0 ? url : url.slice(0, queryStart);
    const search = queryStart < 0 ? "" : url.slice(queryStart + 1);

    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      try {
        const body = await readBody(request, MAX_BODY_BYTES);
        send(request, response, await handleControl(control, method, pathname, new URLSearchParams(search), body));
      } catch (error) {
        send(request, response, errorReply(error));
      }
      return;
    }

    const record = log.add(method, pathname, search);
    let reply: Reply;
    try {
      const body = await readBody(request, MAX_BODY_BYTES);
      const fault = faults.takeRequestFault(method, pathname);
      if (fault !== undefined && (await applyFault(fault, request, response, record))) {
        settings.log?.(`${method} ${url} -> ${record.status || "dropped"} [fault ${fault.kind}]`);
        return;
      }
      reply = await dispatch(request, method, pathname, search, body);
    } catch (error) {
      reply = errorReply(error);
    }
    record.status = reply.status;
    send(request, response, reply);
    settings.log?.(`${method} ${url} -> ${reply.status} (${(performance.now() - started).toFixed(1)} ms)`);
  };

  const inFlight = new Set<Promise<void>>();
  const delays = new AbortController();
  const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    const handling = handle(request, response).catch((error: unknown) => {
      process.stderr.write(`ACR emulator: failed to answer: ${(error as Error).message}\n`);
      response.destroy();
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });
  // Keep idle connections open long enough for clients that reuse them between polls.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  return {
    server,
    settled: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    abortDelays: () => delays.abort(),
  };
}
