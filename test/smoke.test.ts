import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestClient, registryPath, startTestServer, TEST_TOKEN, type TestServer } from "./support/testServer.js";
let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server.close());
it("gets a token", async () => {
  server.on("GET", `${registryPath()}/tokens/myToken`, { status: 200, body: { id: "x", name: "myToken", properties: { status: "enabled", creationDate: "2020-01-01T00:00:00Z", scopeMapId: "sm" } } });
  const client = createTestClient(server);
  const token = await client.tokens.get("myResourceGroup", "myRegistry", "myToken");
  expect(token).toEqual({ id: "x", name: "myToken", status: "enabled", creationDate: new Date("2020-01-01T00:00:00Z"), scopeMapId: "sm" });
  expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  expect(server.requests[0]!.query.get("api-version")).toBe("2025-11-01");
});
