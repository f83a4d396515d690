// Copied from codegen/runtime/lro.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Long-running operations as core-lro pollers, with ARM failures surfaced as RestError.
import type { OperationOptions } from "@azure/core-client";
import type { LroResponse, OperationState, SimplePollerLike } from "@azure/core-lro";
import { RestError, type HttpMethods, type PipelineResponse } from "@azure/core-rest-pipeline";
import { createRestError, resolveUrl, sendOperation, type OperationClient } from "./http.js";
import { pollDelay, pollInterval, retryAfterMs, wait } from "./polling.js";
import { decodeValue } from "./responses.js";
import { InvalidParameterError } from "./validation.js";

/** Options every long-running operation takes. */
export interface LroOptions extends OperationOptions {
  /**
   * The longest wait between polls, 2000 ms by default: the first poll goes out at once, then waits
   * grow from 100 ms up to this. A longer Retry-After from the service is honoured, up to 60 s.
   */
  updateIntervalInMs?: number;
  /**
   * A poller's serialized state (`poller.toString()`) to resume from instead of starting anew.
   * Operations whose result can hold secrets (generateCredentials, token create and update) leave
   * the result out of that string, so resuming one that had already finished gives no result.
   */
  resumeFrom?: string;
}

export interface LroSpec<T> {
  readonly method: HttpMethods;
  readonly url: string;
  readonly body: unknown;
  readonly expectedStatus: readonly number[];
  readonly finalStateVia: "azure-async-operation" | "location" | "original-uri" | undefined;
  readonly deserialize: ((raw: unknown) => T) | undefined;
  /** The result can hold secrets (x-ms-secret): keep it out of the serialized state. */
  readonly secretResult?: boolean;
}

// Loaded on the first long-running call, not at import: a script that only reads or lists never
// pays for core-lro's modules. The promise is kept: each import() goes through the module loader
// again, and under loader hooks (tsx, OpenTelemetry's ESM instrumentation) that is a round trip to
// the hooks' thread: a token create measured 2.9 ms more with a no-op hook registered.
let coreLro: Promise<typeof import("@azure/core-lro")> | undefined;
const loadCoreLro = () => (coreLro ??= import("@azure/core-lro"));

export async function createLroPoller<T>(
  client: OperationClient,
  spec: LroSpec<T>,
  options: LroOptions | undefined,
): Promise<SimplePollerLike<OperationState<T>, T>> {
  const interval = pollInterval(options?.updateIntervalInMs);
  let last: { response: PipelineResponse; body: any } | undefined;
  let pollError: unknown;
  const toLro = (response: PipelineResponse, body: any): LroResponse => {
    last = { response, body };
    return { flatResponse: body, rawResponse: { statusCode: response.status, headers: response.headers.toJSON(), body } };
  };
  if (options?.resumeFrom !== undefined) checkResumeFrom(options.resumeFrom);
  const { createHttpPoller } = await loadCoreLro();
  const poller = await createHttpPoller<T, OperationState<T>>(
    {
      requestMethod: spec.method,
      requestPath: spec.url,
      sendInitialRequest: async () => {
        const { response, body } = await sendOperation(client, spec.method, spec.url, spec.body, options, spec.expectedStatus);
        return toLro(response, body);
      },
      sendPollRequest: async (path, pollOptions) => {
        const pollRequestOptions = { ...withoutConditions(options), abortSignal: pollOptions?.abortSignal ?? options?.abortSignal };
        // Any status goes to core-lro: a Location poll that answers 500 with an ARM error means the
        // operation failed, and that answer's code must reach the caller.
        try {
          const { response, body } = await sendOperation(client, "GET", resolveUrl(client, path), undefined, pollRequestOptions, "any");
          return toLro(response, body);
        } catch (error) {
          // core-lro marks the operation failed; the caller needs this error (UntrustedOrigin, ...), not that.
          pollError = error;
          throw error;
        }
      },
    },
    {
      intervalInMs: options?.updateIntervalInMs,
      restoreFrom: options?.resumeFrom,
      resourceLocationConfig: spec.finalStateVia,
      // The final answer must fit the result's model: an empty or mistyped one is an InvalidResponse.
      processResult: (result) => (spec.deserialize && last ? decodeValue(last.response, result, spec.deserialize) : (undefined as T)),
    },
  );
  // core-lro reports a Failed or Canceled operation as a plain Error; callers expect the ARM code.
  const translate = (error: unknown): unknown => {
    const state = poller.getOperationState();
    if (pollError !== undefined) return pollError;
    if (state.status !== "failed" && state.status !== "canceled") return error;
    const fallback = { code: state.status === "canceled" ? "OperationCanceled" : "OperationFailed", message: `The long-running operation ended ${state.status}.` };
    // A resumed poller of an operation that had already ended has no answer to quote.
    return last ? createRestError(client, last.response, last.body, fallback) : new RestError(fallback.message, { code: fallback.code });
  };
  const poll = poller.poll.bind(poller);
  poller.poll = (pollOptions) =>
    poll(pollOptions).catch((error: unknown) => {
      throw translate(error);
    });
  // core-lro 2.x skips a Retry-After of 0 and never reads the initial answer's Retry-After, so the
  // waiting is done here, by the rules of polling.ts.
  poller.pollUntilDone = async (pollOptions) => {
    const abortSignal = pollOptions?.abortSignal;
    for (let polls = 0; !poller.isDone(); polls++) {
      const delay = pollDelay(polls, interval, retryAfterMs(last?.response));
      if (delay > 0 || abortSignal?.aborted) await wait(delay, abortSignal);
      await poller.poll({ abortSignal });
    }
    const state = poller.getOperationState();
    if (state.status !== "succeeded") throw translate(state.error ?? new Error(`The long-running operation ended ${state.status}.`));
    return state.result as T;
  };
  if (spec.secretResult) {
    // toString() is for resumeFrom, and such strings get stored and logged; a resumed poller of a
    // finished operation then has no result, as the secrets cannot be fetched again anyway.
    poller.toString = () => JSON.stringify({ state: { ...poller.getOperationState(), result: undefined } });
  }
  return poller;
}

/** A resumeFrom string must be what a poller's toString() gave; core-lro's own error would quote it. */
function checkResumeFrom(value: unknown): void {
  let state: unknown;
  try {
    state = typeof value === "string" ? JSON.parse(value)?.state : undefined;
  } catch {
    state = undefined;
  }
  if (typeof state !== "object" || state === null || typeof (state as { config?: unknown }).config !== "object") {
    throw new InvalidParameterError("options.resumeFrom", "format", `Parameter "options.resumeFrom" must be a string from a poller's toString().`);
  }
}

/**
 * The options for status polls: a condition (If-Match, If-None-Match) the caller set is about the
 * write, not the operation's status; on a GET, `If-None-Match: *` would even ask for a 304.
 */
function withoutConditions(options: LroOptions | undefined): LroOptions | undefined {
  const headers = options?.requestOptions?.customHeaders;
  if (!headers) return options;
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^if-(none-)?match$/i.test(name)));
  return { ...options, requestOptions: { ...options!.requestOptions, customHeaders: kept } };
}
