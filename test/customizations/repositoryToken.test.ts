// createRepositoryToken and deleteRepositoryToken against an in-memory registry on the scripted HTTPS server.
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { dockerCredentials } from "../../src/customizations/docker.js";
import { createRepositoryToken, deleteRepositoryToken, type CreateRepositoryTokenParams } from "../../src/customizations/repositoryToken.js";
import { TokenTaskError } from "../../src/customizations/taskErrors.js";
import { InvalidParameterError } from "../../src/generated/runtime/validation.js";
import { createTestClient, startTestServer, type TestServer } from "../support/testServer.js";
import {
  captureWarnings,
  GENERATE_PATH,
  LOGIN_SERVER,

  REGISTRY,
  REGISTRY_PATH,
  RG,
  SCOPE_MAPS_PATH,
  TOKENS_PATH,
  fakeRegistry,
  lines,
  rejectionOf,
  scopeMapPath,
  tokenPath,
} from "./fixtures.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const base = { resourceGroup: RG, registry: REGISTRY, token: "ci-web" } as const;
const webPull: CreateRepositoryTokenParams = { ...base, repositories: { "app/web": ["content/read", "metadata/read"] } };
const WEB_ACTIONS = ["repositories/app/web/content/read", "repositories/app/web/metadata/read"];

