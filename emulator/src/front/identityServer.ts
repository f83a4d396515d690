/**
 * The plain-HTTP listener of the managed-identity endpoint (arm/identity.ts). Like App Service's
 * and IMDS's it is HTTP, not HTTPS, so credential libraries reach it without trusting the
 * emulator's certificate; it listens on the emulator's host only. Its requests are not in the
 * request log, and no token or secret is ever written to a log line.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ArmError } from "../errors.js";
import { IDENTITY_PATH, type IdentityIssuer } from "../arm/identity.js";

const MAX_BODY_BYTES = 64 * 1024;

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export function createIdentityServer(issuer: IdentityIssuer, log: ((line: string) => void) | undefined): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://identity");
    const method = (request.method ?? "GET").toUpperCase();
    void readBody(request)
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
        log?.(`identity ${method} ${url.pathname} -> ${response.statusCode}`);
      })
      .catch(() => response.destroy());
  });
}
