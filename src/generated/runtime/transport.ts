// Copied from codegen/runtime/transport.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// The default transport: the request pipeline's HttpClient over node:https with one keep-alive agent
// per TLS setting. It does per request only what JSON over HTTPS needs (headers, a string body, the
// body read as text, gzip/deflate/br), which measurably shortens every call; anything else (plain
// http, streams, form data, progress callbacks, keep-alive off) goes to core's default client.
// A body is read up to maxResponseBytes (decompressed), so a gzip bomb cannot exhaust memory.
import { Agent, request as sendHttps, type RequestOptions } from "node:https";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { AbortError } from "@azure/abort-controller";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  RestError,
  type HttpClient,
  type HttpHeaders,
  type PipelineRequest,
  type PipelineResponse,
  type RawHttpHeaders,
  type TlsSettings,
} from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "./errorCodes.js";
import { requestTarget } from "./requestTarget.js";
import { InvalidParameterError } from "./validation.js";

/** How large an answer the client reads. */
export interface ResponseLimitOptions {
  /**
   * The most bytes an answer's body may have once decompressed; a larger one fails with `RestError`
   * code `ResponseTooLarge`. 64 MiB by default (the largest ARM list page is far smaller). Applies to
   * the default transport, not to an `httpClient` of your own.
   */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;
/** Above this a body cannot become one JavaScript string. */
const MAX_STRING_BYTES = 2 ** 29 - 24;

function responseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_STRING_BYTES) {
    throw new InvalidParameterError("options.maxResponseBytes", "range", `Parameter "options.maxResponseBytes" must be a whole number of bytes from 1 to ${MAX_STRING_BYTES}.`);
  }
  return value;
}

export function createJsonHttpClient(options: ResponseLimitOptions = {}): HttpClient {
  const maxBytes = responseLimit(options.maxResponseBytes);
  let fallback: HttpClient | undefined;
  const agents = new Map<string, Agent>();
  // The TLS policy hands the same settings object to every request: remember its agent by identity
  // rather than serializing certificates per request.
  const bySettings = new WeakMap<TlsSettings, Agent>();
  const agentFor = (tls: TlsSettings | undefined): Agent => {
    let agent = tls && bySettings.get(tls);
    if (agent) return agent;
    const key = tls ? JSON.stringify([tls.ca, tls.cert, tls.key, tls.pfx, tls.passphrase]) : "";
    agent = agents.get(key);
    if (!agent) agents.set(key, (agent = new Agent({ keepAlive: true, ...tls })));
    if (tls) bySettings.set(tls, agent);
    return agent;
  };
  return {
    sendRequest(request) {
      if (!handles(request)) return (fallback ??= createDefaultHttpClient()).sendRequest(request);
      return send(request, (request.agent as Agent | undefined) ?? agentFor(request.tlsSettings), maxBytes);
    },
  };
}

function handles(request: PipelineRequest): boolean {
  return (
    request.url.startsWith("https:") &&
    (request.body === undefined || request.body === null || typeof request.body === "string") &&
    !request.formData &&
    !request.multipartBody &&
    !request.onUploadProgress &&
    !request.onDownloadProgress &&
    !request.disableKeepAlive &&
    !request.streamResponseStatusCodes?.size
  );
}

