// Bad parameters are refused before any request, with the parameter and the rule named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTokenCredential } from "@azure/core-auth";
import { ContainerRegistryManagementClient, InvalidParameterError } from "../../src/index.js";
import { createTestClient, registryPath, startTestServer, SUBSCRIPTION_ID, testCredential, type TestServer } from "../support/testServer.js";

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

describe("body property rules", () => {
  it("refuses a registry without its required sku, or a sku without a name, naming the property path", async () => {
    const client = createTestClient(server);
    const noSku = await refusal(() => client.registries.beginCreate("myResourceGroup", "myRegistry", { location: "westus" } as never));
    expect([noSku.parameterName, noSku.rule]).toEqual(["registry.sku", "required"]);
    expect(noSku.message).toBe('Parameter "registry.sku" is required.');
    const noName = await refusal(() => client.registries.beginCreateAndWait("myResourceGroup", "myRegistry", { location: "westus", sku: {} as never }));
    expect(noName.parameterName).toBe("registry.sku.name");
  });

  it("refuses a name check whose name breaks the spec's rules", async () => {
    const client = createTestClient(server);
    const short = await refusal(() => client.registries.checkNameAvailability({ name: "abc" }));
    expect([short.parameterName, short.rule]).toEqual(["registryNameCheckRequest.name", "minLength"]);
    const dashed = await refusal(() => client.registries.checkNameAvailability({ name: "my-registry" }));
    expect(dashed.rule).toBe("pattern");
    expect(dashed.message).toContain('"my-registry" does not match the pattern ^[a-zA-Z0-9]*$');
  });

  it("names nested properties of an import, and never quotes a password", async () => {
    const client = createTestClient(server);
    const error = await refusal(() =>
      client.registries.beginImportImage("myResourceGroup", "myRegistry", {
        source: { sourceImage: "library/hello-world", credentials: { username: "user" } as never },
      }),
    );
    expect([error.parameterName, error.rule]).toEqual(["parameters.source.credentials.password", "required"]);
  });

  it("lets optional properties be left out", async () => {
    server.on("PATCH", `${registryPath()}`, { status: 200, body: { name: "myRegistry" } });
    await createTestClient(server).registries.beginUpdateAndWait("myResourceGroup", "myRegistry", { adminUserEnabled: true });
    expect(server.requests).toHaveLength(1);
  });
});

describe("client construction", () => {
  it("refuses a subscription id that is not a UUID", () => {
    expect(() => new ContainerRegistryManagementClient(testCredential(), "my-subscription")).toThrow(/Parameter "subscriptionId" with value "my-subscription" must be a UUID/);
  });

  it("refuses a missing credential", () => {
    expect(() => new ContainerRegistryManagementClient(undefined as never, SUBSCRIPTION_ID)).toThrow(/"credential" must be a TokenCredential/);
  });

  it("takes exactly the credentials @azure/core-auth's isTokenCredential takes", () => {
    const getToken = async () => null;
    const candidates: Array<[string, unknown]> = [
      ["undefined", undefined],
      ["null", null],
      ["a string", "token"],
      ["an empty object", {}],
      ["getToken that is no function", { getToken: "token" }],
      ["getToken()", { getToken }],
      ["a function with getToken()", Object.assign(() => {}, { getToken })],
      ["signRequest with a getToken that takes arguments", { getToken: async (_scopes: string) => null, signRequest: () => {} }],
      ["signRequest with a getToken that takes none (an old ServiceClientCredentials)", { getToken, signRequest: () => {} }],
      ["signRequest set to null", { getToken, signRequest: null }],
    ];
    for (const [label, credential] of candidates) {
      const accepted = (() => {
        try {
          new ContainerRegistryManagementClient(credential as never, SUBSCRIPTION_ID);
          return true;
        } catch (error) {
          expect(error, label).toBeInstanceOf(InvalidParameterError);
          expect((error as InvalidParameterError).parameterName, label).toBe("credential");
          return false;
        }
      })();
      expect(accepted, label).toBe(Boolean(isTokenCredential(credential)));
    }
  });
});
