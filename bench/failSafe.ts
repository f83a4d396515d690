// Figures for issue 13 ("a client that fails safe"), on loopback HTTPS servers:
//   node --import tsx bench/failSafe.ts            (all but the gzip bomb)
//   node --import tsx bench/failSafe.ts bomb       (a gzip answer inflating to 600 MB, in this process)
// Prints one line per measured bullet. Uses only the public API, so it runs on any version.
import { createGzip } from "node:zlib";
import { RestError } from "@azure/core-rest-pipeline";
import * as sdk from "../src/index.js";
import { createTestClient, registryPath, startTestServer, SUBSCRIPTION_ID, type TestServer } from "../test/support/testServer.js";

const RG = "myResourceGroup";
const REG = "myRegistry";
const tokenPath = `${registryPath()}/tokens/myToken`;
const operationPath = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op1`;
const tokenBody = (state = "Succeeded") => ({ id: tokenPath, name: "myToken", properties: { provisioningState: state, status: "enabled" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settle = (work: () => Promise<unknown>, ms = 1500) =>
  Promise.race([work().then(() => "ok", (e: unknown) => e), sleep(ms).then(() => "timeout")]);

/** The nine ways a response or a stored string can point the client at another origin. */
async function bearerLeaks(home: TestServer, other: TestServer): Promise<string> {
  const cases: Array<[string, (client: sdk.ContainerRegistryManagementClient) => Promise<unknown>]> = [
    ["nextLink", async (client) => {
      home.on("GET", `${registryPath()}/tokens`, { status: 200, body: { value: [], nextLink: `${other.endpoint}${registryPath()}/tokens?page=2` } });
      for await (const _ of client.tokens.list(RG, REG)) void _;
    }],
    ["continuationToken", async (client) => {
      for await (const _ of client.tokens.list(RG, REG).byPage({ continuationToken: `${other.endpoint}${registryPath()}/tokens?page=2` })) void _;
    }],
    ["Azure-AsyncOperation", async (client) => {
      home.on("PUT", tokenPath, { status: 201, headers: { "azure-asyncoperation": `${other.endpoint}${operationPath}` }, body: tokenBody("Creating") });
      await client.tokens.beginCreateAndWait(RG, REG, "myToken", {});
    }],
    ["Location (delete)", async (client) => {
      home.on("DELETE", tokenPath, { status: 202, headers: { location: `${other.endpoint}${operationPath}` } });
      await client.tokens.beginDeleteAndWait(RG, REG, "myToken");
    }],
    ["Location (generateCredentials)", async (client) => {
      home.on("POST", `${registryPath()}/generateCredentials`, { status: 202, headers: { location: `${other.endpoint}${operationPath}` } });
      await client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });
    }],
    ["Location (final GET after Azure-AsyncOperation)", async (client) => {
      home.on("POST", `${registryPath()}/generateCredentials`, (_r, s) => ({
        status: 202,
        headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, location: `${other.endpoint}${operationPath}/result` },
      }));
      home.on("GET", operationPath, { status: 200, body: { status: "Succeeded" } });
      await client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });
    }],
    ["Location on a PUT", async (client) => {
      home.on("PUT", tokenPath, { status: 201, headers: { location: `${other.endpoint}${operationPath}` }, body: tokenBody("Creating") });
      await client.tokens.beginCreateAndWait(RG, REG, "myToken", {});
    }],
    ["resumeFrom (operation location)", async (client) => {
      const resumeFrom = await storedState(home, client, (state) => (state.config.operationLocation = `${other.endpoint}${operationPath}`));
      await client.tokens.beginCreateAndWait(RG, REG, "myToken", {}, { resumeFrom });
    }],
    ["resumeFrom (resource location)", async (client) => {
      const resumeFrom = await storedState(home, client, (state) => (state.config.resourceLocation = `${other.endpoint}${tokenPath}`));
      home.reset();
      home.on("GET", operationPath, { status: 200, body: { status: "Succeeded" } });
      await client.tokens.beginCreateAndWait(RG, REG, "myToken", {}, { resumeFrom });
    }],
  ];
  let leaks = 0;
  let reached = 0;
  const names: string[] = [];
  for (const [name, run] of cases) {
    home.reset();
    other.reset();
    other.on("GET", /.*/, { status: 200, body: { status: "Succeeded", value: [] } });
    const outcome = await settle(() => run(createTestClient(home)));
    if (other.requests.length > 0) reached++;
    if (other.requests.some((r) => String(r.headers.authorization ?? "").startsWith("Bearer "))) {
      leaks++;
      names.push(name);
    }
    const code = outcome instanceof RestError ? outcome.code : outcome instanceof Error ? outcome.name : outcome;
    console.log(`  ${name}: other origin got ${other.requests.length} request(s); outcome ${code}`);
  }
  return `bearer token sent to another origin: ${leaks} of ${cases.length} (another origin reached at all: ${reached})`;
}

/** A poller's serialized state after one InProgress poll, edited by `edit`. */
async function storedState(server: TestServer, client: sdk.ContainerRegistryManagementClient, edit: (state: any) => void): Promise<string> {
  server.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}` }, body: tokenBody("Creating") }));
  server.on("GET", operationPath, { status: 200, body: { status: "InProgress" } });
  const poller = await client.tokens.beginCreate(RG, REG, "myToken", {});
  await poller.poll();
  const stored = JSON.parse(poller.toString());
  edit(stored.state);
  server.reset();
  return JSON.stringify(stored);
}

