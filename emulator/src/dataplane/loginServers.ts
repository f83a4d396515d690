/**
 * One login server per registry: its own HTTPS port on the emulator's host
 * (loopback by default), the emulator's certificate, serving `/oauth2/token`
 * and the Registry API for that registry only. The port is kept in the
 * registry's record (`loginServer`), so with a dataDir a restart listens on
 * the same one when it can. A deleted registry's server closes.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { BodyTooLarge, readBody } from "../front/http.js";
import type { TlsMaterial } from "../front/certificate.js";
import type { RequestLog } from "../front/requestLog.js";
import type { JournalEntry } from "../state/store.js";
import type { DataPlaneShared, DataReply, DataRequest, LoginServerContext } from "./context.js";
import { firewallDenied, internalRegistryError, notFound, RegistryError, tooLarge } from "./errors.js";
import { clientAddress, firewallAllows } from "./firewall.js";
import { handleRegistryApi } from "./registryApi.js";
import { handleTokenRequest } from "./tokenEndpoint.js";
import { MAX_BLOB_BYTES } from "./uploads.js";

export interface LoginServerOptions {
  tls: TlsMaterial;
  /** Interface to listen on (the emulator's). */
  host: string;
  /** The host part of login server names, e.g. 127.0.0.1 or [::1]. */
  urlHost: string;
  log: RequestLog;
  /** A line per request (never credentials), when the emulator logs requests. */
  logLine: ((line: string) => void) | undefined;
}

interface Running {
  server: Server;
  loginServer: string;
  inFlight: Set<Promise<void>>;
}

function write(response: ServerResponse, reply: DataReply): void {
  if (response.destroyed || response.headersSent) return;
  const headers: Record<string, string | number> = { "Docker-Distribution-API-Version": "registry/2.0", ...reply.headers };
  let body: Buffer | undefined;
  if (reply.body !== undefined) {
    body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
    if (!Buffer.isBuffer(reply.body)) headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = body.length;
  } else if (headers["Content-Length"] === undefined && reply.status !== 204) {
    headers["Content-Length"] = 0;
  }
  response.writeHead(reply.status, headers);
  response.end(reply.omitBody === true ? undefined : body);
}

function errorReply(error: unknown): DataReply {
  if (error instanceof BodyTooLarge) error = tooLarge(MAX_BLOB_BYTES);
  if (!(error instanceof RegistryError)) {
    process.stderr.write(`ACR emulator: unexpected data plane error: ${(error as Error).stack ?? String(error)}\n`);
    error = internalRegistryError(`Unexpected emulator error: ${(error as Error).message}`);
  }
  const known = error as RegistryError;
  return { status: known.status, headers: { ...known.headers }, body: known.toBody() };
}

export class LoginServers {
  private readonly running = new Map<string, Running>();
  private readonly opening = new Map<string, Promise<string>>();

  constructor(
    private readonly shared: DataPlaneShared,
    private readonly options: LoginServerOptions,
  ) {}

  /** host:port of the registry's login server, opening it (on `preferredPort` when free) if it is not running. */
  open(registryName: string, preferred?: string): Promise<string> {
    const key = registryName.toLowerCase();
    const running = this.running.get(key);
    if (running !== undefined) return Promise.resolve(running.loginServer);
    let opening = this.opening.get(key);
    if (opening === undefined) {
      opening = this.listen(key, preferred).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  /** The login server of a registry whose server is running. */
  loginServer(registryName: string): string | undefined {
    return this.running.get(registryName.toLowerCase())?.loginServer;
  }

  /** Follows the store: a deleted registry's server closes and its content goes. */
  observe(entry: JournalEntry): void {
    if (entry.op === "deleteRegistry") void this.closeOne(entry.registry, true);
  }

  /** For a reset: every server closes and all content goes. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    await Promise.all([...this.running.keys()].map((key) => this.closeOne(key, true)));
    this.shared.uploads.drop();
    await this.shared.content.dropAll();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    await Promise.all([...this.running.keys()].map((key) => this.closeOne(key, false)));
    await this.shared.content.settled();
  }

  private async closeOne(key: string, dropContent: boolean): Promise<void> {
    const running = this.running.get(key);
    if (running !== undefined) {
      this.running.delete(key);
      const stopped = new Promise<void>((resolve) => running.server.close(() => resolve()));
      running.server.closeIdleConnections();
      while (running.inFlight.size > 0) await Promise.allSettled([...running.inFlight]);
      running.server.closeAllConnections();
      await stopped;
    }
    if (dropContent) {
      this.shared.uploads.drop(key);
      await this.shared.content.drop(key);
    }
  }

  private async listen(key: string, preferred: string | undefined): Promise<string> {
    const inFlight = new Set<Promise<void>>();
    const context = { ...this.shared, registry: key, loginServer: "" } as LoginServerContext;
    const server = createServer({ cert: this.options.tls.cert, key: this.options.tls.key }, (request, response) => {
      const handling = this.handle(context, request, response).catch(() => {
        response.destroy();
      });
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling));
    });
    server.keepAliveTimeout = 30_000;
    const preferredPort = preferred === undefined ? 0 : Number(/:(\d+)$/.exec(preferred)?.[1] ?? 0);
    const port = await this.bind(server, preferredPort).catch(() => this.bind(server, 0));
    context.loginServer = `${this.options.urlHost}:${port}`;
    this.running.set(key, { server, loginServer: context.loginServer, inFlight });
    return context.loginServer;
  }

  private bind(server: Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.options.host, () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  private async handle(context: LoginServerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", "https://login-server");
    const record = this.options.log.add(method, url.pathname, url.search.slice(1));
    let reply: DataReply;
    try {
      const body = await readBody(request, MAX_BLOB_BYTES);
      const address = clientAddress(request.socket.remoteAddress);
      const registry = context.store.registry(context.registry);
      if (registry !== undefined && !firewallAllows(registry.data.settings, address)) throw firewallDenied(address);
      const dataRequest: DataRequest = { method, pathname: url.pathname, query: url.searchParams, headers: request.headers, body, clientAddress: address };
      if (url.pathname === "/oauth2/token" && (method === "GET" || method === "POST")) reply = await handleTokenRequest(context, dataRequest);
      else if (url.pathname === "/v2" || url.pathname.startsWith("/v2/")) reply = await handleRegistryApi(context, dataRequest);
      else throw notFound(url.pathname);
    } catch (error) {
      reply = errorReply(error);
    }
    record.status = reply.status;
    write(response, reply);
    // The path and query only: credentials travel in headers and form bodies, never logged.
    this.options.logLine?.(`[${context.loginServer}] ${method} ${url.pathname}${url.search} -> ${reply.status} (${(performance.now() - started).toFixed(1)} ms)`);
  }
}
