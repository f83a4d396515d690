/**
 * Log of API requests (control-endpoint calls excluded), faulted ones
 * included, so tests can count retries and polls. Capped so a long benchmark
 * cannot grow it without bound; `total` keeps counting past the cap.
 */

import { matchesRequest, type RequestMatcher } from "./requestMatcher.js";

export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without the leading "?", or "". */
  query: string;
  /** Response status; 0 while in flight or when the connection was dropped. */
  status: number;
  /** Kind of fault injected into this request, if any. */
  fault?: string;
  time: string;
}

export interface RequestFilter extends RequestMatcher {
  status?: number;
}

const DEFAULT_CAPACITY = 100_000;

export class RequestLog {
  private records: RequestRecord[] = [];
  total = 0;

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  add(method: string, path: string, query: string): RequestRecord {
    const record: RequestRecord = { method, path, query, status: 0, time: new Date().toISOString() };
    this.total++;
    if (this.records.length >= this.capacity) {
      // Drop the oldest tenth at once so trimming stays amortised O(1).
      this.records = this.records.slice(Math.ceil(this.capacity / 10));
    }
    this.records.push(record);
    return record;
  }

  get entries(): readonly RequestRecord[] {
    return this.records;
  }

  count(filter?: RequestFilter): number {
    if (filter === undefined) return this.records.length;
    let count = 0;
    for (const record of this.records) {
      if (filter.status !== undefined && record.status !== filter.status) continue;
      if (matchesRequest(filter, record.method, record.path)) count++;
    }
    return count;
  }

  clear(): void {
    this.records = [];
    this.total = 0;
  }
}
