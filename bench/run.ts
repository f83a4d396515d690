// npm run bench: our client against the official packages and raw node:https, on one local HTTPS
// server, interleaved (A B C D A B C D ...) so machine noise hits all alike; medians of rounds;
// ratios to raw. Prints the tables and writes bench/results.md.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { factories, type BenchClient } from "./clients.js";
import { BUILT_ENTRY } from "./builtPackage.js";
import { measureGetLayers } from "./getLayers.js";
import { startBenchServer, TOKEN_COUNT } from "./server.js";

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 3 : 10;
const GETS_PER_ROUND = 200;
const LIST_ROUNDS = quick ? 2 : 11;
const IMPORT_ROUNDS = quick ? 2 : 5;
const LRO_ROUNDS = quick ? 3 : 9;
const ORDER = ["raw", "ours", "official11", "official12"] as const;
type Key = (typeof ORDER)[number];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

const server = await startBenchServer();
const clients = {} as Record<Key, BenchClient>;
for (const key of ORDER) clients[key] = await factories[key](server.endpoint, server.ca);
const names = Object.fromEntries(ORDER.map((k) => [k, clients[k].name])) as Record<Key, string>;

// 1. Sequential GETs.
progress("sequential GETs");
for (const key of ORDER) for (let i = 0; i < 500; i++) await clients[key].getToken(); // warm up connections and JIT
const getTimes: Record<Key, number[]> = { raw: [], ours: [], official11: [], official12: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const key of ORDER) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < GETS_PER_ROUND; i++) await clients[key].getToken();
    getTimes[key].push(Number(process.hrtime.bigint() - start) / 1000 / GETS_PER_ROUND);
  }
}

progress("where a GET's time goes");
const layers = await measureGetLayers(server.endpoint, server.ca, clients.raw, ROUNDS, GETS_PER_ROUND);

progress("listing");
// 2. Listing 10,000 tokens in 100 pages: time in this process, memory in fresh ones.
const listTimes: Record<Key, number[]> = { raw: [], ours: [], official11: [], official12: [] };
for (let round = 0; round < LIST_ROUNDS; round++) {
  for (const key of ORDER) {
    progress(`  list round ${round} ${key}`);
    const start = process.hrtime.bigint();
    const count = await clients[key].listTokens();
    listTimes[key].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (count !== TOKEN_COUNT) throw new Error(`${names[key]} listed ${count} tokens, not ${TOKEN_COUNT}`);
  }
}
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
// 3. Cold import, each in a fresh process.
const modules: Record<Key, string> = { raw: "node:https", ours: BUILT_ENTRY, official11: "@azure/arm-containerregistry", official12: "arm-containerregistry-12" };
const importTimes: Record<Key, number[]> = { raw: [], ours: [], official11: [], official12: [] };
// Plain node, no TypeScript loader: its own start-up would otherwise dwarf what is measured.
const importTime = async (module: string) => {
  const code = `const start = performance.now(); await import(${JSON.stringify(module)}); console.log(JSON.stringify({ ms: performance.now() - start }));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  return (JSON.parse(stdout) as { ms: number }).ms;
};
for (let round = 0; round < IMPORT_ROUNDS; round++) for (const key of ORDER) importTimes[key].push(await importTime(modules[key]));

progress("async create");
// 4. Token create through 201 + Azure-AsyncOperation, done on the first poll, updateIntervalInMs unset.
const lro: Record<string, Record<Key, { requests: number; ms: number }>> = {};
for (const [label, retryAfter] of [["Retry-After: 0", "0"], ["no Retry-After", undefined]] as const) {
  server.retryAfter = retryAfter;
  const runs = Object.fromEntries(ORDER.map((k) => [k, { requests: [] as number[], ms: [] as number[] }])) as Record<Key, { requests: number[]; ms: number[] }>;
  // Round 0 warms up the create and poll paths and is not counted.
  for (let round = 0; round <= LRO_ROUNDS; round++) {
    for (const key of ORDER) {
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

// Report.
const get = Object.fromEntries(ORDER.map((k) => [k, median(getTimes[k])])) as Record<Key, number>;
const list = Object.fromEntries(ORDER.map((k) => [k, median(listTimes[k])])) as Record<Key, number>;
const imports = Object.fromEntries(ORDER.map((k) => [k, median(importTimes[k])])) as Record<Key, number>;
const lines: string[] = [];
lines.push("# Benchmark results", "");
lines.push(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}.`);
lines.push(`One local HTTPS server (127.0.0.1, keep-alive); clients interleaved; medians of ${ROUNDS} rounds (GET), ${LIST_ROUNDS} (list), ${IMPORT_ROUNDS} (import), ${LRO_ROUNDS} (async create).`, "");
lines.push("## 1. tokens.get, sequential", "", "| client | µs per call | x raw |", "| --- | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} | ${fmt(get[k])} | ${fmt(get[k] / get.raw, 2)} |`);
lines.push("", `## 2. Listing ${TOKEN_COUNT} tokens in 100 pages`, "", "| client | ms | x raw | ms, alone in a process | x raw, alone | peak RSS (MB, fresh process) |", "| --- | ---: | ---: | ---: | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} | ${fmt(list[k])} | ${fmt(list[k] / list.raw, 2)} | ${fmt(listAlone[k])} | ${fmt(listAlone[k] / listAlone.raw, 2)} | ${fmt(listRss[k], 0)} |`);
lines.push("", "## 3. Cold import (fresh process)", "", "| client | ms | x raw |", "| --- | ---: | ---: |");
for (const k of ORDER) lines.push(`| ${names[k]} (\`${k === "ours" ? "acr-tokens (dist/esm)" : modules[k]}\`) | ${fmt(imports[k])} | ${fmt(imports[k] / imports.raw, 1)} |`);
lines.push("", "## 4. Token create via 201 + Azure-AsyncOperation, done on the first poll (updateIntervalInMs unset)", "", "| client | answer | requests (most in a run) | ms (median) |", "| --- | --- | ---: | ---: |");
for (const [label, row] of Object.entries(lro)) for (const k of ORDER) lines.push(`| ${names[k]} | ${label} | ${row[k].requests} | ${fmt(row[k].ms, 1)} |`);
lines.push("", "## 5. Where a tokens.get call's time goes (our client with parts taken away)", "", "| variant | µs per call | x raw | µs over raw |", "| --- | ---: | ---: | ---: |");
for (const row of layers) lines.push(`| ${row.label} | ${fmt(row.us)} | ${fmt(row.us / layers[0]!.us, 2)} | ${fmt(row.us - layers[0]!.us)} |`);
lines.push("", "## Targets", "");
const check = (ok: boolean) => (ok ? "met" : "NOT met");
lines.push(`- GET at most 1.10 x raw: ${fmt(get.ours / get.raw, 2)} x, ${check(get.ours / get.raw <= 1.1)}.`);
lines.push(`- List at most 1.25 x raw: ${fmt(list.ours / list.raw, 2)} x, ${check(list.ours / list.raw <= 1.25)}.`);
lines.push(`- GET faster than both official packages: ${check(get.ours < get.official11 && get.ours < get.official12)}.`);
lines.push(`- List faster than both official packages: ${check(list.ours < list.official11 && list.ours < list.official12)}.`);
const text = lines.join("\n") + "\n";
console.log(text);
if (!quick) writeFileSync(new URL("./results.md", import.meta.url), text);
