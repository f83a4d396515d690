// Answers checked against the shape their model needs: an answer that does not fit (empty, null, an
// array where an object belongs, a mistyped member deeper down) becomes a RestError, code
// InvalidResponse, instead of a TypeError somewhere in the caller's code. Values are never quoted.
import { RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "./errorCodes.js";
import type { OperationResult } from "./http.js";

/** Thrown by a model reader for an answer of the wrong shape; turned into a RestError by decode(). */
class ShapeError extends Error {}

function describe(value: unknown): string {
  if (value === undefined) return "empty";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** The value, which must be a JSON object (not null, not an array): a model's members are read from it. */
export function asObject(raw: unknown): object {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ShapeError(`it is ${describe(raw)} where an object belongs`);
  return raw;
}

/** Like asObject, for a container of flattened properties, which may be absent. */
export function optionalObject(raw: unknown): Record<string, any> | undefined {
  return raw === undefined || raw === null ? undefined : (asObject(raw) as Record<string, any>);
}

/** Wraps a generated deserializer: the value must be a JSON object (see asObject). */
export function model<T>(deserialize: (raw: any) => T): (raw: unknown) => T {
  return (raw) => deserialize(asObject(raw));
}

/** The RestError for an answer that does not fit its model; the body stays out (it may hold secrets). */
export function invalidResponse(response: PipelineResponse, reason: string): RestError {
  return new RestError(`The service answered ${response.status} with a body that does not fit the expected model: ${reason}.`, {
    code: ClientErrorCodes.invalidResponse,
    statusCode: response.status,
    request: response.request,
    response,
  });
}

/** Runs `read` on a value from `response`; any failure of it means the answer had the wrong shape. */
export function decodeValue<T>(response: PipelineResponse, value: unknown, read: (raw: unknown) => T): T {
  try {
    return read(value);
  } catch (error) {
    // A generated deserializer only fails on a member of the wrong type (a string where an array
    // belongs, a null item): its TypeError's text names no values, but ours says it plainly.
    throw invalidResponse(response, error instanceof ShapeError ? error.message : "a member has the wrong type");
  }
}

/** The operation's result as its model; see decodeValue. */
export function decode<T>(result: OperationResult, read: (raw: unknown) => T): T {
  return decodeValue(result.response, result.body, read);
}
