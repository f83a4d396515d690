// Timing several clients against each other on a noisy machine. A round is cut into short passes,
// each running every client for a few calls in an order that rotates from pass to pass: a slow
// stretch of the VM then lands on all of them alike instead of on whichever client ran a long block
// at the time, and no client always runs right after another (whose garbage it would collect).

/** The median of a set of times (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The items in the order pass `pass` runs them: rotated one place further each pass. */
export function inRotation<T>(items: readonly T[], pass: number): T[] {
  const start = pass % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

export interface RoundPlan {
  readonly rounds: number;
  /** Passes per round; each client's time in a round is the sum of its passes. */
  readonly passes: number;
  /** Calls of each client per pass. */
  readonly callsPerPass: number;
}

/**
 * Runs `plan` over `calls` and returns, per call and round, the mean time of one call in `unit`
 * (ms or µs): `times[c][r]` belongs to `calls[c]` in round r.
 */
export async function timeInRounds(calls: ReadonlyArray<() => Promise<unknown>>, plan: RoundPlan, unit: "ms" | "µs"): Promise<number[][]> {
  const perUnit = unit === "ms" ? 1e6 : 1e3;
  const times = calls.map(() => [] as number[]);
  const indexes = calls.map((_, index) => index);
  let pass = 0;
  for (let round = 0; round < plan.rounds; round++) {
    const ns = calls.map(() => 0);
    for (let p = 0; p < plan.passes; p++, pass++) {
      for (const index of inRotation(indexes, pass)) {
        const call = calls[index]!;
        const start = process.hrtime.bigint();
        for (let i = 0; i < plan.callsPerPass; i++) await call();
        ns[index]! += Number(process.hrtime.bigint() - start);
      }
    }
    for (let c = 0; c < calls.length; c++) times[c]!.push(ns[c]! / perUnit / (plan.passes * plan.callsPerPass));
  }
  return times;
}
