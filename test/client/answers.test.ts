// Answers that do not fit: every malformed or oversized body becomes a RestError with a code to test
// (InvalidResponse, PARSE_ERROR, ResponseTooLarge, RepeatedNextLink), never a bare TypeError, and the
// values of x-ms-secret fields stay out of RestError details and messages.
import { inspect } from "node:util";
import { createGzip } from "node:zlib";
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { ClientErrorCodes, type ContainerRegistryManagementClient } from "../../src/index.js";
import { restErrorOf } from "../support/outcomes.js";
import { createTestClient, registryPath, SUBSCRIPTION_ID, type TestServer, useTestServer } from "../support/testServer.js";

let server: TestServer;
let client: ContainerRegistryManagementClient;
useTestServer((s, c) => ((server = s), (client = c)));

const RG = "myResourceGroup";
const REG = "myRegistry";
const tokenPath = `${registryPath()}/tokens/myToken`;
const listPath = `${registryPath()}/tokens`;
const generatePath = `${registryPath()}/generateCredentials`;
const operationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op1`;


const get = () => client.tokens.get(RG, REG, "myToken");
const list = async () => {
  for await (const token of client.tokens.list(RG, REG)) void token;
};
const generate = () => client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });

describe("answers that do not fit their model", () => {
  const cases: Array<[string, string, string, string, () => Promise<unknown>]> = [
    ["an empty 200 for a model", "GET", tokenPath, "", get],
    ["null for a model", "GET", tokenPath, "null", get],
    ["a string for a model", "GET", tokenPath, '"myToken"', get],
    ["an array for a model", "GET", tokenPath, "[]", get],
    ["a string where an array belongs", "GET", tokenPath, '{"properties":{"credentials":{"passwords":"p"}}}', get],
    ["a null array item", "GET", tokenPath, '{"properties":{"credentials":{"passwords":[null]}}}', get],
    ["an array where a nested object belongs", "GET", tokenPath, '{"systemData":[]}', get],
    ["a string where a nested object belongs", "GET", tokenPath, '{"properties":{"credentials":"c"}}', get],
    ["a number as an array's object item", "GET", tokenPath, '{"properties":{"credentials":{"passwords":[1]}}}', get],
    ["a string for the flattened properties", "GET", tokenPath, '{"name":"myToken","properties":"enabled"}', get],
    ["an array for the flattened properties", "GET", tokenPath, '{"name":"myToken","properties":[]}', get],
    ["a page that is null", "GET", listPath, "null", list],
    ["a page whose value is an object", "GET", listPath, '{"value":{"a":1}}', list],
    ["a null item in a page", "GET", listPath, '{"value":[null]}', list],
    ["a nextLink that is a number", "GET", listPath, '{"value":[],"nextLink":5}', list],
    ["an empty final result", "POST", generatePath, "", generate],
    ["a null final result", "POST", generatePath, "null", generate],
    ["passwords as an object in a final result", "POST", generatePath, '{"passwords":{"value":"x"}}', generate],
  ];
  it.each(cases)("turns %s into RestError InvalidResponse", async (_name, method, path, body, call) => {
    server.on(method, path, { status: 200, body, headers: { "content-type": "application/json" } });
    const error = await restErrorOf(call);
    expect(error.code).toBe(ClientErrorCodes.invalidResponse);
    expect(error.statusCode).toBe(200);
    expect(error.message).toMatch(/^The service answered 200 with a body that does not fit the expected model: /);
  });

  it("still treats a page without value as empty", async () => {
    server.on("GET", listPath, { status: 200, body: { nextLink: null } });
    await expect(list()).resolves.toBeUndefined();
  });

  it("ends a list whose nextLink names a page it has read, instead of looping", async () => {
    server.on("GET", listPath, (request, s) => ({
      status: 200,
      body: { value: [{ name: `t${request.query.get("page") ?? 0}` }], nextLink: `${s.endpoint}${listPath}?page=${request.query.get("page") === "1" ? 2 : 1}` },
    }));
    // Page 2 links back to page 1.
    server.on("GET", listPath, { status: 200, body: { value: [] } });
    const names: string[] = [];
    const error = await (async () => {
      for await (const token of client.tokens.list(RG, REG)) names.push(token.name!);
    })().catch((e: unknown) => e);
    expect((error as RestError).code).toBe(ClientErrorCodes.repeatedNextLink);
    expect(names).toEqual(["t0", "t1", "t2"]);
    expect(server.requests).toHaveLength(3);
  });
});

describe("oversized answers", () => {
  /** A gzip body of `inflated` spaces: small on the wire, large once read. */
  async function gzipOf(inflated: number): Promise<Buffer> {
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on("data", (chunk: Buffer) => parts.push(chunk));
    const ended = new Promise((resolve) => gzip.once("end", resolve));
    const chunk = Buffer.alloc(1 << 20, 0x20);
    for (let written = 0; written < inflated; written += chunk.length) gzip.write(chunk);
    gzip.end();
    await ended;
    return Buffer.concat(parts);
  }

  it("stops reading a gzip answer that inflates past maxResponseBytes", async () => {
    const bomb = await gzipOf(16 * 2 ** 20);
    server.on("GET", tokenPath, { status: 200, headers: { "content-encoding": "gzip", "content-type": "application/json" }, body: bomb });
    const small = createTestClient(server, { maxResponseBytes: 2 ** 20 });
    const error = await restErrorOf(() => small.tokens.get(RG, REG, "myToken"));
    expect(error.code).toBe(ClientErrorCodes.responseTooLarge);
    expect(error.statusCode).toBe(200);
    // The connection was cut; the next call works on a fresh one.
    server.reset();
    server.on("GET", tokenPath, { status: 200, body: { name: "myToken" } });
    await expect(small.tokens.get(RG, REG, "myToken")).resolves.toEqual({ name: "myToken" });
  });

  it("caps at 64 MiB by default", async () => {
    const bomb = await gzipOf(65 * 2 ** 20);
    server.on("GET", tokenPath, { status: 200, headers: { "content-encoding": "gzip" }, body: bomb });
    expect((await restErrorOf(get)).code).toBe("ResponseTooLarge");
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    server.on("GET", tokenPath, { status: 200, body: JSON.stringify({ name: "x".repeat(5000) }) });
    const error = await restErrorOf(() => createTestClient(server, { maxResponseBytes: 1000 }).tokens.get(RG, REG, "myToken"));
    expect(error.code).toBe("ResponseTooLarge");
  });

  it("checks maxResponseBytes when the client is made", () => {
    for (const bad of [0, -1, 1.5, Number.POSITIVE_INFINITY, 2 ** 40]) {
      expect(() => createTestClient(server, { maxResponseBytes: bad })).toThrow(expect.objectContaining({ parameterName: "options.maxResponseBytes", rule: "range" }));
    }
  });
});

describe("secrets in error answers", () => {
  const SECRET = "S3CRET-in-an-error-body";

  it("redacts x-ms-secret values from details and the message of a failed answer", async () => {
    server.on("POST", generatePath, {
      status: 400,
      body: {
        error: { code: "BadRequest", message: `password ${SECRET} was refused` },
        passwords: [{ name: "password1", value: SECRET }],
        ipRules: [{ value: "10.0.0.0/8" }],
      },
    });
    const error = await restErrorOf(generate);
    expect(error.code).toBe("BadRequest");
    expect(error.message).toBe("password (redacted) was refused");
    expect(error.details).toEqual({
      error: { code: "BadRequest", message: "password (redacted) was refused" },
      passwords: [{ name: "password1", value: "(redacted)" }],
      ipRules: [{ value: "10.0.0.0/8" }],
    });
    expect(JSON.stringify(error.details)).not.toContain(SECRET);
    expect(inspect(error)).not.toContain(SECRET);
  });

  it("redacts the passwords of a resource whose long-running operation failed", async () => {
    server.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` }, body: { name: "myToken" } }));
    server.on("GET", operationPath, {
      status: 200,
      body: { status: "Failed", properties: { credentials: { passwords: [{ name: "password1", value: SECRET }] } } },
    });
    const error = await restErrorOf(() => client.tokens.beginCreateAndWait(RG, REG, "myToken", {}));
    expect(error.code).toBe("OperationFailed");
    expect(JSON.stringify(error.details)).not.toContain(SECRET);
    expect((error.details as any).properties.credentials.passwords[0].value).toBe("(redacted)");
  });
});
