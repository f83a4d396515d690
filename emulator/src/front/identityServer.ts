/**
 * The plain-HTTP listener of the managed-identity endpoint (arm/identity.ts). Like App Service's
 * and IMDS's it is HTTP, not HTTPS, so credential libraries reach it without trusting the
 * emulator's certificate; it listens on the emulator's host only. Its requests are not in the
 * request log, and no token or secret is ever written to a log line.
 *
 * One per process: MSAL (under @azure/identity) reads IDENTITY_ENDPOINT and IDENTITY_HEADER once
 * per process and keeps using them. So every emulator of a process shares one listener, secret
 * and signing key; the listener closes with the last emulator, and the next one opens it again on
 * the same port when it can, so credentials made earlier in the process keep working.
 */

import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ArmError } from "../errors.js";
import { IDENTITY_PATH, IdentityIssuer } from "../arm/identity.js";
import { listen, readLimitedBody } from "./http.js";

const MAX_BODY_BYTES = 64 * 1024;

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  response.end(text);
}

function createIdentityServer(issuer: IdentityIssuer, log: (line: string) => void): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://identity");
    const method = (request.method ?? "GET").toUpperCase();
    void readLimitedBody(request, MAX_BODY_BYTES)
      .then((body) => {
        if (url.pathname.replace(/\/+$/, "").toLowerCase() !== IDENTITY_PATH.toLowerCase()) {
          reply(response, 404, { error: "not_found", error_description: `The identity endpoint is ${IDENTITY_PATH}.` });
        } else if (body === undefined) {
          reply(response, 413, { error: "invalid_request", error_description: `Bodies are limited to ${MAX_BODY_BYTES} bytes.` });
        } else {
          try {
            const answer = issuer.answer({ method, query: url.searchParams, headers: request.headers, body });
            reply(response, answer.status, answer.body);
          } catch (error) {
            if (!(error instanceof ArmError)) throw error;
            reply(response, error.status, { error: error.code, error_description: error.message });
          }
        }
        // The path only: the query names the resource, never a secret.
        log(`identity ${method} ${url.pathname} -> ${response.statusCode}`);
      })
      .catch(() => response.destroy());
  });
}

export interface IdentityLease {
  /** http://host:port/msi/token */
  readonly endpoint: string;
  readonly issuer: IdentityIssuer;
  /** This emulator is done with it; the listener closes when no emulator holds it. */
  release(): Promise<void>;
}

const issuer = new IdentityIssuer();
const loggers = new Set<(line: string) => void>();
let shared: { server: Server; endpoint: string; holders: number; port: number } | undefined;
let opening: Promise<void> | undefined;
/** Where the last listener was, to open the next one there. */
let lastPort = 0;

async function open(host: string, port: number | undefined): Promise<void> {
  const server = createIdentityServer(issuer, (line) => loggers.forEach((log) => log(line)));
  const wanted = port ?? lastPort;
  try {
    await listen(server, wanted, host);
  } catch (error) {
    // The port of the previous listener is taken now: any free one (a given port must be had).
    if (port !== undefined || wanted === 0) throw error;
    await listen(server, 0, host);
  }
  const bound = (server.address() as AddressInfo).port;
  lastPort = bound;
  const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  shared = { server, endpoint: `http://${shown}:${bound}${IDENTITY_PATH}`, holders: 0, port: bound };
}

/** The process's identity endpoint, opened on `host` (and `port`, when given) if no emulator holds it. */
export async function acquireIdentityEndpoint(host: string, port: number | undefined, log: ((line: string) => void) | undefined): Promise<IdentityLease> {
  while (opening !== undefined) await opening;
  if (shared === undefined) {
    opening = open(host, port === 0 ? undefined : port).finally(() => (opening = undefined));
    await opening;
  }
  const current = shared!;
  if (port !== undefined && port !== 0 && port !== current.port) {
    throw new Error(`identityPort ${port}: this process's identity endpoint already listens on port ${current.port}`);
  }
  current.holders++;
  if (log !== undefined) loggers.add(log);
  let released = false;
  return {
    endpoint: current.endpoint,
    issuer,
    release: async () => {
      if (released) return;
      released = true;
      if (log !== undefined) loggers.delete(log);
      if (--current.holders > 0) return;
      if (shared === current) shared = undefined;
      await new Promise<void>((resolve) => {
        current.server.close(() => resolve());
        current.server.closeAllConnections();
      });
    },
  };
}