describe("createRepositoryToken", () => {
  it("makes <token>-scope-map, creates the token with it and generates both passwords", async () => {
    const fake = fakeRegistry(server);
    const result = await createRepositoryToken(createTestClient(server), webPull);

    expect(result).toEqual({
      token: { name: "ci-web", id: tokenPath("ci-web"), status: "enabled" },
      scopeMap: { name: "ci-web-scope-map", id: scopeMapPath("ci-web-scope-map"), created: true },
      username: "ci-web",
      loginServer: LOGIN_SERVER,
      passwords: {
        password1: { value: fake.issued[1], creationTime: expect.any(Date) },
        password2: { value: fake.issued[0], creationTime: expect.any(Date) },
      },
    });
    expect(fake.scopeMaps.get("ci-web-scope-map")).toEqual(WEB_ACTIONS);
    const writes = server.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT ${scopeMapPath("ci-web-scope-map")}`,
      `PUT ${tokenPath("ci-web")}`,
      `POST ${GENERATE_PATH}`,
    ]);
    expect(writes[1]!.json).toEqual({ properties: { scopeMapId: scopeMapPath("ci-web-scope-map"), status: "enabled" } });
    expect(writes[2]!.json).toEqual({ tokenId: tokenPath("ci-web") });
    // The result plugs straight into docker login.
    expect(dockerCredentials(result).password).toBe(fake.issued[1]);
  });

  it("accepts the longest token name whose scope map name is still valid", async () => {
    const fake = fakeRegistry(server);
    const token = "t".repeat(40);
    const result = await createRepositoryToken(createTestClient(server), { ...webPull, token });
    expect(result.scopeMap.name).toBe(`${token}-scope-map`);
    expect(fake.names()).toEqual({ tokens: [token], scopeMaps: ["_repositories_pull", `${token}-scope-map`] });
  });

  it("reads the registry, the token and the scope map before writing anything", async () => {
    fakeRegistry(server);
    await createRepositoryToken(createTestClient(server), webPull);
    expect(lines(server).slice(0, 3).sort()).toEqual(
      [`GET ${REGISTRY_PATH}`, `GET ${scopeMapPath("ci-web-scope-map")}`, `GET ${tokenPath("ci-web")}`].sort(),
    );
  });

  it("reuses an existing <token>-scope-map with the same actions in any order", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", [...WEB_ACTIONS].reverse());
    const result = await createRepositoryToken(createTestClient(server), webPull);
    expect(result.scopeMap).toEqual({ name: "ci-web-scope-map", id: scopeMapPath("ci-web-scope-map"), created: false });
    expect(server.requests.some((r) => r.method === "PUT" && r.path.startsWith(SCOPE_MAPS_PATH))).toBe(false);
  });

  it("refuses a <token>-scope-map with other actions, naming it and the difference", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", ["repositories/app/web/content/read", "repositories/app/web/content/write"]);
    const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(error).toBeInstanceOf(TokenTaskError);
    expect(error.code).toBe("ScopeMapConflict");
    expect(error.message).toContain('"ci-web-scope-map"');
    expect(error.message).toContain('it lacks "repositories/app/web/metadata/read"');
    expect(error.message).toContain('it also allows "repositories/app/web/content/write"');
    expect(server.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("uses a named existing scope map, such as a built-in one", async () => {
    const fake = fakeRegistry(server);
    const result = await createRepositoryToken(createTestClient(server), { ...base, scopeMap: "_repositories_pull", passwords: ["password2"] });
    expect(result.scopeMap).toEqual({ name: "_repositories_pull", id: scopeMapPath("_repositories_pull"), created: false });
    expect(Object.keys(result.passwords)).toEqual(["password2"]);
    expect(fake.tokens.get("ci-web")?.scopeMap).toBe("_repositories_pull");
    expect(server.requests.find((r) => r.method === "POST")!.json).toEqual({ tokenId: tokenPath("ci-web"), name: "password2" });
  });

  it("refuses a named scope map that does not exist", async () => {
    fakeRegistry(server);
    const error = await rejectionOf(createRepositoryToken(createTestClient(server), { ...base, scopeMap: "missing-map" }));
    expect(error).toBeInstanceOf(TokenTaskError);
    expect(error.code).toBe("ScopeMapNotFound");
    expect(error.message).toContain('"missing-map"');
    expect(server.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("refuses to overwrite an existing token", async () => {
    const fake = fakeRegistry(server);
    fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "_repositories_pull", status: "enabled", passwords: [{ name: "password1" }] });
    const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(error).toBeInstanceOf(TokenTaskError);
    expect(error.code).toBe("TokenAlreadyExists");
    expect(error.message).toMatch(/"ci-web" already exists .* wipe its passwords/);
    expect(server.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(fake.tokens.get("ci-web")?.passwords).toEqual([{ name: "password1" }]);
  });

  it("sends status, password slot and expiry as asked", async () => {
    fakeRegistry(server);
    const expiry = new Date("2099-01-01T00:00:00.000Z");
    const result = await createRepositoryToken(createTestClient(server), { ...webPull, status: "disabled", passwords: ["password1"], expiry });
    expect(result.token.status).toBe("disabled");
    expect(result.passwords.password1?.expiry).toEqual(expiry);
    expect(server.requests.find((r) => r.method === "PUT" && r.path === tokenPath("ci-web"))!.json.properties.status).toBe("disabled");
    expect(server.requests.find((r) => r.method === "POST")!.json).toEqual({ tokenId: tokenPath("ci-web"), name: "password1", expiry: "2099-01-01T00:00:00.000Z" });
  });

  describe("leaves nothing behind when a step fails", () => {
    it("removes the token, then the scope map it made, when generating passwords fails", async () => {
      const fake = fakeRegistry(server);
      server.once("POST", GENERATE_PATH, { status: 500, body: { error: { code: "InternalServerError", message: "generation broke" } } });
      const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
      expect(error).toBeInstanceOf(RestError);
      expect(error.statusCode).toBe(500);
      expect(error.message).toBe("generation broke");
      expect(lines(server).filter((l) => l.startsWith("DELETE"))).toEqual([`DELETE ${tokenPath("ci-web")}`, `DELETE ${scopeMapPath("ci-web-scope-map")}`]);
      expect(fake.names()).toEqual({ tokens: [], scopeMaps: ["_repositories_pull"] });
    });

    it("removes the scope map it made when creating the token fails", async () => {
      const fake = fakeRegistry(server);
      server.once("PUT", tokenPath("ci-web"), { status: 409, body: { error: { code: "Conflict", message: "token busy" } } });
      const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
      expect(error.code).toBe("Conflict");
      expect(fake.names()).toEqual({ tokens: [], scopeMaps: ["_repositories_pull"] });
    });

    it("keeps a scope map it did not make", async () => {
      const fake = fakeRegistry(server);
      fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
      server.once("POST", GENERATE_PATH, { status: 500, body: { error: { code: "InternalServerError", message: "generation broke" } } });
      await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
      expect(fake.names()).toEqual({ tokens: [], scopeMaps: ["_repositories_pull", "ci-web-scope-map"] });
      expect(lines(server).filter((l) => l.startsWith("DELETE"))).toEqual([`DELETE ${tokenPath("ci-web")}`]);
    });

    it("cleans up after an abort, though the abort signal has fired", async () => {
      const fake = fakeRegistry(server);
      const controller = new AbortController();
      server.once("POST", GENERATE_PATH, async () => {
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { status: 500 };
      });
      const error = await rejectionOf(createRepositoryToken(createTestClient(server), { ...webPull, abortSignal: controller.signal }));
      expect(error.name).toBe("AbortError");
      expect(fake.names()).toEqual({ tokens: [], scopeMaps: ["_repositories_pull"] });
    });

    describe("when the cleanup fails too", () => {
      const logged = captureWarnings();

      it("still throws the original error and logs what is left", async () => {
        const fake = fakeRegistry(server);
        server.once("POST", GENERATE_PATH, { status: 500, body: { error: { code: "InternalServerError", message: "generation broke" } } });
        server.once("DELETE", tokenPath("ci-web"), { status: 500, body: { error: { code: "InternalServerError", message: "delete broke" } } });
        const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
        expect(error.message).toBe("generation broke");
        expect(fake.names().tokens).toEqual(["ci-web"]);
        expect(logged.join("\n")).toMatch(/could not remove token "ci-web".*delete broke/);
        expect(logged.join("\n")).toMatch(/could not remove scope map "ci-web-scope-map"/);
      });
    });
  });

  it("passes a 404 for a missing registry through and creates nothing", async () => {
    server.on("GET", /.*/, { status: 404, body: { error: { code: "ResourceNotFound", message: "registry not found" } } });
    const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
    expect(server.requests.every((r) => r.method === "GET")).toBe(true);
  });

  describe("checks its inputs before any request", () => {
    const cases: Array<[string, Partial<CreateRepositoryTokenParams> & Record<string, unknown>, RegExp]> = [
      ["both repositories and scopeMap", { ...webPull, scopeMap: "_repositories_pull" }, /exactly one of params\.repositories .* or params\.scopeMap/],
      ["neither repositories nor scopeMap", { ...base }, /exactly one of params\.repositories/],
      ["an unknown action", { ...base, repositories: { web: ["content/read", "pull" as never] } }, /^params\.repositories\["web"\]\[1\] "pull" is not an allowed action/],
      ["an invalid repository", { ...base, repositories: { "Web App": ["content/read"] } }, /^params\.repositories key "Web App"/],
      ["no repositories", { ...base, repositories: {} }, /^params\.repositories is empty/],
      ["a token too long for its scope map", { ...webPull, token: "t".repeat(41) }, /params\.token "t{41}" is too long for params\.repositories: the scope map name "t{41}-scope-map"/],
      ["a bad scope map name", { ...base, scopeMap: "no" }, /params\.scopeMap "no" is too short/],
      ["a bad token name", { ...webPull, token: "ci_web" }, /params\.token "ci_web" contains the invalid character "_"/],
      ["a bad resource group", { ...webPull, resourceGroup: "" }, /params\.resourceGroup "" is empty/],
      ["a bad status", { ...webPull, status: "paused" as never }, /params\.status must be "enabled" or "disabled", got "paused"/],
      ["no password slots", { ...webPull, passwords: [] }, /params\.passwords must be a non-empty array/],
      ["an unknown password slot", { ...webPull, passwords: ["password9" as never] }, /params\.passwords\[0\] must be one of/],
      ["an expiry in the past", { ...webPull, expiry: new Date(0) }, /params\.expiry must be in the future/],
      ["a negative interval", { ...webPull, updateIntervalInMs: -5 }, /params\.updateIntervalInMs/],
    ];
    it.each(cases)("refuses %s", async (_label, params, message) => {
      const error = await rejectionOf(createRepositoryToken(createTestClient(server), params as CreateRepositoryTokenParams));
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error.message).toMatch(message);
      expect(server.requests).toEqual([]);
    });
  });
});

describe("deleteRepositoryToken", () => {
  const ref = { resourceGroup: RG, registry: REGISTRY, token: "ci-web" };

  it("deletes the token and its unused <token>-scope-map", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
    fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "ci-web-scope-map", status: "enabled", passwords: [] });
    const deleted = await deleteRepositoryToken(createTestClient(server), ref);
    expect(deleted).toEqual({ token: "ci-web", scopeMap: "ci-web-scope-map" });
    expect(fake.names()).toEqual({ tokens: [], scopeMaps: ["_repositories_pull"] });
    expect(lines(server).filter((l) => l.startsWith("DELETE"))).toEqual([`DELETE ${tokenPath("ci-web")}`, `DELETE ${scopeMapPath("ci-web-scope-map")}`]);
  });

  it("keeps the scope map when another token uses it, comparing IDs case-insensitively, across pages", async () => {
    const fake = fakeRegistry(server, { pageSize: 1 });
    fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
    fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "ci-web-scope-map", status: "enabled", passwords: [] });
    fake.tokens.set("aaa-first", { name: "aaa-first", scopeMap: "_repositories_pull", status: "enabled", passwords: [] });
    fake.tokens.set("other", { name: "other", scopeMap: "CI-WEB-SCOPE-MAP", status: "enabled", passwords: [] });
    const deleted = await deleteRepositoryToken(createTestClient(server), ref);
    expect(deleted).toEqual({ token: "ci-web" });
    expect(fake.scopeMaps.has("ci-web-scope-map")).toBe(true);
    expect(server.requests.filter((r) => r.method === "GET" && r.path === TOKENS_PATH)).toHaveLength(2);
  });

  it("keeps <token>-scope-map when the token used another scope map", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
    fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "_repositories_pull", status: "enabled", passwords: [] });
    const deleted = await deleteRepositoryToken(createTestClient(server), ref);
    expect(deleted).toEqual({ token: "ci-web" });
    expect(fake.names().scopeMaps).toEqual(["_repositories_pull", "ci-web-scope-map"]);
  });

  it("passes the 404 of a missing token through and deletes nothing", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
    const error = await rejectionOf(deleteRepositoryToken(createTestClient(server), ref));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(404);
    expect(lines(server).filter((l) => !l.startsWith("GET"))).toEqual([]);
  });

  it("handles a token name too long for a conventional scope map", async () => {
    const fake = fakeRegistry(server);
    const long = "t".repeat(45);
    fake.tokens.set(long, { name: long, scopeMap: "_repositories_pull", status: "enabled", passwords: [] });
    expect(await deleteRepositoryToken(createTestClient(server), { ...ref, token: long })).toEqual({ token: long });
    expect(fake.names().tokens).toEqual([]);
  });

  it("passes options through and reads pages with the abort signal", async () => {
    const fake = fakeRegistry(server);
    fake.scopeMaps.set("ci-web-scope-map", WEB_ACTIONS);
    fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "ci-web-scope-map", status: "enabled", passwords: [] });
    const client = createTestClient(server);
    const deleteToken = vi.spyOn(client.tokens, "beginDeleteAndWait");
    const deleteMap = vi.spyOn(client.scopeMaps, "beginDeleteAndWait");
    const list = vi.spyOn(client.tokens, "list");
    const signal = new AbortController().signal;
    await deleteRepositoryToken(client, ref, { abortSignal: signal, updateIntervalInMs: 7 });
    expect(deleteToken.mock.calls[0]![3]).toEqual({ abortSignal: signal, updateIntervalInMs: 7 });
    expect(deleteMap.mock.calls[0]![3]).toEqual({ abortSignal: signal, updateIntervalInMs: 7 });
    expect(list.mock.calls[0]![2]).toEqual({ abortSignal: signal });
  });

  it("passes errors other than 404 through", async () => {
    fakeRegistry(server);
    server.once("GET", tokenPath("ci-web"), { status: 403, body: { error: { code: "AuthorizationFailed", message: "no" } } });
    const error = await rejectionOf(deleteRepositoryToken(createTestClient(server), ref));
    expect(error).toBeInstanceOf(RestError);
    expect(error.statusCode).toBe(403);
  });

  it("checks the reference before any request", async () => {
    const error = await rejectionOf(deleteRepositoryToken(createTestClient(server), { ...ref, registry: "my-registry" }));
    expect(error.message).toMatch(/tokenRef\.registry "my-registry" contains the invalid character "-"/);
    expect(server.requests).toEqual([]);
  });
});
