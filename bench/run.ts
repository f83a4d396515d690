// npm run bench: our client against the official packages and raw node:https, on one local HTTPS
// server, interleaved in short passes of rotating order (bench/rounds.ts) so machine noise hits all
// alike; medians of rounds; ratios to raw. Prints the tables and writes bench/results.md.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { factories, type BenchClient } from "./clients.js";
import { BUILT_ENTRY } from "./builtPackage.js";
import { measureBulkRotation } from "./bulkRotation.js";
import { measureGetLayers } from "./getLayers.js";
import { inRotation, median, timeInRounds } from "./rounds.js";
import { REGISTRY_PATH, startBenchServer, SUBSCRIPTION, TOKEN_COUNT } from "./server.js";

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 3 : 11;
// On a fast run a GET is ~70 µs: 400 made a 30 ms round that one pause could swing by half.
const GETS_PER_ROUND = quick ? 400 : 1500;
// A round's GETs go in passes of this many per client (bench/rounds.ts), so a slow stretch of the VM
// hits every client alike.
const GETS_PER_PASS = 50;
// V8 needs a few thousand calls before the hot paths are optimized; fewer times mostly the
// interpreter (measured: 3,000-4,000 calls to a steady state).
const GET_WARMUP = quick ? 500 : 4000;
const LIST_ROUNDS = quick ? 2 : 11;
// Listings timed together in a round: one listing is ~0.1 s, short enough for one GC pause to swing it.
const LISTS_PER_ROUND = quick ? 1 : 5;
const IMPORT_ROUNDS = quick ? 2 : 5;
const COLD_ROUNDS = quick ? 2 : 21;
const LRO_ROUNDS = quick ? 3 : 9;
const ORDER = ["raw", "ours", "official11", "official12"] as const;
type Key = (typeof ORDER)[number];

const fmt = (n: number, digits = 1) => n.toFixed(digits);
/** "median (min-max)" of a set of rounds. */
const spread = (xs: number[], digits = 1) => `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}-${fmt(Math.max(...xs), digits)})`;
/** Per-round ratios of one client's times to another's, measured in the same round. */
const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

const server = await startBenchServer();
const clients = {} as Record<Key, BenchClient>;
for (const key of ORDER) clients[key] = await factories[key](server.endpoint, server.ca);
const names = Object.fromEntries(ORDER.map((k) => [k, clients[k].name])) as Record<Key, string>;

// 1. Sequential GETs.
progress("sequential GETs");
for (const key of ORDER) for (let i = 0; i < GET_WARMUP; i++) await clients[key].getToken(); // warm up connections and JIT
const getRuns = await timeInRounds(ORDER.map((k) => () => clients[k].getToken()), { rounds: ROUNDS, passes: GETS_PER_ROUND / GETS_PER_PASS, callsPerPass: GETS_PER_PASS }, "µs");
const getTimes = Object.fromEntries(ORDER.map((k, i) => [k, getRuns[i]!])) as Record<Key, number[]>;

progress("where a GET's time goes");
const layers = await measureGetLayers(server.endpoint, server.ca, clients.raw, ROUNDS, GETS_PER_ROUND, GETS_PER_PASS, GET_WARMUP);

progress("listing");
// 2. Listing 10,000 tokens in 100 pages: time in this process, memory in fresh ones.
// Each pass lists once with every client, in rotating order.
const listOnce = (key: Key) => async () => {
  const count = await clients[key].listTokens();
  if (count !== TOKEN_COUNT) throw new Error(`${names[key]} listed ${count} tokens, not ${TOKEN_COUNT}`);
};
const listRuns = await timeInRounds(ORDER.map(listOnce), { rounds: LIST_ROUNDS, passes: LISTS_PER_ROUND, callsPerPass: 1 }, "ms");
const listTimes = Object.fromEntries(ORDER.map((k, i) => [k, listRuns[i]!])) as Record<Key, number[]>;
// Asynchronous on purpose: the child talks to the server in this process, which must keep serving.
const run = promisify(execFile);
const child = async (args: string[]) => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", new URL("./child.ts", import.meta.url).pathname, ...args], {
    env: { ...process.env, BENCH_ENDPOINT: server.endpoint, BENCH_CA: server.ca },
    encoding: "utf8",
  });
  return JSON.parse(stdout);
};
const listRss = {} as Record<Key, number>;
for (const key of ORDER) listRss[key] = (await child(["list", key])).peakRssMb;
// The same listing with each client alone in its process (no other client's garbage or JIT state).
const listAlone = {} as Record<Key, number>;
for (const key of ORDER) listAlone[key] = (await child(["list-rounds", key])).ms;