function send(request: PipelineRequest, agent: Agent, maxBytes: number): Promise<PipelineResponse> {
  return new Promise((resolve, reject) => {
    const signal = request.abortSignal;
    if (signal?.aborted) return reject(new AbortError("The operation was aborted. Request has already been canceled."));
    const { host, port, path } = requestTarget(request.url);
    // As iterating the headers gives them (names as set), without a generator step per header.
    const headers: Record<string, string> = request.headers.toJSON({ preserveCase: true });
    const body = request.body as string | undefined | null;
    if (body && !request.headers.has("content-length")) headers["content-length"] = String(Buffer.byteLength(body));
    const options: RequestOptions = { host, port, path, method: request.method, headers, agent };
    // A proxy's agent (set by the proxy policy) makes the TLS connection through its tunnel from
    // these options, so the client's certificates must travel with the request.
    if (request.agent && request.tlsSettings) Object.assign(options, request.tlsSettings);

    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: unknown, response?: PipelineResponse) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const onAbort = () => {
      outgoing.destroy();
      finish(new AbortError("The operation was aborted."));
    };

    const outgoing = sendHttps(options, (incoming) => {
      readText(incoming, maxBytes, request).then(
        (bodyAsText) => {
          const headers = new IncomingHeaders(incoming.headers);
          finish(undefined, { request, status: incoming.statusCode ?? 0, headers, bodyAsText: request.method === "HEAD" ? undefined : bodyAsText });
        },
        (error: Error & { code?: string }) =>
          finish(
            error instanceof RestError
              ? error
              : new RestError(`Error reading the response: ${error.message}`, { code: error.code ?? RestError.REQUEST_SEND_ERROR, request }),
          ),
      );
    });
    // Socket errors carry codes (ECONNRESET, ...) that the retry policy reads, as with core's client.
    outgoing.on("error", (error: Error & { code?: string }) => finish(new RestError(error.message, { code: error.code ?? RestError.REQUEST_SEND_ERROR, request })));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (request.timeout > 0) {
      timer = setTimeout(() => {
        outgoing.destroy();
        finish(new AbortError(`The request timed out after ${request.timeout} ms.`));
      }, request.timeout);
    }
    outgoing.end(body ?? undefined);
  });
}

/**
 * An answer's headers as core's own Node client gives them (Node's lower-cased names, a repeated
 * header's values joined with ", "), read straight from Node's object: the policies only look a
 * few up, so a copy into core's HttpHeaders is made only when one is changed or listed.
 */
class IncomingHeaders implements HttpHeaders {
  readonly #incoming: IncomingHttpHeaders;
  #copy: HttpHeaders | undefined;

  constructor(incoming: IncomingHttpHeaders) {
    this.#incoming = incoming;
  }

  #own(): HttpHeaders {
    if (!this.#copy) {
      const values: Record<string, string> = {};
      for (const name of Object.keys(this.#incoming)) values[name] = this.get(name)!;
      this.#copy = createHttpHeaders(values);
    }
    return this.#copy;
  }

  get(name: string): string | undefined {
    if (this.#copy) return this.#copy.get(name);
    const value: unknown = this.#incoming[name.toLowerCase()];
    // typeof, not `in`: the object has a prototype, and "constructor" is no header.
    return typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: string | number | boolean): void {
    this.#own().set(name, value);
  }

  delete(name: string): void {
    this.#own().delete(name);
  }

  toJSON(options?: { preserveCase?: boolean }): RawHttpHeaders {
    return this.#own().toJSON(options);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#own()[Symbol.iterator]();
  }
}

function readText(incoming: IncomingMessage, maxBytes: number, request: PipelineRequest): Promise<string> {
  const tooLarge = () =>
    new RestError(`The answer's body is larger than maxResponseBytes (${maxBytes} bytes); it was not read.`, {
      code: ClientErrorCodes.responseTooLarge,
      statusCode: incoming.statusCode,
      request,
    });
  const encoding = String(incoming.headers["content-encoding"] ?? "").toLowerCase();
  const declared = Number(incoming.headers["content-length"]);
  if (declared > maxBytes) {
    incoming.destroy();
    return Promise.reject(tooLarge());
  }
  const stream =
    encoding === "gzip" ? incoming.pipe(createGunzip()) :
    encoding === "deflate" ? incoming.pipe(createInflate()) :
    encoding === "br" ? incoming.pipe(createBrotliDecompress()) :
    incoming;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop inflating at once: the rest is never read.
        reject(tooLarge());
        if (stream !== incoming) stream.destroy();
        incoming.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => {
      try {
        resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
      } catch {
        // Bytes that do not fit a string (maxResponseBytes set near the limit, multi-byte text).
        reject(tooLarge());
      }
    });
    stream.on("error", reject);
    if (stream !== incoming) incoming.on("error", reject);
    incoming.on("aborted", () => reject(Object.assign(new Error("The connection closed before the response ended."), { code: "ECONNRESET" })));
  });
}
