// Copied from codegen/runtime/lro.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Long-running operations as core-lro pollers, with ARM failures surfaced as RestError.
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { OperationOptions } from "@azure/core-client";
import { createHttpPoller, type LroResponse, type OperationState, type SimplePollerLike } from "@azure/core-lro";
import { RestError, type HttpMethods, type PipelineResponse } from "@azure/core-rest-pipeline";
import { resolveUrl, sendOperation, type OperationClient } from "./http.js";

/** Options every long-running operation takes. */
export interface LroOptions extends OperationOptions {
  /** Delay between polls when the service sends no Retry-After; 2000 ms by default. */
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
  readonly deserialize: ((raw: any) => T) | undefined;
  /** The result can hold secrets (x-ms-secret): keep it out of the serialized state. */
  readonly secretResult?: boolean;
}

export async function createLroPoller<T>(
  client: OperationClient,
  spec: LroSpec<T>,
  options: LroOptions | undefined,
): Promise<SimplePollerLike<OperationState<T>, T>> {
  let last: { response: PipelineResponse; body: any } | undefined;
  const toLro = (response: PipelineResponse, body: any): LroResponse => {
    last = { response, body };
    return { flatResponse: body, rawResponse: { statusCode: response.status, headers: response.headers.toJSON(), body } };
  };
  const poller = await createHttpPoller<T, OperationState<T>>(
    {
      requestMethod: spec.method,
      requestPath: spec.url,
      sendInitialRequest: async () => {
        const { response, body } = await sendOperation(client, spec.method, spec.url, spec.body, options, spec.expectedStatus);
        return toLro(response, body);
      },
      sendPollRequest: async (path, pollOptions) => {
        const pollRequestOptions = { ...options, abortSignal: pollOptions?.abortSignal ?? options?.abortSignal };
        // Any status goes to core-lro: a Location poll that answers 500 with an ARM error means the
        // operation failed, and that answer's code must reach the caller.
        const { response, body } = await sendOperation(client, "GET", resolveUrl(client, path), undefined, pollRequestOptions, "any");
        return toLro(response, body);
      },
    },
    {
      intervalInMs: options?.updateIntervalInMs,
      restoreFrom: options?.resumeFrom,
      resourceLocationConfig: spec.finalStateVia,
      processResult: (result) => (spec.deserialize && result !== undefined ? spec.deserialize(result) : (undefined as T)),
    },
  );
  // core-lro reports a Failed or Canceled operation as a plain Error; callers expect the ARM code.
  const translate = (error: unknown): unknown => {
    const state = poller.getOperationState();
    if (state.status !== "failed" && state.status !== "canceled") return error;
    const armError = last?.body?.error;
    const code = typeof armError?.code === "string" ? armError.code : state.status === "canceled" ? "OperationCanceled" : "OperationFailed";
    const message = typeof armError?.message === "string" ? armError.message : `The long-running operation ended ${state.status}.`;
    const restError = new RestError(message, { code, statusCode: last?.response.status, request: last?.response.request, response: last?.response });
    restError.details = last?.body;
    return restError;
  };
  const poll = poller.poll.bind(poller);
  poller.poll = (pollOptions) =>
    poll(pollOptions).catch((error: unknown) => {
      throw translate(error);
    });
  // core-lro 2.x skips a Retry-After of 0 and never reads the initial answer's Retry-After, so the
  // waiting is done here: the first poll goes out at once unless the initial answer asked for a
  // wait; later ones wait for the service's Retry-After, else updateIntervalInMs.
  const interval = options?.updateIntervalInMs ?? DEFAULT_INTERVAL_MS;
  poller.pollUntilDone = async (pollOptions) => {
    const abortSignal = pollOptions?.abortSignal;
    let first = true;
    while (!poller.isDone()) {
      const requested = retryAfterMs(last?.response);
      const delay = requested ?? (first ? 0 : interval);
      if (delay > 0 || abortSignal?.aborted) await wait(delay, abortSignal);
      first = false;
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

const DEFAULT_INTERVAL_MS = 2000;

/** The wait the service asked for, in seconds or as an HTTP date; undefined when it did not say. */
function retryAfterMs(response: PipelineResponse | undefined): number | undefined {
  const header = response?.headers.get("retry-after");
  if (header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function wait(ms: number, abortSignal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) return reject(new AbortError("The operation was aborted while waiting to poll."));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("The operation was aborted while waiting to poll."));
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    abortSignal?.addEventListener("abort", onAbort, { once: true });
  });
}
