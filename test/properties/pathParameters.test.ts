// Property: for every operation of the spec and every path parameter, values breaking a rule of the
// spec are refused before any request (naming the parameter and the rule), and values keeping all
// rules reach the server as exactly one path segment each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient, InvalidParameterError } from "../../src/index.js";
import { answerAll, testCredential, type TestServer, useTestServer } from "../support/testServer.js";
import { invalidValue, specOperations, validValue, type SpecOperation } from "./specRules.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer(
  (s, c) => {
    server = s;
    client = c;
    // Whatever is asked, a 200 every operation can read: an empty page, a finished LRO, an empty body.
    answerAll(server, { status: 200, body: { value: [] } });
  },
  { resetBeforeEach: false },
);

const operations = specOperations();

function methodOf(operation: SpecOperation, suffix = ""): (...args: unknown[]) => unknown {
  const group = (client as any)[operation.group];
  const method = group?.[operation.method + suffix];
  if (typeof method !== "function") throw new Error(`client.${operation.group}.${operation.method}${suffix} does not exist`);
  return method.bind(group);
}

/** The least body each operation accepts: its required properties (others need none). */
const BODIES: Record<string, unknown> = {
  Registries_Create: { location: "westus", sku: { name: "Premium" } },
  Registries_ImportImage: { source: { sourceImage: "library/hello-world:latest" } },
  Registries_RegenerateCredential: { name: "password" },
};

/** Calls the operation to the end: pages read, pollers done. */
async function run(operation: SpecOperation, values: readonly unknown[], suffix = ""): Promise<void> {
  const result: any = methodOf(operation, suffix)(...values, ...(operation.hasBody ? [BODIES[operation.operationId] ?? {}] : []));
  if (operation.pageable) {
    for await (const _ of result) void _;
  } else {
    const settled = await result;
    if (operation.longRunning && suffix === "") await settled.pollUntilDone();
  }
}

async function refusal(call: () => Promise<void>): Promise<InvalidParameterError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
  throw new Error("the call was not refused");
}

const validArgs = (operation: SpecOperation) => fc.tuple(...operation.pathParameters.map(validValue));

it("reads all 24 operations of the three groups from the spec, each a method of the client", () => {
  expect(operations).toHaveLength(24);
  for (const operation of operations) {
    expect(() => methodOf(operation)).not.toThrow();
    if (operation.longRunning) expect(() => methodOf(operation, "AndWait")).not.toThrow();
  }
});

describe.each(operations.filter((o) => o.pathParameters.length > 0).map((o) => [`${o.group}.${o.method}`, o] as const))("%s", (_, operation) => {
  it("refuses a value breaking a rule, before any request, naming the parameter and the rule", async () => {
    const bad = fc.integer({ min: 0, max: operation.pathParameters.length - 1 }).chain((index) =>
      fc.tuple(fc.constant(index), invalidValue(operation.pathParameters[index]!), validArgs(operation), fc.boolean()),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ([index, { value, rule }, args, andWait]) => {
        server.requests.length = 0;
        const values: unknown[] = [...args];
        values[index] = value;
        const suffix = andWait && operation.longRunning ? "AndWait" : "";
        const error = await refusal(() => run(operation, values, suffix));
        const name = operation.pathParameters[index]!.name;
        expect([error.parameterName, error.rule]).toEqual([name, rule]);
        expect(error.message).toContain(`"${name}"`);
        expect(server.requests).toHaveLength(0);
      }),
      { numRuns: 150 },
    );
  });

  it("sends valid values, each as one path segment that decodes to the value", async () => {
    const templateSegments = operation.path.split("/");
    await fc.assert(
      fc.asyncProperty(validArgs(operation), async (args) => {
        server.requests.length = 0;
        await run(operation, args);
        expect(server.requests).toHaveLength(1);
        const sent = server.requests[0]!.path.split("/");
        expect(sent).toHaveLength(templateSegments.length);
        operation.pathParameters.forEach((parameter, index) => {
          const position = templateSegments.indexOf(`{${parameter.name}}`);
          expect(decodeURIComponent(sent[position]!)).toBe(args[index]);
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe("subscriptionId (a client parameter)", () => {
  it("is refused by the constructor unless a UUID", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uuid().map((u) => u.slice(1)), fc.uuid().map((u) => `${u}0`), fc.uuid().map((u) => u.replace(/-/g, ""))),
        (value) => {
          fc.pre(!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
          let caught: unknown;
          try {
            new ContainerRegistryManagementClient(testCredential(), value);
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(InvalidParameterError);
          expect((caught as InvalidParameterError).parameterName).toBe("subscriptionId");
        },
      ),
    );
  });

  it("goes into the path as given when it is one", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (subscriptionId) => {
        server.requests.length = 0;
        const other = new ContainerRegistryManagementClient(testCredential(), subscriptionId, {
          endpoint: server.endpoint,
          tlsOptions: { ca: server.ca },
          retryOptions: { maxRetries: 0 },
        });
        await other.registries.get("myResourceGroup", "myRegistry");
        expect(server.requests[0]!.path.split("/")[2]).toBe(subscriptionId);
      }),
      { numRuns: 20 },
    );
  });
});
