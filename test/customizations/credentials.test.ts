// generateCredentials against the scripted HTTPS server: the requests it sends, how it reads the answer.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateCredentials } from "../../src/customizations/credentials.js";
import { TokenTaskError } from "../../src/customizations/taskErrors.js";
import { InvalidParameterError } from "../../src/index.js";
import { createTestClient, startTestServer, type TestServer } from "../support/testServer.js";
import {
  GENERATE_PATH,
  LOGIN_SERVER,
  OTHER_SUBSCRIPTION,
  REGISTRY_PATH,
  TOKEN_ID,
  TOKEN_REF,
  lines,
  notFound,
  registryJson,
  rejectionOf,
  serveGenerate,
  serveRegistry,
} from "./fixtures.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("generateCredentials", () => {
  it("regenerates both slots in one call and picks them by name", async () => {
    serveRegistry(server);
    const { issued } = serveGenerate(server);
    const client = createTestClient(server);

    const result = await generateCredentials(client, TOKEN_REF);

    expect(result).toEqual({
      username: "myToken",
      loginServer: LOGIN_SERVER,
      passwords: {
        password1: { value: issued["password1"], creationTime: expect.any(Date) },
        password2: { value: issued["password2"], creationTime: expect.any(Date) },
      },
    });
    const post = server.requests.find((r) => r.method === "POST")!;
    expect(post.path).toBe(GENERATE_PATH);
    expect(post.json).toEqual({ tokenId: TOKEN_ID });
    expect(lines(server).sort()).toEqual([`GET ${REGISTRY_PATH}`, `POST ${GENERATE_PATH}`]);
  });

  it("returns only the named slot, though the answer lists the other one without a value", async () => {
    serveRegistry(server);
    const { issued } = serveGenerate(server, [{ name: "password1", creationTime: "2025-01-01T00:00:00Z" }]);
    const client = createTestClient(server);

    const result = await generateCredentials(client, TOKEN_REF, { password: "password2" });

    expect(Object.keys(result.passwords)).toEqual(["password2"]);
    expect(result.passwords.password2?.value).toBe(issued["password2"]);
    expect(server.requests.find((r) => r.method === "POST")!.json).toEqual({ tokenId: TOKEN_ID, name: "password2" });
  });

  it("sends an expiry given as a Date or as days from now", async () => {
    serveRegistry(server);
    serveGenerate(server);
    const client = createTestClient(server);
    const at = new Date("2099-06-01T12:00:00.000Z");

    const fixed = await generateCredentials(client, TOKEN_REF, { expiry: at, password: "password1" });
    expect(server.requests.find((r) => r.method === "POST")!.json.expiry).toBe("2099-06-01T12:00:00.000Z");
    expect(fixed.passwords.password1?.expiry).toEqual(at);

    server.requests.length = 0;
    const before = Date.now();
    await generateCredentials(client, TOKEN_REF, { expiry: { days: 30 } });
    const after = Date.now();
    const sent = Date.parse(server.requests.find((r) => r.method === "POST")!.json.expiry);
    expect(sent).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(sent).toBeLessThanOrEqual(after + 30 * 86_400_000);
  });

  it("accepts the token's resource ID", async () => {
    serveRegistry(server);
    serveGenerate(server);
    const result = await generateCredentials(createTestClient(server), TOKEN_ID, { password: "password1" });
    expect(result.username).toBe("myToken");
    expect(server.requests.find((r) => r.method === "POST")!.json.tokenId).toBe(TOKEN_ID);
  });

  it("reads the registry before it generates anything", async () => {
    serveRegistry(server);
    serveGenerate(server);
    const result = await generateCredentials(createTestClient(server), TOKEN_REF);
    expect(result.loginServer).toBe(LOGIN_SERVER);
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  });

  it("passes abortSignal and updateIntervalInMs through to the generated client", async () => {
    serveRegistry(server);
    serveGenerate(server);
    const client = createTestClient(server);
    const generate = vi.spyOn(client.registries, "beginGenerateCredentialsAndWait");
    const get = vi.spyOn(client.registries, "get");
    const controller = new AbortController();

    await generateCredentials(client, TOKEN_REF, { abortSignal: controller.signal, updateIntervalInMs: 5 });

    expect(generate.mock.calls[0]![3]).toEqual({ abortSignal: controller.signal, updateIntervalInMs: 5 });
    expect(get.mock.calls[0]![2]).toEqual({ abortSignal: controller.signal });
  });

  it("stops when aborted", async () => {
    serveRegistry(server);
    serveGenerate(server);
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF, { abortSignal: controller.signal }));
    expect(error.name).toBe("AbortError");
  });

  it("passes the service's 404 for a missing token through", async () => {
    serveRegistry(server);
    server.on("POST", GENERATE_PATH, notFound("Microsoft.ContainerRegistry/registries/myRegistry/tokens/myToken"));
    const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("ResourceNotFound");
  });

  it("reads the login server first: a failing read generates nothing, so no password is lost", async () => {
    server.on("GET", REGISTRY_PATH, { status: 403, body: { error: { code: "AuthorizationFailed", message: "no read access" } } });
    serveGenerate(server);
    const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF));
    expect(error).toBeInstanceOf(RestError);
    expect(error.code).toBe("AuthorizationFailed");
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("generates nothing for a registry without a login server", async () => {
    server.on("GET", REGISTRY_PATH, { status: 200, body: registryJson(null) });
    serveGenerate(server);
    const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF));
    expect(error.code).toBe("IncompleteResponse");
    expect(error.message).toContain("has no login server; no passwords were generated");
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("fails when the answer has no value for a requested slot", async () => {
    serveRegistry(server);
    server.on("POST", GENERATE_PATH, { status: 200, body: { username: "myToken", passwords: [{ name: "password1", value: "S3CRET-x" }, { name: "password2" }] } });
    const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF));
    expect(error).toBeInstanceOf(TokenTaskError);
    expect(error.code).toBe("IncompleteResponse");
    expect(error.message).toContain("password2");
    expect(error.message).not.toContain("S3CRET-x");
  });

  describe("checks its inputs before any request", () => {
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ["zero days", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: 0 } }), /options\.expiry\.days must be more than zero/],
      ["negative days", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: -3 } }), /options\.expiry\.days must be more than zero/],
      ["NaN days", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: Number.NaN } }), /options\.expiry\.days must be a finite number/],
      ["infinite days", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: Infinity } }), /options\.expiry\.days must be a finite number/],
      ["too many days", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: 1e12 } }), /options\.expiry\.days is too large/],
      ["an invalid Date", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: new Date("soon") }), /options\.expiry is an invalid Date/],
      ["a past Date", () => generateCredentials(createTestClient(server), TOKEN_REF, { expiry: new Date("2000-01-01") }), /options\.expiry must be in the future/],
      ["an unknown slot", () => generateCredentials(createTestClient(server), TOKEN_REF, { password: "password3" as never }), /options\.password must be one of: password1, password2/],
      ["a bad interval", () => generateCredentials(createTestClient(server), TOKEN_REF, { updateIntervalInMs: -1 }), /options\.updateIntervalInMs/],
      ["a short token name", () => generateCredentials(createTestClient(server), { ...TOKEN_REF, token: "ab" }), /tokenRef\.token "ab" is too short/],
      ["a malformed ID", () => generateCredentials(createTestClient(server), "/subscriptions/x/tokens/y"), /tokenRef/],
      [
        "an ID in another subscription",
        () => generateCredentials(createTestClient(server), TOKEN_ID.replace(/subscriptions\/[^/]+/, `subscriptions/${OTHER_SUBSCRIPTION}`)),
        /tokenRef names subscription 11111111-1111-1111-1111-111111111111, but the client works in subscription 00000000/,
      ],
    ];
    it.each(cases)("refuses %s", async (_label, call, message) => {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toMatch(message);
      expect(server.requests).toEqual([]);
    });

    it("reports the parameter and rule on its own checks", async () => {
      const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF, { expiry: { days: 0 } }));
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error).toMatchObject({ parameterName: "options.expiry.days", rule: "positive" });
    });

    it("does not echo a mistaken slot value, which could be a password", async () => {
      const error = await rejectionOf(generateCredentials(createTestClient(server), TOKEN_REF, { password: "S3CRET-oops" as never }));
      expect(error.message).not.toContain("S3CRET-oops");
    });
  });
});
