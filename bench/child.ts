// Lists all tokens in a fresh process, so the figures are this client's alone: `list` once for the
// peak memory, `list-rounds` for the median time of several listings after a warm-up.
// Usage: child.ts list|list-rounds <client> (BENCH_ENDPOINT, BENCH_CA in env).
import { factories } from "./clients.js";
import { median } from "./rounds.js";

const [mode, target] = process.argv.slice(2);
const client = await factories[target as keyof typeof factories](process.env.BENCH_ENDPOINT!, process.env.BENCH_CA!);
if (mode === "list") {
  const before = process.memoryUsage().rss;
  const count = await client.listTokens();
  console.log(JSON.stringify({ count, peakRssMb: process.resourceUsage().maxRSS / 1024, beforeMb: before / 1048576 }));
} else if (mode === "list-rounds") {
  for (let i = 0; i < 3; i++) await client.listTokens();
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    await client.listTokens();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(JSON.stringify({ ms: median(times) }));
}
client.close();
