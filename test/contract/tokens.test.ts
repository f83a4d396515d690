// Contract of client.tokens against a real HTTPS server: the requests on the wire and the parsed answers.
// Long-running operations are answered synchronously here (the polling paths are tested elsewhere).
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import {
  getContinuationToken,
  InvalidParameterError,
  KnownTokenStatus,
  type ContainerRegistryManagementClient,
  type Token,
} from "../../src/index.js";
import { exampleBody, expectArmRequest, loadExample } from "../support/examples.js";
import { registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";

const RG = "myResourceGroup";
const REGISTRY = "myRegistry";
const TOKENS = `${registryPath(RG, REGISTRY)}/tokens`;
const TOKEN_PATH = `${TOKENS}/myToken`;
const TOKEN_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/tokens/myToken`;
const SCOPE_MAP_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/scopeMaps/myScopeMap`;
const NEW_SCOPE_MAP_ID = `${SCOPE_MAP_ID.slice(0, SCOPE_MAP_ID.lastIndexOf("/"))}/myNewScopeMap`;

/** The two ways of running a long-running operation to its end. */
const MODES = ["beginXAndWait", "beginX + pollUntilDone"] as const;
type Mode = (typeof MODES)[number];

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

/** The token of the TokenGet / TokenList examples, as the client should present it. */
const exampleToken: Token = {
  id: TOKEN_ID,
  name: "myToken",
  type: "Microsoft.ContainerRegistry/registries/tokens",
  creationDate: new Date("2017-03-01T23:14:37.0707808Z"),
  scopeMapId: SCOPE_MAP_ID,
  provisioningState: "Succeeded",
  status: "enabled",
};

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

async function expectRestError(promise: Promise<unknown>, expected: { statusCode: number; code: string; message: string }): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  const restError = error as RestError;
  expect(restError.statusCode).toBe(expected.statusCode);
  expect(restError.code).toBe(expected.code);
  expect(restError.message).toBe(expected.message);
  return restError;
}

