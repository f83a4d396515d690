// Bad parameters are refused before any request, with the parameter and the rule named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContainerRegistryManagementClient, InvalidParameterError } from "../../src/index.js";
import { createTestClient, startTestServer, SUBSCRIPTION_ID, testCredential, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function refusal(call: () => Promise<unknown> | unknown): Promise<InvalidParameterError> {
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvalidParameterError);
  expect(server.requests).toHaveLength(0);
  return caught as InvalidParameterError;
}

describe("path parameter rules", () => {
  const cases: Array<[string, string, string, string, RegExp]> = [
    ["tokenName", "myRegistry", "bad_name!", "pattern", /Parameter "tokenName" with value "bad_name!" does not match the pattern \^\[a-zA-Z0-9-\]\*\$/],
    ["tokenName", "myRegistry", "tok", "minLength", /"tokenName" .* at least 5 characters/],
    ["tokenName", "myRegistry", "t".repeat(51), "maxLength", /"tokenName" .* at most 50 characters/],
    ["tokenName", "myRegistry", "", "required", /"tokenName" is required/],
    ["registryName", "my-registry", "myToken", "pattern", /"registryName" with value "my-registry" does not match/],
    ["registryName", "reg", "myToken", "minLength", /"registryName"/],
  ];
  for (const [parameter, registry, token, rule, message] of cases) {
    it(`refuses ${parameter} breaking ${rule}`, async () => {
      const client = createTestClient(server);
      const error = await refusal(() => client.tokens.get("myResourceGroup", registry, token));
      expect(error.parameterName).toBe(parameter);
      expect(error.rule).toBe(rule);
      expect(error.message).toMatch(message);
    });
  }

  it("refuses a resource group name over 90 characters", async () => {
    const client = createTestClient(server);
    const error = await refusal(() => client.registries.get("r".repeat(91), "myRegistry"));
    expect([error.parameterName, error.rule]).toEqual(["resourceGroupName", "maxLength"]);
  });

  it("refuses a non-string value", async () => {
    const client = createTestClient(server);
    const error = await refusal(() => client.scopeMaps.get("myResourceGroup", "myRegistry", undefined as unknown as string));
    expect([error.parameterName, error.rule]).toEqual(["scopeMapName", "required"]);
    expect(error.message).toContain("got undefined");
  });

  it("refuses bad parameters of a long-running operation before sending", async () => {
    const client = createTestClient(server);
    const error = await refusal(() => client.tokens.beginCreateAndWait("myResourceGroup", "myRegistry", "no spaces", { scopeMapId: "x" }));
    expect(error.parameterName).toBe("tokenName");
  });

  it("refuses a missing body", async () => {
    const client = createTestClient(server);
    const error = await refusal(() => client.scopeMaps.beginCreate("myResourceGroup", "myRegistry", "myScopeMap", undefined as never));
    expect([error.parameterName, error.rule]).toEqual(["scopeMapCreateParameters", "required"]);
  });

  it("refuses a bad list parameter synchronously, before iteration", async () => {
    const client = createTestClient(server);
    expect(() => client.tokens.list("myResourceGroup", "bad registry")).toThrow(InvalidParameterError);
    expect(server.requests).toHaveLength(0);
  });

  it("accepts names at the limits of the rules", async () => {
    server.on("GET", /\/tokens\//, { status: 200, body: { name: "x" } });
    const client = createTestClient(server);
    await client.tokens.get("r", "a".repeat(5), "t".repeat(50));
    await client.tokens.get("r".repeat(90), "a".repeat(50), "ab-cd");
    expect(server.requests).toHaveLength(2);
  });
});

describe("client construction", () => {
  it("refuses a subscription id that is not a UUID", () => {
    expect(() => new ContainerRegistryManagementClient(testCredential(), "my-subscription")).toThrow(/Parameter "subscriptionId" with value "my-subscription" must be a UUID/);
  });

  it("refuses a missing credential", () => {
    expect(() => new ContainerRegistryManagementClient(undefined as never, SUBSCRIPTION_ID)).toThrow(/"credential" must be a TokenCredential/);
  });
});
