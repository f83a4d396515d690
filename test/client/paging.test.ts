// Lists: nextLink across pages, each page's continuation token, resuming from one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getContinuationToken, type Token } from "../../src/index.js";
import { createTestClient, registryPath, startTestServer, type TestServer } from "../support/testServer.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  // Three pages of two tokens; the skip token says where each page starts.
  server.on("GET", `${registryPath()}/tokens`, (req, s) => {
    const skip = Number(req.query.get("$skipToken") ?? "0");
    const value = [skip, skip + 1].map((i) => ({
      name: `token${i}`,
      properties: { status: "enabled", creationDate: `2025-01-0${i + 1}T00:00:00Z` },
    }));
    const nextLink = skip < 4 ? `${s.endpoint}${registryPath()}/tokens?api-version=2025-11-01&$skipToken=${skip + 2}` : undefined;
    return { status: 200, body: { value, nextLink } };
  });
});

const names = (tokens: Token[]) => tokens.map((t) => t.name);

describe("paging", () => {
  it("iterates items across three pages", async () => {
    const client = createTestClient(server);
    const all: Token[] = [];
    for await (const token of client.tokens.list("myResourceGroup", "myRegistry")) all.push(token);
    expect(names(all)).toEqual(["token0", "token1", "token2", "token3", "token4", "token5"]);
    expect(all[5]!.creationDate).toEqual(new Date("2025-01-06T00:00:00Z"));
    expect(server.requests.map((r) => r.query.get("$skipToken"))).toEqual([null, "2", "4"]);
    expect(server.requests.every((r) => r.query.get("api-version") === "2025-11-01")).toBe(true);
  });

  it("answers next() calls made all at once in order, one request per page", async () => {
    const iterator = createTestClient(server).tokens.list("myResourceGroup", "myRegistry");
    const results = await Promise.all(Array.from({ length: 8 }, () => iterator.next()));
    expect(results.map((r) => (r.done ? "done" : r.value.name))).toEqual(["token0", "token1", "token2", "token3", "token4", "token5", "done", "done"]);
    expect(server.requests).toHaveLength(3);
  });

  it("rejects the next() that meets a failed page, then ends", async () => {
    server.once("GET", `${registryPath()}/tokens`, { status: 200, body: { value: [{ name: "only" }], nextLink: `${server.endpoint}${registryPath()}/tokens?page=2` } });
    server.once("GET", `${registryPath()}/tokens`, { status: 500, body: { error: { code: "InternalServerError", message: "page two broke" } } });
    const iterator = createTestClient(server).tokens.list("myResourceGroup", "myRegistry");
    expect((await iterator.next()).value?.name).toBe("only");
    await expect(iterator.next()).rejects.toMatchObject({ statusCode: 500, code: "InternalServerError" });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("refuses byPage({ maxPageSize }) as @azure/arm-containerregistry does, before any request", () => {
    const list = createTestClient(server).tokens.list("myResourceGroup", "myRegistry");
    expect(() => list.byPage({ maxPageSize: 10 })).toThrow(/^maxPageSize is not supported by this operation\.$/);
    expect(() => list.byPage({ maxPageSize: 10 })).toThrow(expect.objectContaining({ name: "InvalidParameterError", parameterName: "maxPageSize", rule: "unsupported" }));
    expect(server.requests).toHaveLength(0);
  });

  it("gives each page a continuation token, none on the last", async () => {
    const client = createTestClient(server);
    const pages: Token[][] = [];
    for await (const page of client.tokens.list("myResourceGroup", "myRegistry").byPage()) pages.push(page);
    expect(pages.map(names)).toEqual([["token0", "token1"], ["token2", "token3"], ["token4", "token5"]]);
    expect(getContinuationToken(pages[0])).toBe(`${server.endpoint}${registryPath()}/tokens?api-version=2025-11-01&$skipToken=2`);
    expect(getContinuationToken(pages[1])).toContain("$skipToken=4");
    expect(getContinuationToken(pages[2])).toBeUndefined();
  });

  it("resumes from a continuation token", async () => {
    const client = createTestClient(server);
    const first = await client.tokens.list("myResourceGroup", "myRegistry").byPage().next();
    const token = getContinuationToken(first.value);
    expect(token).toBeDefined();
    server.reset();
    server.on("GET", `${registryPath()}/tokens`, (req) => ({
      status: 200,
      body: { value: [{ name: `resumed-at-${req.query.get("$skipToken")}` }] },
    }));
    const resumed: Token[][] = [];
    for await (const page of createTestClient(server).tokens.list("myResourceGroup", "myRegistry").byPage({ continuationToken: token })) {
      resumed.push(page);
    }
    expect(resumed.map(names)).toEqual([["resumed-at-2"]]);
    expect(server.requests).toHaveLength(1);
  });

  it("treats a page without value as empty and stops without nextLink", async () => {
    server.reset();
    server.on("GET", `${registryPath()}/scopeMaps`, { status: 200, body: {} });
    const client = createTestClient(server);
    const pages = [];
    for await (const page of client.scopeMaps.list("myResourceGroup", "myRegistry").byPage()) pages.push(page);
    expect(pages).toEqual([[]]);
  });

  it("sends nothing until the list is iterated", async () => {
    const client = createTestClient(server);
    const pager = client.tokens.list("myResourceGroup", "myRegistry");
    expect(server.requests).toHaveLength(0);
    await pager.next();
    expect(server.requests).toHaveLength(1);
  });
});
