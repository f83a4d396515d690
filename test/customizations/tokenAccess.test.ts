// checkTokenAccess against scripted login servers: where the password may go, what each failure
// becomes, and that neither the password nor the access token shows up in a log line or message.
import { AzureLogger, setLogLevel } from "@azure/logger";
import { afterEach, describe, expect, it } from "vitest";
import { checkTokenAccess, InvalidParameterError, TokenAccessErrorCodes, type CheckTokenAccessParams } from "../../src/index.js";
import { useTestServer, type TestServer } from "../support/testServer.js";

const PASSWORD = "s3cret-Password-Value-0123456789abcdefghij";
let server: TestServer;
useTestServer((s) => {
  server = s;
});

function host(): string {
  return new URL(server.endpoint).host;
}

function params(extra: Partial<CheckTokenAccessParams> = {}): CheckTokenAccessParams {
  return { loginServer: host(), username: "ci-token", password: PASSWORD, repositories: ["app/web", "app/api"], tlsOptions: { ca: server.ca }, ...extra };
}

function jwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

const ACCESS_TOKEN = jwt({ iss: "Azure Container Registry", access: [{ type: "repository", name: "app/web", actions: ["pull", "metadata_read"] }] });

function challengeWith(realm: string, service = "svc") {
  server.on("GET", "/v2/", { status: 401, headers: { "www-authenticate": `Bearer realm="${realm}",service="${service}"` }, body: { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] } });
}

/** The request's Authorization header carries the password (Basic) — which requests did. */
function requestsWithCredentials(): string[] {
  return server.requests.filter((r) => typeof r.headers.authorization === "string").map((r) => r.path);
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string; statusCode?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, "expected a failure").toBeInstanceOf(Error);
  expect(String((error as Error).message)).not.toContain(PASSWORD);
  return error as Error & { code?: string };
}

afterEach(() => setLogLevel("warning"));