/** Polls of one operation that finishes `doneAfterMs` after it started, with Retry-After: 0 and default options. */
async function pollsOfShortOperation(home: TestServer, doneAfterMs: number): Promise<number> {
  home.reset();
  let started = 0;
  let polls = 0;
  home.on("PUT", tokenPath, (_r, s) => ((started = Date.now()), { status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, "retry-after": "0" }, body: tokenBody("Creating") }));
  home.on("GET", operationPath, () => (polls++, { status: 200, headers: { "retry-after": "0" }, body: { status: Date.now() - started >= doneAfterMs ? "Succeeded" : "InProgress" } }));
  home.on("GET", tokenPath, { status: 200, body: tokenBody() });
  await createTestClient(home).tokens.beginCreateAndWait(RG, REG, "myToken", {});
  return polls;
}

/** Polls per second against an operation that never ends, for `windowMs`, with the given Retry-After. */
async function pollRate(home: TestServer, retryAfter: string | undefined, windowMs: number): Promise<{ perSecond: number; warnings: number }> {
  home.reset();
  const headers: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": retryAfter };
  home.on("PUT", tokenPath, (_r, s) => ({ status: 201, headers: { "azure-asyncoperation": `${s.endpoint}${operationPath}`, ...headers }, body: tokenBody("Creating") }));
  let polls = 0;
  home.on("GET", operationPath, () => (polls++, { status: 200, headers, body: { status: "InProgress" } }));
  let warnings = 0;
  const onWarning = () => void warnings++;
  process.on("warning", onWarning);
  await createTestClient(home).tokens.beginCreateAndWait(RG, REG, "myToken", {}, { abortSignal: AbortSignal.timeout(windowMs) }).catch(() => undefined);
  await sleep(50);
  process.off("warning", onWarning);
  return { perSecond: Math.round((polls * 1000) / windowMs), warnings };
}

/** Malformed answers: how many end in something other than RestError / TokenTaskError (e.g. a bare TypeError). */
async function malformedAnswers(home: TestServer): Promise<string> {
  const get = (client: sdk.ContainerRegistryManagementClient) => client.tokens.get(RG, REG, "myToken");
  const list = async (client: sdk.ContainerRegistryManagementClient) => {
    for await (const _ of client.tokens.list(RG, REG)) void _;
  };
  const generate = (client: sdk.ContainerRegistryManagementClient) => client.registries.beginGenerateCredentialsAndWait(RG, REG, { tokenId: tokenPath });
  const helper = (client: sdk.ContainerRegistryManagementClient) => sdk.generateCredentials(client, { resourceGroup: RG, registry: REG, token: "myToken" });
  const rotate = (client: sdk.ContainerRegistryManagementClient) => sdk.rotateTokenPassword(client, { resourceGroup: RG, registry: REG, token: "myToken" });
  const cases: Array<[string, string, string, unknown, (c: sdk.ContainerRegistryManagementClient) => Promise<unknown>]> = [
    ["get: empty 200", "GET", tokenPath, "", get],
    ["get: null", "GET", tokenPath, "null", get],
    ["get: a string", "GET", tokenPath, '"token"', get],
    ["get: passwords not an array", "GET", tokenPath, { properties: { credentials: { passwords: "p" } } }, get],
    ["get: a null password", "GET", tokenPath, { properties: { credentials: { passwords: [null] } } }, get],
    ["get: invalid JSON", "GET", tokenPath, "{", get],
    ["list: value not an array", "GET", `${registryPath()}/tokens`, { value: { a: 1 } }, list],
    ["list: a null item", "GET", `${registryPath()}/tokens`, { value: [null] }, list],
    ["list: null page", "GET", `${registryPath()}/tokens`, "null", list],
    ["generateCredentials: empty 200", "POST", `${registryPath()}/generateCredentials`, "", generate],
    ["generateCredentials: null", "POST", `${registryPath()}/generateCredentials`, "null", generate],
    ["generateCredentials: passwords an object", "POST", `${registryPath()}/generateCredentials`, { passwords: { value: "x" } }, generate],
    ["helper generateCredentials: empty 200", "POST", `${registryPath()}/generateCredentials`, "", helper],
    ["helper generateCredentials: null", "POST", `${registryPath()}/generateCredentials`, "null", helper],
    ["helper rotateTokenPassword: token null", "GET", tokenPath, "null", rotate],
  ];
  let escaped = 0;
  for (const [name, method, path, body, run] of cases) {
    home.reset();
    home.on("GET", registryPath(), { status: 200, body: { name: REG, properties: { loginServer: "myregistry.azurecr.io" } } });
    home.on("GET", tokenPath, { status: 200, body: tokenBody() });
    home.on("POST", `${registryPath()}/generateCredentials`, { status: 200, body: { passwords: [{ name: "password1", value: "v1" }, { name: "password2", value: "v2" }] } });
    home.once(method, path, { status: 200, body, headers: { "content-type": "application/json" } });
    const outcome = await settle(() => run(createTestClient(home)));
    const ok = outcome instanceof RestError || outcome instanceof sdk.TokenTaskError;
    if (!ok) escaped++;
    const what = outcome instanceof Error ? `${outcome.name}${(outcome as RestError).code ? ` ${(outcome as RestError).code}` : ""}` : String(outcome);
    console.log(`  ${name}: ${what}`);
  }
  return `malformed answers ending in something other than RestError/TokenTaskError: ${escaped} of ${cases.length}`;
}

