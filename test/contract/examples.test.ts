// Every x-ms-example of the three groups in the 2025-11-01 spec, replayed through the client on a
// local HTTPS server: the request must go where the example says, carry no more than the example's
// body, and the example's answer must parse. The per-group contract files check fields closely;
// this one makes sure no example of the spec is left out.
import { describe, expect, it } from "vitest";
import type { ContainerRegistryManagementClient } from "../../src/index.js";
import { API_VERSION, loadExample, type SpecExample } from "../support/examples.js";
import { type TestServer, useTestServer } from "../support/testServer.js";
import { specOperations } from "../properties/specRules.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** The client-side names 2025-11-01 gives wire names (x-ms-client-name). */
const CLIENT_NAMES: Record<string, string> = { value: "iPAddressOrRange" };

/** A wire body as a caller passes it: `properties` flattened, dates as Date, client names. */
function asModel(wire: any, inIpRule = false): any {
  if (Array.isArray(wire)) return wire.map((item) => asModel(item, inIpRule));
  if (typeof wire === "string" && ISO_DATE.test(wire)) return new Date(wire);
  if (wire === null || typeof wire !== "object") return wire;
  const result: any = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === "properties" && value && typeof value === "object" && !Array.isArray(value)) Object.assign(result, asModel(value));
    else result[inIpRule && CLIENT_NAMES[key] ? CLIENT_NAMES[key]! : key] = asModel(value, key === "ipRules");
  }
  return result;
}

/** Dates compared as instants, whatever fraction digits the example used. */
function normalized(value: any): any {
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value === "string" && ISO_DATE.test(value)) return new Date(value).toISOString();
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v)]));
}

/** The paths of every non-object value in a JSON document, sorted. */
function leaves(value: any, at = ""): string[] {
  if (value === null || typeof value !== "object") return [at];
  const entries = Object.entries(value);
  if (entries.length === 0) return [at];
  return entries.flatMap(([k, v]) => leaves(v, `${at}/${k}`)).sort();
}

/** The answer to replay: a 200 or 201 with a body when the example has one, else its first success. */
function replayStatus(example: SpecExample): number {
  const codes = Object.keys(example.responses).map(Number).filter((c) => c >= 200 && c < 300);
  return codes.find((c) => (c === 200 || c === 201) && example.responses[String(c)]?.body !== undefined) ?? codes.find((c) => c !== 202) ?? codes[0]!;
}

const operations = specOperations().filter((o) => o.examples.length > 0);

describe("the 2025-11-01 examples of tokens, scopeMaps and registries", () => {
  it("covers every operation of the three groups", () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(specOperations().map((o) => o.operationId).sort());
    expect(operations.flatMap((o) => o.examples)).toHaveLength(29);
  });

  for (const operation of operations) {
    for (const name of operation.examples) {
      it(`${operation.operationId}: ${name}`, async () => {
        const example = loadExample(name);
        const status = replayStatus(example);
        const answer = example.responses[String(status)]?.body;
        const path = operation.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(example.parameters[p]));
        for (const method of ["GET", "PUT", "PATCH", "POST", "DELETE"]) server.on(method, path, { status, body: answer });

        const args = operation.pathParameters.map((p) => example.parameters[p.name]);
        if (operation.bodyName) args.push(asModel(example.parameters[operation.bodyName]));
        const group = (client as any)[operation.group];
        let result: any;
        if (operation.pageable) {
          result = [];
          for await (const item of group[operation.method](...args)) result.push(item);
        } else if (operation.longRunning) {
          result = await group[`${operation.method}AndWait`](...args);
        } else {
          result = await group[operation.method](...args);
        }

        const request = server.requests[0]!;
        expect(request.path).toBe(path);
        expect(request.query.get("api-version")).toBe(API_VERSION);
        if (operation.bodyName) {
          // What we send is the example's body, minus what the service sets (read-only).
          expect(normalized(example.parameters[operation.bodyName])).toMatchObject(normalized(request.json));
          // ...and nothing the caller set is lost on the way: every leaf of the example is sent.
          expect(leaves(request.json)).toEqual(leaves(example.parameters[operation.bodyName]));
        } else {
          expect(request.body).toBe("");
        }
        if (operation.pageable) expect(result).toHaveLength(answer?.value?.length ?? 0);
        else if (answer?.name !== undefined) expect(result.name).toBe(answer.name);
        else if (answer?.id !== undefined) expect(result.id).toBe(answer.id);
      });
    }
  }
});
