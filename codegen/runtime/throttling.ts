// Pacing by ARM's own accounting. ARM throttles each subscription with token buckets (reads, writes,
// deletes), reports what is left in `x-ms-ratelimit-remaining-subscription-<kind>`, and answers 429
// with Retry-After when a bucket is empty. Retrying 429s alone sends many requests that are refused
// again; this policy keeps a mirror of each bucket instead: it sends a request only when the mirror
// holds a token, learns the refill rate from successive answers, and after a 429 holds back every
// request of that kind until Retry-After has passed. Core's retry policy, before it in the pipeline,
// still does the retrying. The mirror is shared by every client of the process for one endpoint and
// subscription (they draw on one bucket); until an answer carries the headers or a 429 it does nothing.
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from "@azure/core-rest-pipeline";
import { retryAfterMs, wait } from "./polling.js";

export const armThrottlingPolicyName = "armThrottlingPolicy";

type Kind = "reads" | "writes" | "deletes";

const REMAINING_HEADER: Record<Kind, string> = {
  reads: "x-ms-ratelimit-remaining-subscription-reads",
  writes: "x-ms-ratelimit-remaining-subscription-writes",
  deletes: "x-ms-ratelimit-remaining-subscription-deletes",
};

const kindOf = (method: string): Kind => (method === "GET" || method === "HEAD" ? "reads" : method === "DELETE" ? "deletes" : "writes");

/** How long to hold back after a 429 without a usable Retry-After, and the most ever. */
const DEFAULT_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 60_000;
/** Refill rates are estimated over windows at least this long, so one answer's jitter does not count. */
const RATE_WINDOW_MS = 250;

class Bucket {
  /** What we believe the service's bucket holds now; Infinity while it never said. */
  private tokens = Infinity;
  private updatedAt = 0;
  /** Tokens per ms, learned from the headers; 0 while unknown. */
  private rate = 0;
  private pausedUntil = 0;
  private inFlight = 0;
  private waiting: Array<() => void> = [];
  private sample: { at: number; remaining: number; answered: number } | undefined;
  /** Answers that took a token (all but 429s). */
  private answered = 0;

  private level(now: number): number {
    return this.tokens === Infinity ? Infinity : this.tokens + this.rate * (now - this.updatedAt);
  }

  /** Counts a request as in flight if it may go now; false if it must wait. */
  tryAcquire(now: number): boolean {
    if (now < this.pausedUntil) return false;
    const level = this.level(now);
    if (level >= 1) {
      if (level !== Infinity) {
        this.tokens = level - 1;
        this.updatedAt = now;
      }
      this.inFlight++;
      return true;
    }
    // Nothing in flight and nothing known about the refill: one request goes as a probe.
    if (this.rate <= 0 && this.inFlight === 0) {
      this.inFlight++;
      return true;
    }
    return false;
  }

  /** Waits until a request may go, and counts it as in flight. */
  async acquire(signal: PipelineRequest["abortSignal"]): Promise<void> {
    for (let now = Date.now(); !this.tryAcquire(now); now = Date.now()) {
      if (now < this.pausedUntil) {
        await wait(this.pausedUntil - now, signal, "for the subscription's throttling budget");
      } else if (this.rate > 0) {
        await wait(Math.min((1 - this.level(now)) / this.rate, MAX_PAUSE_MS), signal, "for the subscription's throttling budget");
      } else {
        // Nothing known about the refill yet: the next answer will tell.
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    }
  }

  release(response: PipelineResponse | undefined, kind: Kind): void {
    this.inFlight--;
    if (response) this.observe(response, kind, Date.now());
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  private observe(response: PipelineResponse, kind: Kind, now: number): void {
    if (response.status === 429) {
      const pause = Math.min(Math.max(retryAfterMs(response, now) ?? DEFAULT_PAUSE_MS, 1), MAX_PAUSE_MS);
      this.pausedUntil = Math.max(this.pausedUntil, now + pause);
      this.tokens = 0;
      this.updatedAt = now;
      this.rate /= 2; // the estimate let this one through: trust it less
      return;
    }
    this.answered++;
    const header = response.headers.get(REMAINING_HEADER[kind]);
    const remaining = header === undefined ? NaN : Number(header);
    if (!Number.isFinite(remaining)) return;
    // Requests still in flight were sent against this count and will draw on it.
    this.tokens = Math.max(0, remaining - this.inFlight);
    this.updatedAt = now;
    const sample = this.sample;
    if (!sample) {
      this.sample = { at: now, remaining, answered: this.answered };
    } else if (now - sample.at >= RATE_WINDOW_MS) {
      const refilled = remaining - sample.remaining + (this.answered - sample.answered);
      const estimate = Math.max(0, refilled) / (now - sample.at);
      this.rate = this.rate === 0 ? estimate : (this.rate + estimate) / 2;
      this.sample = { at: now, remaining, answered: this.answered };
    }
  }
}

// One set of buckets per endpoint origin and subscription, for the whole process.
const buckets = new Map<string, Bucket>();
const ORIGIN_AND_SUBSCRIPTION = /^(https?:\/\/[^/?#]+)(?:\/subscriptions\/([^/?#]+))?/i;

/** The last URL prefix (origin and subscription) looked up per kind: most requests share it. */
const recent = new Map<Kind, { prefix: string; bucket: Bucket }>();

function bucketFor(request: PipelineRequest, kind: Kind): Bucket {
  const url = request.url;
  const last = recent.get(kind);
  // The prefix must end where the regular expression's match would: at "/", "?", "#" or the end.
  if (last && url.startsWith(last.prefix) && (url.length === last.prefix.length || "/?#".includes(url[last.prefix.length]!))) return last.bucket;
  const match = ORIGIN_AND_SUBSCRIPTION.exec(url);
  const key = `${match?.[1]?.toLowerCase() ?? ""} ${match?.[2]?.toLowerCase() ?? ""} ${kind}`;
  let bucket = buckets.get(key);
  if (!bucket) buckets.set(key, (bucket = new Bucket()));
  // Only a prefix with a subscription: one without it is also the start of URLs that have one.
  if (match?.[2]) recent.set(kind, { prefix: match[0], bucket });
  return bucket;
}

/** Paces this process's requests by ARM's throttling headers; see the top of this file. */
export function armThrottlingPolicy(): PipelinePolicy {
  return {
    name: armThrottlingPolicyName,
    sendRequest(request, next) {
      const kind = kindOf(request.method);
      const bucket = bucketFor(request, kind);
      // The usual request finds budget at once and goes without waiting on a promise of its own.
      if (bucket.tryAcquire(Date.now())) return sendCounted(bucket, kind, request, next);
      return bucket.acquire(request.abortSignal).then(() => sendCounted(bucket, kind, request, next));
    },
  };
}

/** Sends a request counted in flight, and gives its answer (or none) back to the bucket. */
async function sendCounted(bucket: Bucket, kind: Kind, request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
  let response: PipelineResponse | undefined;
  try {
    response = await next(request);
    return response;
  } finally {
    bucket.release(response, kind);
  }
}
