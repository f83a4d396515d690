// Sends one operation's request through the pipeline and turns the answer into a body or a RestError.
import type { OperationOptions, FullOperationResponse } from "@azure/core-client";
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpMethods,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "./errorCodes.js";
import { redactSecrets, withoutSecrets, type SecretField } from "./secrets.js";

/** What generated operations need from the client. */
export interface OperationClient {
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly subscriptionId: string;
  /** Where the spec's x-ms-secret values sit in answers, to keep them out of errors. */
  readonly secretFields: readonly SecretField[];
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
}

export interface OperationResult {
  readonly response: PipelineResponse;
  /** The parsed JSON body, or undefined when the answer had none. */
  readonly body: any;
}

/** Encodes a path segment; the spec's rules were checked before this. */
export const segment = encodeURIComponent;

/**
 * Resolves a URL given by the service (nextLink, Location, Azure-AsyncOperation) against the endpoint.
 * One that cannot be resolved is passed on as it is, for the trusted-origins policy to refuse.
 */
export function resolveUrl(client: OperationClient, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  try {
    return new URL(url, client.endpoint).toString();
  } catch {
    return url;
  }
}

export async function sendOperation(
  client: OperationClient,
  method: HttpMethods,
  url: string,
  body: unknown,
  options: OperationOptions | undefined,
  /** The statuses that are success; "any" hands every answer back (LRO polls judge it themselves). */
  expectedStatus: readonly number[] | "any",
): Promise<OperationResult> {
  const headers = createHttpHeaders({ accept: "application/json" });
  const request = createPipelineRequest({
    url,
    method,
    headers,
    abortSignal: options?.abortSignal,
    timeout: options?.requestOptions?.timeout,
    tracingOptions: options?.tracingOptions,
  });
  if (body !== undefined) {
    headers.set("content-type", "application/json; charset=utf-8");
    request.body = JSON.stringify(body);
  }
  const customHeaders = options?.requestOptions?.customHeaders;
  if (customHeaders) {
    for (const name of Object.keys(customHeaders)) headers.set(name, customHeaders[name]!);
  }
  const response = await client.sendRequest(request);
  const parsed = parseBody(response);
  if (options?.onResponse) {
    (response as FullOperationResponse).parsedBody = parsed;
    options.onResponse(response as FullOperationResponse, parsed);
  }
  if (expectedStatus !== "any" && !expectedStatus.includes(response.status)) throw createRestError(client, response, parsed);
  return { response, body: parsed };
}

function parseBody(response: PipelineResponse): any {
  const text = response.bodyAsText;
  if (text === undefined || text === null || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // The body is left out of the message on purpose: it may hold credentials.
    throw new RestError(`The service answered ${response.status} with a body that is not valid JSON.`, {
      code: ClientErrorCodes.parseError,
      statusCode: response.status,
      request: response.request,
      response,
    });
  }
}

/**
 * Builds the RestError for a failed answer, taking code and message from the ARM error body (or
 * `fallback`); secret values in the body are redacted from `details` and from the message.
 */
export function createRestError(
  client: OperationClient,
  response: PipelineResponse,
  body: any,
  fallback: { code?: string; message: string } = { message: `The service answered with unexpected status ${response.status}.` },
): RestError {
  const armError = body && typeof body === "object" ? (body.error ?? body) : undefined;
  const code = typeof armError?.code === "string" ? armError.code : fallback.code;
  const { body: details, secrets } = redactSecrets(body, client.secretFields);
  const message = typeof armError?.message === "string" && armError.message !== "" ? withoutSecrets(armError.message, secrets) : fallback.message;
  const error = new RestError(message, { code, statusCode: response.status, request: response.request, response });
  error.details = details;
  return error;
}