describe("tokens.get", () => {
  it("GETs the token and parses the TokenGet example", async () => {
    const example = loadExample("TokenGet");
    server.on("GET", TOKEN_PATH, { status: 200, body: exampleBody(example, 200) });

    const token = await client.tokens.get(example.parameters.resourceGroupName, example.parameters.registryName, example.parameters.tokenName);

    expectArmRequest(server.requests[0], { method: "GET", path: TOKEN_PATH, body: undefined });
    expect(server.requests[0]!.headers.accept).toBe("application/json");
    expect(server.requests).toHaveLength(1);
    expect(token).toStrictEqual(exampleToken);
    expect(token.creationDate).toBeInstanceOf(Date);
    expect(token).not.toHaveProperty("properties");
  });

  it("converts system data, certificates and passwords of the answer", async () => {
    server.on("GET", TOKEN_PATH, {
      status: 200,
      body: {
        id: TOKEN_ID,
        name: "myToken",
        type: "Microsoft.ContainerRegistry/registries/tokens",
        systemData: {
          createdBy: "someone@example.com",
          createdByType: "User",
          createdAt: "2024-05-01T10:00:00.123Z",
          lastModifiedBy: "00000000-1111-2222-3333-444444444444",
          lastModifiedByType: "Application",
          lastModifiedAt: "2024-06-01T10:00:00Z",
        },
        properties: {
          creationDate: "2024-05-01T10:00:00Z",
          provisioningState: "Succeeded",
          scopeMapId: SCOPE_MAP_ID,
          status: "disabled",
          credentials: {
            certificates: [{ name: "certificate2", expiry: "2026-12-04T15:32:48Z", thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7" }],
            passwords: [
              { name: "password1", creationTime: "2024-05-01T10:00:00Z", expiry: "2025-05-01T10:00:00Z" },
              { name: "password2", creationTime: "2024-05-02T10:00:00Z" },
            ],
          },
        },
      },
    });

    const token = await client.tokens.get(RG, REGISTRY, "myToken");

    expect(token).toStrictEqual({
      id: TOKEN_ID,
      name: "myToken",
      type: "Microsoft.ContainerRegistry/registries/tokens",
      systemData: {
        createdBy: "someone@example.com",
        createdByType: "User",
        createdAt: new Date("2024-05-01T10:00:00.123Z"),
        lastModifiedBy: "00000000-1111-2222-3333-444444444444",
        lastModifiedByType: "Application",
        lastModifiedAt: new Date("2024-06-01T10:00:00Z"),
      },
      creationDate: new Date("2024-05-01T10:00:00Z"),
      provisioningState: "Succeeded",
      scopeMapId: SCOPE_MAP_ID,
      status: KnownTokenStatus.Disabled,
      credentials: {
        certificates: [{ name: "certificate2", expiry: new Date("2026-12-04T15:32:48Z"), thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7" }],
        passwords: [
          { name: "password1", creationTime: new Date("2024-05-01T10:00:00Z"), expiry: new Date("2025-05-01T10:00:00Z") },
          { name: "password2", creationTime: new Date("2024-05-02T10:00:00Z") },
        ],
      },
    });
    expect(token.systemData?.createdAt).toBeInstanceOf(Date);
    expect(token.credentials?.passwords?.[0]?.expiry).toBeInstanceOf(Date);
  });

  it("turns a 404 ARM error into a RestError with the body's code and message", async () => {
    server.on("GET", `${TOKENS}/missingToken`, {
      status: 404,
      body: { error: { code: "ResourceNotFound", message: "The resource 'missingToken' was not found." } },
    });

    const error = await expectRestError(client.tokens.get(RG, REGISTRY, "missingToken"), {
      statusCode: 404,
      code: "ResourceNotFound",
      message: "The resource 'missingToken' was not found.",
    });
    expect(error.response?.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a token name that breaks the spec's pattern without sending anything", async () => {
    await expect(client.tokens.get(RG, REGISTRY, "my_token")).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(client.tokens.get(RG, "my-registry", "myToken")).rejects.toMatchObject({ parameterName: "registryName", rule: "pattern" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("tokens.list", () => {
  it("GETs the token collection and parses the TokenList example", async () => {
    const example = loadExample("TokenList");
    server.on("GET", TOKENS, { status: 200, body: exampleBody(example, 200) });

    const tokens = await collect(client.tokens.list(RG, REGISTRY));

    expectArmRequest(server.requests[0], { method: "GET", path: TOKENS, body: undefined });
    expect(server.requests).toHaveLength(1);
    expect(tokens).toStrictEqual([exampleToken]);
  });

  it("follows nextLink, and hands out a continuation token per page", async () => {
    const second = { ...exampleBody(loadExample("TokenGet"), 200), id: `${TOKENS}/otherToken`, name: "otherToken" };
    const nextLink = `${server.endpoint}${TOKENS}?api-version=2025-11-01&%24skipToken=page2`;
    const answer = (request: { query: URLSearchParams }) =>
      request.query.get("$skipToken") === "page2"
        ? { status: 200, body: { value: [second] } }
        : { status: 200, body: { value: exampleBody(loadExample("TokenList"), 200).value, nextLink } };
    server.on("GET", TOKENS, answer);

    const names = (await collect(client.tokens.list(RG, REGISTRY))).map((t) => t.name);
    expect(names).toEqual(["myToken", "otherToken"]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.query.get("$skipToken")).toBe("page2");
    expect(server.requests[1]!.query.get("api-version")).toBe("2025-11-01");
    expect(server.requests[1]!.headers.authorization).toBe(server.requests[0]!.headers.authorization);

    server.reset();
    server.on("GET", TOKENS, answer);
    const pages = client.tokens.list(RG, REGISTRY).byPage();
    const first = await pages.next();
    expect(first.done).toBe(false);
    expect(first.value).toHaveLength(1);
    const token = getContinuationToken(first.value);
    expect(token).toBe(nextLink);
    const resumed = await collect(client.tokens.list(RG, REGISTRY).byPage({ continuationToken: token }));
    expect(resumed.map((page) => page.map((t) => t.id))).toEqual([[`${TOKENS}/otherToken`]]);
    expect(getContinuationToken(resumed[0])).toBeUndefined();
  });

  it("yields nothing for an empty collection", async () => {
    server.on("GET", TOKENS, { status: 200, body: { value: [] } });
    expect(await collect(client.tokens.list(RG, REGISTRY))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("turns a 400 ARM error into a RestError when iterated", async () => {
    server.on("GET", TOKENS, { status: 400, body: { error: { code: "InvalidApiVersionParameter", message: "The api-version is invalid." } } });
    await expectRestError(collect(client.tokens.list(RG, REGISTRY)), {
      statusCode: 400,
      code: "InvalidApiVersionParameter",
      message: "The api-version is invalid.",
    });
  });
});

describe("tokens.beginCreate", () => {
  const input: Token = {
    // Read-only: must never be sent.
    id: TOKEN_ID,
    name: "myToken",
    type: "Microsoft.ContainerRegistry/registries/tokens",
    systemData: { createdBy: "someone", createdAt: new Date("2020-01-01T00:00:00Z") },
    creationDate: new Date("2020-01-01T00:00:00Z"),
    provisioningState: "Succeeded",
    // Writable.
    scopeMapId: SCOPE_MAP_ID,
    status: KnownTokenStatus.Enabled,
    credentials: {
      certificates: [
        { name: "certificate1", expiry: new Date("2030-01-01T00:00:00.000Z"), thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7", encodedPemCertificate: "LS0tLS1CRUdJTi==" },
      ],
      passwords: [{ name: "password1", creationTime: new Date("2024-05-01T10:00:00.5Z"), expiry: new Date("2025-05-01T10:00:00Z"), value: "read-only-secret" }],
    },
  };
  const wireBody = {
    properties: {
      scopeMapId: SCOPE_MAP_ID,
      status: "enabled",
      credentials: {
        certificates: [
          { name: "certificate1", expiry: "2030-01-01T00:00:00.000Z", thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7", encodedPemCertificate: "LS0tLS1CRUdJTi==" },
        ],
        passwords: [{ name: "password1", creationTime: "2024-05-01T10:00:00.500Z", expiry: "2025-05-01T10:00:00.000Z" }],
      },
    },
  };
  const answer = {
    id: TOKEN_ID,
    name: "myToken",
    type: "Microsoft.ContainerRegistry/registries/tokens",
    systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: "2024-05-01T10:00:00Z" },
    properties: {
      creationDate: "2024-05-01T10:00:00.1234567Z",
      provisioningState: "Succeeded",
      scopeMapId: SCOPE_MAP_ID,
      status: "enabled",
      credentials: {
        certificates: [{ name: "certificate1", expiry: "2030-01-01T00:00:00Z", thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7" }],
        passwords: [{ name: "password1", creationTime: "2024-05-01T10:00:00.5Z", expiry: "2025-05-01T10:00:00Z" }],
      },
    },
  };
  const expected: Token = {
    id: TOKEN_ID,
    name: "myToken",
    type: "Microsoft.ContainerRegistry/registries/tokens",
    systemData: { createdBy: "someone@example.com", createdByType: "User", createdAt: new Date("2024-05-01T10:00:00Z") },
    creationDate: new Date("2024-05-01T10:00:00.1234567Z"),
    provisioningState: "Succeeded",
    scopeMapId: SCOPE_MAP_ID,
    status: "enabled",
    credentials: {
      certificates: [{ name: "certificate1", expiry: new Date("2030-01-01T00:00:00Z"), thumbprint: "feeb79a888bf1415f8e17c4965a2a5bb5c8a2ff7" }],
      passwords: [{ name: "password1", creationTime: new Date("2024-05-01T10:00:00.5Z"), expiry: new Date("2025-05-01T10:00:00Z") }],
    },
  };

  async function create(mode: Mode, tokenName: string, token: Token): Promise<Token> {
    if (mode === "beginXAndWait") return client.tokens.beginCreateAndWait(RG, REGISTRY, tokenName, token);
    const poller = await client.tokens.beginCreate(RG, REGISTRY, tokenName, token);
    const result = await poller.pollUntilDone();
    expect(poller.isDone()).toBe(true);
    expect(poller.getResult()).toStrictEqual(result);
    return result;
  }

  it.each(MODES)("PUTs the flattened token, without read-only properties, and parses a 201 answer (%s)", async (mode) => {
    server.on("PUT", TOKEN_PATH, { status: 201, body: answer });

    const token = await create(mode, "myToken", input);

    expectArmRequest(server.requests[0], { method: "PUT", path: TOKEN_PATH, body: wireBody });
    expect(server.requests).toHaveLength(1);
    expect(token).toStrictEqual(expected);
  });

  it.each(MODES)("accepts a 200 answer (%s)", async (mode) => {
    server.on("PUT", TOKEN_PATH, { status: 200, body: answer });
    expect(await create(mode, "myToken", { scopeMapId: SCOPE_MAP_ID })).toStrictEqual(expected);
    expectArmRequest(server.requests[0], { method: "PUT", path: TOKEN_PATH, body: { properties: { scopeMapId: SCOPE_MAP_ID } } });
    expect(server.requests).toHaveLength(1);
  });

  it.each(MODES)("turns a 409 ARM error into a RestError (%s)", async (mode) => {
    server.on("PUT", TOKEN_PATH, {
      status: 409,
      body: { error: { code: "Conflict", message: "Another operation on the token is in progress." } },
    });
    await expectRestError(create(mode, "myToken", { scopeMapId: SCOPE_MAP_ID }), {
      statusCode: 409,
      code: "Conflict",
      message: "Another operation on the token is in progress.",
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe("tokens.beginUpdate", () => {
  async function update(mode: Mode, ...args: Parameters<ContainerRegistryManagementClient["tokens"]["beginUpdate"]>): Promise<Token> {
    if (mode === "beginXAndWait") return client.tokens.beginUpdateAndWait(...args);
    const poller = await client.tokens.beginUpdate(...args);
    const result = await poller.pollUntilDone();
    expect(poller.isDone()).toBe(true);
    return result;
  }

  it.each(MODES.flatMap((mode) => [200, 201].map((status) => [mode, status] as const)))(
    "PATCHes the TokenUpdate example's body and parses its %s answer with status %s",
    async (mode, status) => {
      const example = loadExample("TokenUpdate");
      const { properties } = example.parameters.tokenUpdateParameters;
      // The example's 201 carries an Azure-AsyncOperation header; answered synchronously here, without it.
      server.on("PATCH", TOKEN_PATH, { status, body: exampleBody(example, status) });

      const token = await update(mode, RG, REGISTRY, "myToken", { scopeMapId: properties.scopeMapId, credentials: properties.credentials });

      expectArmRequest(server.requests[0], { method: "PATCH", path: TOKEN_PATH, body: example.parameters.tokenUpdateParameters });
      expect(server.requests).toHaveLength(1);
      const pem = properties.credentials.certificates[0].encodedPemCertificate;
      expect(token).toStrictEqual({
        id: TOKEN_ID,
        name: "myToken",
        type: "Microsoft.ContainerRegistry/registries/tokens",
        creationDate: new Date("2017-03-01T23:14:37.0707808Z"),
        scopeMapId: NEW_SCOPE_MAP_ID,
        provisioningState: "Succeeded",
        status: "enabled",
        credentials: { certificates: [{ name: "certificate1", encodedPemCertificate: pem }] },
      });
    },
  );

  it("sends only the properties given (status alone), with dates of passwords as ISO strings", async () => {
    server.on("PATCH", TOKEN_PATH, { status: 200, body: exampleBody(loadExample("TokenGet"), 200) });

    await client.tokens.beginUpdateAndWait(RG, REGISTRY, "myToken", { status: KnownTokenStatus.Disabled });
    await client.tokens.beginUpdateAndWait(RG, REGISTRY, "myToken", {
      credentials: { passwords: [{ name: "password2", expiry: new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 6)) }] },
    });

    expectArmRequest(server.requests[0], { method: "PATCH", path: TOKEN_PATH, body: { properties: { status: "disabled" } } });
    expectArmRequest(server.requests[1], {
      method: "PATCH",
      path: TOKEN_PATH,
      body: { properties: { credentials: { passwords: [{ name: "password2", expiry: "2031-01-02T03:04:05.006Z" }] } } },
    });
  });

  it("turns a 400 ARM error into a RestError", async () => {
    server.on("PATCH", TOKEN_PATH, { status: 400, body: { error: { code: "InvalidScopeMapId", message: "The scope map does not exist." } } });
    await expectRestError(client.tokens.beginUpdateAndWait(RG, REGISTRY, "myToken", { scopeMapId: NEW_SCOPE_MAP_ID }), {
      statusCode: 400,
      code: "InvalidScopeMapId",
      message: "The scope map does not exist.",
    });
  });
});

describe("tokens.beginDelete", () => {
  it.each(MODES.flatMap((mode) => [200, 204].map((status) => [mode, status] as const)))(
    "DELETEs the token without a body and resolves to undefined (%s, status %s)",
    async (mode, status) => {
      server.on("DELETE", TOKEN_PATH, { status });

      let result: void;
      if (mode === "beginXAndWait") {
        result = await client.tokens.beginDeleteAndWait(RG, REGISTRY, "myToken");
      } else {
        const poller = await client.tokens.beginDelete(RG, REGISTRY, "myToken");
        result = await poller.pollUntilDone();
        expect(poller.isDone()).toBe(true);
        expect(poller.getOperationState().status).toBe("succeeded");
      }

      expect(result).toBeUndefined();
      expectArmRequest(server.requests[0], { method: "DELETE", path: TOKEN_PATH, body: undefined });
      expect(server.requests).toHaveLength(1);
    },
  );

  it("turns a 404 ARM error into a RestError", async () => {
    server.on("DELETE", TOKEN_PATH, { status: 404, body: { error: { code: "TokenNotFound", message: "Token myToken not found." } } });
    await expectRestError(client.tokens.beginDeleteAndWait(RG, REGISTRY, "myToken"), {
      statusCode: 404,
      code: "TokenNotFound",
      message: "Token myToken not found.",
    });
  });
});
