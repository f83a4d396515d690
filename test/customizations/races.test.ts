// The helpers when other calls act on the same token at the same time: rotations of one token run one
// after the other in a process, and a failed createRepositoryToken removes only what it made and
// nobody changed since.
import { describe, expect, it } from "vitest";
import { createRepositoryToken, type CreateRepositoryTokenParams } from "../../src/customizations/repositoryToken.js";
import { generateCredentials } from "../../src/customizations/credentials.js";
import { rotateTokenPassword } from "../../src/customizations/rotation.js";
import { createTestClient, type TestServer, useTestServer } from "../support/testServer.js";
import { captureWarnings, GENERATE_PATH, RG, REGISTRY, fakeRegistry, lines, notFound, rejectionOf, scopeMapPath, serveRegistry, tokenJson, tokenPath } from "./fixtures.js";

let server: TestServer;
useTestServer((s) => (server = s));

const ref = { resourceGroup: RG, registry: REGISTRY, token: "ci-web" };

/** A token whose slots hold values; generateCredentials replaces the named slot after a short delay. */
function slottedToken() {
  const slots: Record<string, { value: string; creationTime: string }> = {
    password1: { value: "old-1", creationTime: "2025-01-01T00:00:00Z" },
    password2: { value: "old-2", creationTime: "2025-02-01T00:00:00Z" },
  };
  let counter = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  serveRegistry(server);
  // ARM names are case-insensitive: so is this route.
  server.on("GET", new RegExp(`^${tokenPath("ci-web")}$`, "i"), () => ({
    status: 200,
    body: tokenJson("ci-web", { passwords: Object.entries(slots).map(([name, slot]) => ({ name, creationTime: slot.creationTime })) }),
  }));
  server.on("POST", GENERATE_PATH, async (request) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    // Long enough for a second call's read to land before this answer, were the calls not serialized.
    await new Promise((resolve) => setTimeout(resolve, 10));
    inFlight--;
    const wanted: string[] = request.json.name ? [request.json.name] : ["password1", "password2"];
    for (const name of wanted) slots[name] = { value: `new-${++counter}`, creationTime: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString() };
    return { status: 200, body: { username: "ci-web", passwords: wanted.map((name) => ({ name, ...slots[name] })) } };
  });
  return { live: () => new Set(Object.values(slots).map((slot) => slot.value)), maxInFlight: () => maxInFlight };
}

