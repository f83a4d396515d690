// Fixtures for the contract tests: the spec's x-ms-examples (2025-11-01) and the seed documents'
// examples copied into test/fixtures/seeds/, plus one shared assertion on recorded ARM requests.
// Everything is read from inside the repository, relative to this file.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { TEST_TOKEN, type RecordedRequest } from "./testServer.js";

/** The API version the client sends unless told otherwise (and the one of the spec examples). */
export const API_VERSION = "2025-11-01";

export interface ExampleResponse {
  headers?: Record<string, string>;
  body?: any;
}

/** A spec example: the operation's parameters (path, query and body) and its responses by status code. */
export interface SpecExample {
  parameters: Record<string, any>;
  responses: Record<string, ExampleResponse>;
}

const EXAMPLES = new URL(
  "../../swagger/specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/examples/",
  import.meta.url,
);
const SEEDS = new URL("../fixtures/seeds/", import.meta.url);

function readJson(directory: URL, name: string): any {
  // Names only: no separators, so a fixture name can never leave its folder.
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) throw new Error(`invalid fixture name ${JSON.stringify(name)}`);
  return JSON.parse(readFileSync(new URL(`${name}.json`, directory), "utf8"));
}

/** Loads `examples/<name>.json` of the 2025-11-01 spec; a fresh copy on each call. */
export function loadExample(name: string): SpecExample {
  const example = readJson(EXAMPLES, name);
  if (typeof example?.parameters !== "object" || typeof example?.responses !== "object") {
    throw new Error(`example ${name} has no parameters or responses`);
  }
  return { parameters: example.parameters, responses: example.responses };
}

/** The body of an example's response with the given status; throws if the example has none. */
export function exampleBody(example: SpecExample, status: number | string): any {
  const response = example.responses[String(status)];
  if (response === undefined || !("body" in response)) throw new Error(`the example has no body for status ${status}`);
  return response.body;
}

/** Loads `test/fixtures/seeds/<name>.json`; a fresh copy on each call. */
export function loadSeedFixture(name: string): any {
  return readJson(SEEDS, name);
}

export interface ExpectedArmRequest {
  method: string;
  path: string;
  /** `2025-11-01` unless given. */
  apiVersion?: string;
  /** The JSON body; `undefined` asserts that no body was sent. Not checked when the key is left out. */
  body?: unknown;
}

/**
 * Asserts the shape every ARM request of the client shares: method, exact path, `api-version` as
 * the only query parameter, the bearer token, and (when `body` is given) the exact JSON body.
 */
export function expectArmRequest(request: RecordedRequest | undefined, expected: ExpectedArmRequest): RecordedRequest {
  expect(request, "a request was recorded").toBeDefined();
  const actual = request!;
  expect(actual.method).toBe(expected.method);
  expect(actual.path).toBe(expected.path);
  expect([...actual.query.keys()]).toEqual(["api-version"]);
  expect(actual.query.get("api-version")).toBe(expected.apiVersion ?? API_VERSION);
  expect(actual.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  if ("body" in expected) {
    if (expected.body === undefined) {
      expect(actual.body).toBe("");
    } else {
      expect(String(actual.headers["content-type"])).toMatch(/^application\/json\b/);
      expect(actual.json).toStrictEqual(expected.body);
    }
  }
  return actual;
}
