// Property: string properties of request bodies that break the spec's rules are refused before any
// request, named by their path in the model; values keeping the rules are sent at their wire path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, type ContainerRegistryManagementClient } from "../../src/index.js";
import { answerAll, type TestServer, useTestServer } from "../support/testServer.js";
import { bodyStringRules, invalidValue, validValue, type BodyStringRule } from "./specRules.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer(
  (s, c) => {
    server = s;
    client = c;
    answerAll(server, { status: 200, body: {} });
  },
  { resetBeforeEach: false },
);

const rules = bodyStringRules();
const VALID_PATH_ARGS: Record<string, string> = { resourceGroupName: "myResourceGroup", registryName: "myRegistry", tokenName: "myToken", scopeMapName: "myScopeMap", groupName: "registry" };

function call(rule: BodyStringRule, value: unknown): Promise<unknown> {
  const body: any = {};
  let node = body;
  for (const key of rule.modelPath.slice(0, -1)) node = node[key] = {};
  node[rule.modelPath.at(-1)!] = value;
  const group = (client as any)[rule.operation.group];
  const args = rule.operation.pathParameters.map((p) => VALID_PATH_ARGS[p.name]);
  return Promise.resolve(group[rule.operation.method](...args, body)).then((result: any) => (rule.operation.longRunning ? result.pollUntilDone() : result));
}

it("finds the constrained body properties of the spec (registryNameCheckRequest.name among them)", () => {
  expect(rules.map((r) => r.name)).toContain("registryNameCheckRequest.name");
});

describe.each(rules.map((r) => [r.name, r] as const))("%s", (_, rule) => {
  it("refuses values breaking a length or pattern rule, before any request", async () => {
    const bad = invalidValue(rule).filter((b) => ["minLength", "maxLength", "pattern"].includes(b.rule) && typeof b.value === "string");
    await fc.assert(
      fc.asyncProperty(bad, async ({ value, rule: broken }) => {
        server.requests.length = 0;
        const error = await call(rule, value).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect([(error as InvalidParameterError).parameterName, (error as InvalidParameterError).rule]).toEqual([rule.name, broken]);
        expect(server.requests).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });

  it("sends values keeping the rules at the property's wire path", async () => {
    await fc.assert(
      fc.asyncProperty(validValue(rule), async (value) => {
        server.requests.length = 0;
        await call(rule, value);
        expect(server.requests).toHaveLength(1);
        expect(rule.wirePath.reduce((node: any, key) => node?.[key], server.requests[0]!.json)).toBe(value);
      }),
      { numRuns: 30 },
    );
  });
});