/** Bad inputs to the pure helpers: how many throw something other than InvalidParameterError. */
function pureHelperErrors(): string {
  const calls: Array<[string, () => unknown]> = [
    ["validateTokenName(42)", () => sdk.validateTokenName(42)],
    ["validateTokenName('a')", () => sdk.validateTokenName("a")],
    ["validateRegistryName('bad name')", () => sdk.validateRegistryName("bad name")],
    ["validateSubscriptionId('x')", () => sdk.validateSubscriptionId("x")],
    ["parseTokenId('nope')", () => sdk.parseTokenId("nope")],
    ["parseTokenId(7)", () => sdk.parseTokenId(7 as never)],
    ["formatTokenId(null)", () => sdk.formatTokenId(null as never)],
    ["resolveTokenRef(5)", () => sdk.resolveTokenRef(5 as never)],
    ["repositoryActions('Bad', ...)", () => sdk.repositoryActions("Bad", ["content/read"])],
    ["repositoryActions('a', 'x')", () => sdk.repositoryActions("a", "x" as never)],
    ["repositoryActions('a', [])", () => sdk.repositoryActions("a", [])],
    ["repositoryActionsMap(null)", () => sdk.repositoryActionsMap(null as never)],
    ["parseAction('x')", () => sdk.parseAction("x")],
    ["validateScopeMapActions(dup)", () => sdk.validateScopeMapActions(["repositories/a/content/read", "repositories/a/content/read"])],
    ["sameActions(1, [])", () => sdk.sameActions(1 as never, [])],
    ["dockerCredentials(null)", () => sdk.dockerCredentials(null as never)],
    ["dockerCredentials(no password)", () => sdk.dockerCredentials({ username: "u", loginServer: "r.azurecr.io", passwords: {} })],
    ["dockerCredentials(bad slot)", () => sdk.dockerCredentials({ username: "u", loginServer: "r.azurecr.io", passwords: {} }, { password: "p3" as never })],
  ];
  let other = 0;
  const kinds = new Map<string, number>();
  for (const [, call] of calls) {
    try {
      call();
      other++;
      kinds.set("no error", (kinds.get("no error") ?? 0) + 1);
    } catch (error) {
      const name = error instanceof sdk.InvalidParameterError ? "InvalidParameterError" : (error as Error).constructor.name;
      kinds.set(name, (kinds.get(name) ?? 0) + 1);
      if (!(error instanceof sdk.InvalidParameterError && error.parameterName && error.rule)) other++;
    }
  }
  return `pure helper input errors that are not InvalidParameterError with parameterName and rule: ${other} of ${calls.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")})`;
}

