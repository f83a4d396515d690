// What a call that must fail failed with.
import { RestError } from "@azure/core-rest-pipeline";
import { expect } from "vitest";

/** The RestError `call` rejects with (fails the test when it resolves or rejects with something else). */
export async function restErrorOf(call: () => Promise<unknown>): Promise<RestError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}