describe("checkTokenAccess", () => {
  it("asks once for every action on every repository and maps the granted ones back", async () => {
    challengeWith(`${server.endpoint}/oauth2/token`, host());
    server.on("GET", "/oauth2/token", { status: 200, body: { access_token: ACCESS_TOKEN } });
    const result = await checkTokenAccess(params());
    expect(result).toEqual({ authenticated: true, repositories: { "app/web": ["content/read", "metadata/read"], "app/api": [] } });
    const tokenRequests = server.requests.filter((r) => r.path === "/oauth2/token");
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.query.get("service")).toBe(host());
    expect(tokenRequests[0]!.query.getAll("scope")).toEqual([
      "repository:app/web:pull,push,delete,metadata_read,metadata_write",
      "repository:app/api:pull,push,delete,metadata_read,metadata_write",
    ]);
    expect(tokenRequests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`ci-token:${PASSWORD}`).toString("base64")}`);
    // The probe carried no credentials.
    expect(requestsWithCredentials()).toEqual(["/oauth2/token"]);
  });

  it("resolves authenticated: false when the token endpoint answers 401", async () => {
    challengeWith(`${server.endpoint}/oauth2/token`);
    server.on("GET", "/oauth2/token", { status: 401, body: { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] } });
    expect(await checkTokenAccess(params())).toEqual({ authenticated: false, repositories: { "app/web": [], "app/api": [] } });
  });

  it.each([
    ["another host", "https://login.attacker.example/oauth2/token"],
    ["another port", "https://127.0.0.1:1/oauth2/token"],
    ["plain http", "http://HOST/oauth2/token"],
    ["no URL", "not a url"],
    ["credentials in the URL", "https://user:pw@HOST/oauth2/token"],
  ])("refuses a realm on %s without sending the password", async (_what, realm) => {
    challengeWith(realm.replace("HOST", host()));
    const error = await failureOf(checkTokenAccess(params()));
    expect(error).toMatchObject({ name: "RestError", code: TokenAccessErrorCodes.untrustedRealm });
    expect(error.message).toMatch(/the password was not sent/);
    expect(requestsWithCredentials()).toEqual([]);
  });

  it("names the firewall on a 403, from the probe or the token endpoint", async () => {
    server.once("GET", "/v2/", { status: 403, body: { errors: [{ code: "DENIED", message: "client with IP '127.0.0.1' is not allowed access." }] } });
    const first = await failureOf(checkTokenAccess(params()));
    expect(first).toMatchObject({ code: TokenAccessErrorCodes.firewallDenied, statusCode: 403 });
    expect(first.message).toMatch(/firewall refused this client .*DENIED: client with IP '127\.0\.0\.1' is not allowed access/);

    challengeWith(`${server.endpoint}/oauth2/token`);
    server.on("GET", "/oauth2/token", { status: 403, body: { errors: [{ code: "DENIED", message: "denied" }] } });
    expect(await failureOf(checkTokenAccess(params()))).toMatchObject({ code: TokenAccessErrorCodes.firewallDenied, statusCode: 403 });
  });

  it("keeps the password out of a message even when the server echoes it", async () => {
    challengeWith(`${server.endpoint}/oauth2/token`);
    server.on("GET", "/oauth2/token", { status: 500, body: { errors: [{ code: "UNKNOWN", message: `bad password ${PASSWORD}` }] } });
    const error = await failureOf(checkTokenAccess(params()));
    expect(error).toMatchObject({ code: TokenAccessErrorCodes.unexpectedAnswer, statusCode: 500 });
    expect(error.message).toMatch(/UNKNOWN: bad password \(redacted\)/);
  });

  it("reports a login server without a challenge, and an answer without a JWT", async () => {
    server.once("GET", "/v2/", { status: 200, body: {} });
    expect(await failureOf(checkTokenAccess(params()))).toMatchObject({ code: TokenAccessErrorCodes.unexpectedAnswer });
    challengeWith(`${server.endpoint}/oauth2/token`);
    server.on("GET", "/oauth2/token", { status: 200, body: { access_token: "opaque" } });
    expect(await failureOf(checkTokenAccess(params()))).toMatchObject({ code: TokenAccessErrorCodes.unexpectedAnswer });
  });

  it("tells an unreachable login server and an untrusted certificate apart from a refusal", async () => {
    const closed = await failureOf(checkTokenAccess(params({ loginServer: "127.0.0.1:1" })));
    expect(closed).toMatchObject({ name: "RestError", code: TokenAccessErrorCodes.unreachable });
    expect(closed.message).toMatch(/Could not reach the login server 127\.0\.0\.1:1 \(GET \/v2\/\): ECONNREFUSED/);
    const untrusted = await failureOf(checkTokenAccess(params({ tlsOptions: undefined })));
    expect(untrusted).toMatchObject({ code: TokenAccessErrorCodes.unreachable });
    expect(untrusted.message).toMatch(/tlsOptions\.ca/);
    expect(requestsWithCredentials()).toEqual([]);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(checkTokenAccess(params({ abortSignal: controller.signal }))).rejects.toMatchObject({ name: "AbortError" });
  });

  it("logs neither the password nor the access token at verbose level", async () => {
    const lines: string[] = [];
    const previous = AzureLogger.log;
    AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    setLogLevel("verbose");
    try {
      challengeWith(`${server.endpoint}/oauth2/token`, host());
      server.on("GET", "/oauth2/token", { status: 200, body: { access_token: ACCESS_TOKEN } });
      const result = await checkTokenAccess(params());
      expect(JSON.stringify(result)).not.toContain(ACCESS_TOKEN);
    } finally {
      AzureLogger.log = previous;
    }
    for (const line of lines) {
      expect(line).not.toContain(PASSWORD);
      expect(line).not.toContain(ACCESS_TOKEN);
    }
  });

  it.each([
    ["params", null, "params", "type"],
    ["loginServer", { loginServer: "https://r.azurecr.io" }, "params.loginServer", "format"],
    ["username", { username: "a:b" }, "params.username", "pattern"],
    ["password", { password: "" }, "params.password", "required"],
    ["password type", { password: 5 }, "params.password", "type"],
    ["repositories", { repositories: [] }, "params.repositories", "minItems"],
    ["too many", { repositories: Array.from({ length: 101 }, (_, i) => `r${i}`) }, "params.repositories", "maxItems"],
    ["wildcard", { repositories: ["app/*"] }, "params.repositories[0]", "pattern"],
    ["bad name", { repositories: ["App"] }, "params.repositories[0]", "pattern"],
    ["duplicate", { repositories: ["a", "a"] }, "params.repositories", "unique"],
    ["tlsOptions", { tlsOptions: "ca" }, "params.tlsOptions", "type"],
  ])("refuses a bad %s before any request", async (_what, change, parameterName, rule) => {
    const input = change === null ? null : { ...params(), ...change };
    const error = await failureOf(checkTokenAccess(input as never));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameterName, rule });
    expect(server.requests).toEqual([]);
  });
});
