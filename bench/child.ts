// Lists all tokens in a fresh process, so the peak memory is this client's alone.
// Usage: child.ts list <client> (BENCH_ENDPOINT, BENCH_CA in env).
import { factories } from "./clients.js";

const [mode, target] = process.argv.slice(2);
if (mode === "list") {
  const factory = factories[target as keyof typeof factories];
  const client = await factory(process.env.BENCH_ENDPOINT!, process.env.BENCH_CA!);
  const before = process.memoryUsage().rss;
  const count = await client.listTokens();
  client.close();
  console.log(JSON.stringify({ count, peakRssMb: process.resourceUsage().maxRSS / 1024, beforeMb: before / 1048576 }));
}