progress("cold imports");
// 3. Cold import, each in a fresh process. Here and below, the clients take turns in an order that
// rotates each round, as in bench/rounds.ts: no process always starts right after the same other.
const modules: Record<Key, string> = { raw: "node:https", ours: BUILT_ENTRY, official11: "@azure/arm-containerregistry", official12: "arm-containerregistry-12" };
const importTimes: Record<Key, number[]> = { raw: [], ours: [], official11: [], official12: [] };
// Plain node, no TypeScript loader: its own start-up would otherwise dwarf what is measured.
const importTime = async (module: string) => {
  const code = `const start = performance.now(); await import(${JSON.stringify(module)}); console.log(JSON.stringify({ ms: performance.now() - start }));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  return (JSON.parse(stdout) as { ms: number }).ms;
};
for (let round = 0; round < IMPORT_ROUNDS; round++) for (const key of inRotation(ORDER, round)) importTimes[key].push(await importTime(modules[key]));

progress("cold processes");
// 3b. What a short script pays: start node, import, make a client, one GET, exit; wall time of the
// whole process, in rotating order.
const coldCode: Record<Key, string> = {
  raw: `import { request } from "node:https"; const u = new URL(process.env.BENCH_ENDPOINT); await new Promise((resolve, reject) => request({ host: u.hostname, port: u.port, path: process.env.BENCH_PATH, ca: process.env.BENCH_CA, headers: { authorization: "Bearer t", accept: "application/json" } }, (r) => { let t = ""; r.on("data", (c) => (t += c)); r.on("end", () => resolve(JSON.parse(t))); }).on("error", reject).end());`,
  ours: coldClient(BUILT_ENTRY),
  official11: coldClient("@azure/arm-containerregistry"),
  official12: coldClient("arm-containerregistry-12"),
};
function coldClient(module: string): string {
  return `const { ContainerRegistryManagementClient } = await import(${JSON.stringify(module)}); const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3600000 }) }; const client = new ContainerRegistryManagementClient(credential, "${SUBSCRIPTION}", { endpoint: process.env.BENCH_ENDPOINT, tlsOptions: { ca: process.env.BENCH_CA } }); await client.tokens.get("bench", "benchregistry", "token-0");`;
}
const coldTimes: Record<Key, number[]> = { raw: [], ours: [], official11: [], official12: [] };
const coldEnv = { ...process.env, BENCH_ENDPOINT: server.endpoint, BENCH_CA: server.ca, BENCH_PATH: `${REGISTRY_PATH}/tokens/token-0?api-version=2025-11-01` };
for (let round = 0; round <= COLD_ROUNDS; round++) {
  for (const key of inRotation(ORDER, round)) {
    const start = process.hrtime.bigint();
    await run(process.execPath, ["--input-type=module", "-e", `${coldCode[key]} process.exit(0);`], { env: coldEnv, encoding: "utf8" });
    if (round > 0) coldTimes[key].push(Number(process.hrtime.bigint() - start) / 1e6); // round 0 warms the file cache
  }
}

progress("async create");
// 4. Token create through 201 + Azure-AsyncOperation, done on the first poll, updateIntervalInMs unset.
const lro: Record<string, Record<Key, { requests: number; ms: number }>> = {};
for (const [label, retryAfter] of [["Retry-After: 0", "0"], ["no Retry-After", undefined]] as const) {
  server.retryAfter = retryAfter;
  const runs = Object.fromEntries(ORDER.map((k) => [k, { requests: [] as number[], ms: [] as number[] }])) as Record<Key, { requests: number[]; ms: number[] }>;
  // Round 0 warms up the create and poll paths and is not counted.
  for (let round = 0; round <= LRO_ROUNDS; round++) {
    for (const key of inRotation(ORDER, round)) {
      const before = server.requests;
      const start = process.hrtime.bigint();
      await clients[key].createToken();
      if (round === 0) continue;
      runs[key].ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      runs[key].requests.push(server.requests - before);
    }
  }
  lro[label] = Object.fromEntries(ORDER.map((k) => [k, { requests: Math.max(...runs[k].requests), ms: median(runs[k].ms) }])) as Record<Key, { requests: number; ms: number }>;
}
for (const key of ORDER) clients[key].close();
await server.close();

progress("throttled bulk rotation");
// 6. Issue 13's scenario: 100 tokens rotated at once against the emulator's ARM throttling model.
const BULK_BUCKETS = { reads: { bucket: 40, refillPerSecond: 20 }, writes: { bucket: 20, refillPerSecond: 10 }, deletes: { bucket: 20, refillPerSecond: 10 } };
const bulk = await measureBulkRotation(quick ? 30 : 100, 25, BULK_BUCKETS);

// Report.
const get = Object.fromEntries(ORDER.map((k) => [k, median(getTimes[k])])) as Record<Key, number>;
const lines: string[] = [];
lines.push("# Benchmark results", "");
lines.push(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}.`);
lines.push(
  `One local HTTPS server (127.0.0.1, keep-alive); clients interleaved in short passes of rotating order (${GETS_PER_PASS} GETs or one listing each; one fresh process or async create each in sections 3 and 4); each figure is the median of the rounds with their range (min-max): ` +
    `${ROUNDS} rounds of ${GETS_PER_ROUND} GETs after ${GET_WARMUP} warm-up calls, ${LIST_ROUNDS} rounds of ${LISTS_PER_ROUND} listings, ${COLD_ROUNDS} cold processes, ${IMPORT_ROUNDS} imports, ${LRO_ROUNDS} async creates. ` +
    "\"x raw\" is the median of per-round ratios to raw HTTPS measured in the same round.",
  "",
);
lines.push("## 1. tokens.get, sequential, steady state", "", "| client | µs per call | x raw |", "| --- | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} | ${spread(getTimes[k])} | ${spread(ratios(getTimes[k], getTimes.raw), 2)} |`);
lines.push("", `## 2. Listing ${TOKEN_COUNT} tokens in 100 pages`, "", "| client | ms per listing | x raw | ms, alone in a process | peak RSS (MB, fresh process) |", "| --- | ---: | ---: | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} | ${spread(listTimes[k])} | ${spread(ratios(listTimes[k], listTimes.raw), 2)} | ${fmt(listAlone[k])} | ${fmt(listRss[k], 0)} |`);
const listAhead12 = listTimes.ours.filter((t, i) => t < listTimes.official12[i]!).length;
lines.push("", `acr-tokens listed faster than 12.0.0 in ${listAhead12} of ${LIST_ROUNDS} rounds.`);
lines.push("", "## 3. A short script: start node, import, make a client, one GET, exit (fresh process each)", "", "| client | ms, whole process | x 11.0.0 | import alone, ms |", "| --- | ---: | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} | ${spread(coldTimes[k])} | ${spread(ratios(coldTimes[k], coldTimes.official11), 2)} | ${spread(importTimes[k])} |`);
lines.push("", "## 4. Token create via 201 + Azure-AsyncOperation, done on the first poll (updateIntervalInMs unset)", "", "| client | answer | requests (most in a run) | ms (median) |", "| --- | --- | ---: | ---: |");
for (const [label, row] of Object.entries(lro)) for (const k of ORDER) lines.push(`| ${names[k]} | ${label} | ${row[k].requests} | ${fmt(row[k].ms, 1)} |`);
lines.push("", "## 5. Where a tokens.get call's time goes (our client with parts taken away)", "", "| variant | µs per call | x raw | µs over raw |", "| --- | ---: | ---: | ---: |");
for (const row of layers) lines.push(`| ${row.label} | ${fmt(row.us)} | ${fmt(row.us / layers[0]!.us, 2)} | ${fmt(row.us - layers[0]!.us)} |`);
lines.push("", "## 6. Rotating the passwords of many tokens at once under ARM throttling (emulator)", "");
lines.push(`Buckets: reads ${BULK_BUCKETS.reads.bucket} + ${BULK_BUCKETS.reads.refillPerSecond}/s, writes ${BULK_BUCKETS.writes.bucket} + ${BULK_BUCKETS.writes.refillPerSecond}/s; rotateExpiringPasswords with concurrency 25.`, "");
lines.push("| tokens | rotated | failed | requests | answered 429 | ms | least the buckets allow, ms |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
lines.push(`| ${bulk.tokens} | ${bulk.rotated} | ${bulk.failed} | ${bulk.requests} | ${bulk.throttled} (${fmt((100 * bulk.throttled) / bulk.requests)} %) | ${fmt(bulk.ms, 0)} | ${fmt(bulk.floorMs, 0)} |`);
lines.push("", "## Targets", "");
const check = (ok: boolean) => (ok ? "met" : "NOT met");
const getRatio = median(ratios(getTimes.ours, getTimes.raw));
const listRatio = median(ratios(listTimes.ours, listTimes.raw));
const coldRatio = median(ratios(coldTimes.ours, coldTimes.official11));
lines.push(`- tokens.get at most 1.25 x raw: ${fmt(getRatio, 2)} x, ${check(getRatio <= 1.25)}; ahead of both official packages: ${check(get.ours < get.official11 && get.ours < get.official12)}.`);
lines.push(`- Listing at most 1.20 x raw: ${fmt(listRatio, 2)} x, ${check(listRatio <= 1.2)}; ahead of 12.0.0 in every round: ${check(listAhead12 === LIST_ROUNDS)} (${listAhead12}/${LIST_ROUNDS}).`);
lines.push(`- Import + first GET + exit at most 0.75 x 11.0.0's: ${fmt(coldRatio, 2)} x, ${check(coldRatio <= 0.75)}.`);
const text = lines.join("\n") + "\n";
console.log(text);
if (!quick) writeFileSync(new URL("./results.md", import.meta.url), text);