/** Two rotateTokenPassword calls at once on one token, `tries` times: how often a returned password is dead. */
async function rotationRace(home: TestServer, tries: number): Promise<string> {
  let dead = 0;
  for (let i = 0; i < tries; i++) {
    home.reset();
    const slots: Record<string, { value: string; creationTime: string }> = {
      password1: { value: "old1", creationTime: "2025-01-01T00:00:00Z" },
      password2: { value: "old2", creationTime: "2025-02-01T00:00:00Z" },
    };
    let counter = 0;
    home.on("GET", tokenPath, () => ({
      status: 200,
      body: { name: "myToken", properties: { credentials: { passwords: Object.entries(slots).map(([name, s]) => ({ name, creationTime: s.creationTime })) } } },
    }));
    home.on("POST", `${registryPath()}/generateCredentials`, async (request) => {
      await sleep(5);
      const name = request.json.name as string;
      slots[name] = { value: `new-${++counter}`, creationTime: new Date(Date.now() + counter).toISOString() };
      return { status: 200, body: { passwords: [{ name, value: slots[name]!.value, creationTime: slots[name]!.creationTime }] } };
    });
    const client = createTestClient(home);
    const ref = { resourceGroup: RG, registry: REG, token: "myToken" };
    const results = await Promise.all([sdk.rotateTokenPassword(client, ref), sdk.rotateTokenPassword(client, ref)]);
    const live = new Set(Object.values(slots).map((s) => s.value));
    dead += results.filter((r) => !live.has(r.value)).length > 0 ? 1 : 0;
  }
  return `two concurrent rotateTokenPassword on one token: a returned password was dead in ${dead} of ${tries} tries`;
}

/** generateCredentials when the registry read fails: how often passwords were regenerated and not returned. */
async function lostPasswords(home: TestServer, tries: number): Promise<string> {
  let lost = 0;
  for (let i = 0; i < tries; i++) {
    home.reset();
    let generated = false;
    home.on("GET", registryPath(), { status: 503, body: { error: { code: "ServiceUnavailable", message: "busy" } } });
    home.on("POST", `${registryPath()}/generateCredentials`, () => ((generated = true), { status: 200, body: { passwords: [{ name: "password1", value: "v1" }, { name: "password2", value: "v2" }] } }));
    const outcome = await sdk.generateCredentials(createTestClient(home), { resourceGroup: RG, registry: REG, token: "myToken" }).then((r) => r, (e: unknown) => e);
    const returned = !(outcome instanceof Error) && (outcome as sdk.TokenCredentials).passwords.password1?.value === "v1";
    if (generated && !returned) lost++;
  }
  return `generateCredentials with a failing registry read: passwords regenerated but not returned in ${lost} of ${tries} tries`;
}

async function gzipBomb(home: TestServer, inflatedBytes: number): Promise<string> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (c: Buffer) => parts.push(c));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  for (let written = 0; written < inflatedBytes; written += chunk.length) {
    if (!gzip.write(chunk)) await new Promise((r) => gzip.once("drain", r));
  }
  const ended = new Promise((r) => gzip.once("end", r));
  gzip.end();
  await ended;
  const bomb = Buffer.concat(parts);
  home.reset();
  home.on("GET", tokenPath, { status: 200, headers: { "content-encoding": "gzip", "content-type": "application/json" }, body: bomb });
  let uncaught: string | undefined;
  process.on("uncaughtException", (e: Error & { code?: string }) => void (uncaught = e.code ?? e.name));
  const outcome = await settle(() => createTestClient(home).tokens.get(RG, REG, "myToken"), 60_000);
  await sleep(100);
  const what = outcome instanceof RestError ? `RestError ${outcome.code}` : outcome instanceof Error ? outcome.name : String(outcome);
  return `gzip answer of ${(bomb.length / 1024).toFixed(0)} KiB inflating to ${inflatedBytes / 2 ** 20} MiB: ${uncaught ? `uncaught ${uncaught}` : what}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
}

const home = await startTestServer();
const other = await startTestServer();
try {
  if (process.argv[2] === "bomb") {
    console.log(await gzipBomb(home, 600 * 2 ** 20));
  } else {
    console.log(await bearerLeaks(home, other));
    console.log(`polls of a 500 ms operation with Retry-After: 0: ${await pollsOfShortOperation(home, 500)}`);
    const steady = await pollRate(home, "0", 2000);
    console.log(`polls per second against an operation that stays InProgress (Retry-After: 0): ${steady.perSecond}`);
    const huge = await pollRate(home, "99999999999", 1000);
    console.log(`Retry-After: 99999999999 for 1 s: ${huge.perSecond} polls, ${huge.warnings} process warnings`);
    console.log(await malformedAnswers(home));
    console.log(pureHelperErrors());
    console.log(await rotationRace(home, 20));
    console.log(await lostPasswords(home, 20));
  }
} finally {
  await home.close();
  await other.close();
}