describe("rotateTokenPassword under concurrency", () => {
  it("two rotations of one token at once replace different slots, and both returned passwords work", async () => {
    const token = slottedToken();
    const client = createTestClient(server);
    const [first, second] = await Promise.all([rotateTokenPassword(client, ref), rotateTokenPassword(client, { ...ref, token: "CI-WEB" })]);
    expect(new Set([first.slot, second.slot]).size).toBe(2);
    expect(token.live()).toEqual(new Set([first.value, second.value]));
  });

  it("three rotations from two clients of one token run one after another", async () => {
    const token = slottedToken();
    const results = await Promise.all([
      rotateTokenPassword(createTestClient(server), ref),
      rotateTokenPassword(createTestClient(server), ref),
      rotateTokenPassword(createTestClient(server), ref),
    ]);
    // Each read saw the previous generation: password1, password2, then password1 again.
    expect(results.map((r) => r.slot)).toEqual(["password1", "password2", "password1"]);
    expect(token.live()).toEqual(new Set([results[1]!.value, results[2]!.value]));
    const methods = server.requests.map((r) => r.method).join(" ");
    expect(methods).toBe("GET POST GET POST GET POST");
  });

  it("a rotation and generateCredentials of one token do not overlap", async () => {
    const token = slottedToken();
    const client = createTestClient(server);
    await Promise.all([rotateTokenPassword(client, ref), generateCredentials(client, ref, { password: "password2" })]);
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(token.maxInFlight()).toBe(1);
  });

  it("a queued rotation that is aborted stops waiting and sends nothing", async () => {
    slottedToken();
    const client = createTestClient(server);
    const controller = new AbortController();
    const first = rotateTokenPassword(client, ref);
    const second = rotateTokenPassword(client, ref, { abortSignal: controller.signal });
    controller.abort();
    const error = await rejectionOf(second);
    expect(error.name).toBe("AbortError");
    await first;
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("createRepositoryToken's rollback removes only what this call made", () => {
  const logged = captureWarnings();

  const webPull: CreateRepositoryTokenParams = { ...ref, repositories: { "app/web": ["content/read"] } };
  const failGenerate = () => server.once("POST", GENERATE_PATH, { status: 500, body: { error: { code: "InternalServerError", message: "generation broke" } } });
  const deletes = () => lines(server).filter((line) => line.startsWith("DELETE"));
  const stamped = (lastModifiedAt: string) => ({ ...tokenJson("ci-web", { scopeMap: "ci-web-scope-map" }), systemData: { lastModifiedAt } });

  it("keeps a token another call wrote after this call created it", async () => {
    const fake = fakeRegistry(server);
    server.once("GET", tokenPath("ci-web"), notFound("tokens/ci-web"));
    server.once("PUT", tokenPath("ci-web"), (request) => {
      fake.tokens.set("ci-web", { name: "ci-web", scopeMap: "ci-web-scope-map", status: "enabled", passwords: [] });
      void request;
      return { status: 201, body: stamped("2026-01-01T00:00:00Z") };
    });
    // Before this call's cleanup, another call has written the token again.
    server.once("GET", tokenPath("ci-web"), { status: 200, body: stamped("2026-01-01T00:00:05Z") });
    failGenerate();
    const error = await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(error.message).toBe("generation broke");
    expect(deletes()).not.toContain(`DELETE ${tokenPath("ci-web")}`);
    expect(logged.join("\n")).toMatch(/kept token "ci-web".*changed since this call made it/);
  });

  it("removes a token nobody wrote since this call created it", async () => {
    fakeRegistry(server);
    server.once("GET", tokenPath("ci-web"), notFound("tokens/ci-web"));
    server.once("PUT", tokenPath("ci-web"), { status: 201, body: stamped("2026-01-01T00:00:00Z") });
    server.once("GET", tokenPath("ci-web"), { status: 200, body: stamped("2026-01-01T00:00:00Z") });
    failGenerate();
    await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(deletes()).toEqual([`DELETE ${tokenPath("ci-web")}`, `DELETE ${scopeMapPath("ci-web-scope-map")}`]);
  });

  it("does not delete a token whose create the service refused", async () => {
    const fake = fakeRegistry(server);
    server.once("PUT", tokenPath("ci-web"), { status: 409, body: { error: { code: "Conflict", message: "token busy" } } });
    await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(deletes()).toEqual([`DELETE ${scopeMapPath("ci-web-scope-map")}`]);
    expect(fake.names().scopeMaps).toEqual(["_repositories_pull"]);
  });

  it("keeps its scope map once another token uses it", async () => {
    const fake = fakeRegistry(server);
    server.once("POST", GENERATE_PATH, () => {
      // Another call reused the scope map this call made, for its own token.
      fake.tokens.set("ci-other", { name: "ci-other", scopeMap: "ci-web-scope-map", status: "enabled", passwords: [] });
      return { status: 500, body: { error: { code: "InternalServerError", message: "generation broke" } } };
    });
    await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(deletes()).toEqual([`DELETE ${tokenPath("ci-web")}`]);
    expect(fake.names().scopeMaps).toContain("ci-web-scope-map");
    expect(logged.join("\n")).toMatch(/kept scope map "ci-web-scope-map"/);
  });

  it("keeps a scope map another call put in place of its own", async () => {
    const fake = fakeRegistry(server);
    server.once("GET", scopeMapPath("ci-web-scope-map"), notFound("scopeMaps/ci-web-scope-map"));
    server.once("GET", scopeMapPath("ci-web-scope-map"), {
      status: 200,
      body: { name: "ci-web-scope-map", properties: { actions: ["repositories/app/web/content/read"], description: "Made by acr-tokens createRepositoryToken for token ci-web (call someone-else)." } },
    });
    failGenerate();
    await rejectionOf(createRepositoryToken(createTestClient(server), webPull));
    expect(deletes()).toEqual([`DELETE ${tokenPath("ci-web")}`]);
    expect(fake.names().scopeMaps).toContain("ci-web-scope-map");
  });
});
