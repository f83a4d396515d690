/**
 * ARM's subscription throttling (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling):
 * a token bucket per subscription for each of reads (GET, HEAD), writes (PUT, PATCH, POST) and
 * deletes (DELETE). A request takes one token; a bucket refills at its rate up to its size.
 * Every answer to a subscription's request names what is left of its kind in
 * `x-ms-ratelimit-remaining-subscription-reads|writes|deletes`; an empty bucket answers
 * 429 TooManyRequests with Retry-After, the seconds until a token is back.
 */

export interface BucketSettings {
  /** Tokens a full bucket holds (and a new subscription starts with). */
  bucket: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
}

export type RequestKind = "reads" | "writes" | "deletes";

export type ThrottlingSettings = Readonly<Record<RequestKind, BucketSettings>>;

/** `true`: ARM's numbers; an object: those buckets, ARM's numbers for the kinds it leaves out; `false`: off. */
export type ThrottlingOption = boolean | Partial<Record<RequestKind, BucketSettings>>;

/** ARM's documented limits per subscription. */
export const ARM_THROTTLING: ThrottlingSettings = {
  reads: { bucket: 250, refillPerSecond: 25 },
  writes: { bucket: 200, refillPerSecond: 10 },
  deletes: { bucket: 200, refillPerSecond: 10 },
};

const KINDS: readonly RequestKind[] = ["reads", "writes", "deletes"];

/** Changes the throttling of a running emulator. */
export interface Throttling {
  /** Turns throttling on (with these buckets) or off; every subscription starts again with full buckets. */
  set(option: ThrottlingOption): void;
  /** The buckets in force, or undefined when throttling is off. */
  get(): ThrottlingSettings | undefined;
}

/** What the throttle said about one request. */
export interface Admission {
  /** The header to answer with and its value (tokens left, whole). */
  header: string;
  remaining: number;
  /** Present when the request is refused: seconds until the next token. */
  retryAfterSeconds?: number;
}

export function requestKind(method: string): RequestKind {
  if (method === "GET" || method === "HEAD") return "reads";
  return method === "DELETE" ? "deletes" : "writes";
}

function checkBucket(kind: RequestKind, value: unknown): BucketSettings {
  const given = value as Partial<BucketSettings> | undefined;
  const bucket = given?.bucket;
  const refill = given?.refillPerSecond;
  if (typeof bucket !== "number" || !Number.isInteger(bucket) || bucket < 1) {
    throw new RangeError(`throttling.${kind}.bucket must be a positive integer, got ${String(bucket)}`);
  }
  if (typeof refill !== "number" || !Number.isFinite(refill) || refill <= 0) {
    throw new RangeError(`throttling.${kind}.refillPerSecond must be a positive number, got ${String(refill)}`);
  }
  return { bucket, refillPerSecond: refill };
}

/** The buckets an option stands for, checked; undefined when it turns throttling off. */
export function resolveThrottling(option: ThrottlingOption | undefined): ThrottlingSettings | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return ARM_THROTTLING;
  if (typeof option !== "object" || option === null || Array.isArray(option)) {
    throw new TypeError("throttling must be true, false or an object with reads, writes and deletes");
  }
  const unknown = Object.keys(option).filter((key) => !KINDS.includes(key as RequestKind));
  if (unknown.length > 0) throw new TypeError(`throttling has unknown kinds: ${unknown.join(", ")} (use reads, writes, deletes)`);
  const settings = {} as Record<RequestKind, BucketSettings>;
  for (const kind of KINDS) settings[kind] = option[kind] === undefined ? ARM_THROTTLING[kind] : checkBucket(kind, option[kind]);
  return settings;
}

interface Bucket {
  tokens: number;
  /** Clock reading of the last refill, in milliseconds. */
  at: number;
}

export class SubscriptionThrottle implements Throttling {
  private settings: ThrottlingSettings | undefined;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    option: ThrottlingOption | undefined,
    /** Milliseconds; tests pass their own clock. */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.settings = resolveThrottling(option);
  }

  set(option: ThrottlingOption): void {
    this.settings = resolveThrottling(option);
    this.buckets.clear();
  }

  get(): ThrottlingSettings | undefined {
    return this.settings;
  }

  /** Full buckets for everyone again (reset). */
  refillAll(): void {
    this.buckets.clear();
  }

  /** Takes a token for a request of the subscription; undefined when throttling is off. */
  admit(subscriptionId: string, method: string): Admission | undefined {
    const settings = this.settings;
    if (settings === undefined) return undefined;
    const kind = requestKind(method);
    const { bucket: size, refillPerSecond } = settings[kind];
    const key = `${subscriptionId.toLowerCase()} ${kind}`;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: size, at: now };
    bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    const header = `x-ms-ratelimit-remaining-subscription-${kind}`;
    if (bucket.tokens < 1) {
      return { header, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
    }
    bucket.tokens -= 1;
    return { header, remaining: Math.floor(bucket.tokens) };
  }
}

/** The subscription a request path is under (`/subscriptions/{id}/...`), if any. */
export function subscriptionOf(pathname: string): string | undefined {
  const match = /^\/subscriptions\/([^/?]+)/i.exec(pathname);
  return match?.[1];
}
