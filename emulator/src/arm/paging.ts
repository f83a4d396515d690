/**
 * ARM list paging: `{ value, nextLink }` where nextLink is a full URL carrying
 * api-version and an opaque `$skipToken`. The token records the creation
 * ordinal of the last item served, so deletes and inserts between pages
 * neither repeat nor skip the items that remain.
 */

import { badRequest } from "../errors.js";
import { jsonReply, type Reply } from "../front/reply.js";
import type { ApiRequest } from "../front/router.js";

export interface Page<T> {
  items: T[];
  /** Token for the next page; absent on the last page. */
  skipToken?: string;
}

const PREFIX = "o";

export function encodeSkipToken(afterOrdinal: number): string {
  return Buffer.from(`${PREFIX}${afterOrdinal}`).toString("base64url");
}

export function decodeSkipToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const ordinal = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(ordinal) || ordinal < 0) {
    throw badRequest(`The $skipToken '${token}' is not valid.`, "$skipToken");
  }
  return ordinal;
}

/** One page of `items`, which must come in ascending ordinal order. */
export function takePage<T extends { ordinal: number }>(items: Iterable<T>, skipToken: string | null, pageSize: number): Page<T> {
  const after = skipToken === null || skipToken === "" ? 0 : decodeSkipToken(skipToken);
  const page: T[] = [];
  for (const item of items) {
    if (item.ordinal <= after) continue;
    if (page.length === pageSize) {
      const last = page[page.length - 1];
      return { items: page, skipToken: encodeSkipToken(last === undefined ? after : last.ordinal) };
    }
    page.push(item);
  }
  return { items: page };
}

/** `kept`: the request's other query parameters ($filter, $top), carried over to the next page. */
export function nextLink(baseUrl: string, pathname: string, apiVersion: string, skipToken: string, kept: URLSearchParams = new URLSearchParams()): string {
  // Written out by hand: URLSearchParams would escape the "$" that ARM clients expect to see.
  let extra = "";
  for (const [name, value] of kept) {
    if (name === "api-version" || name === "$skipToken") continue;
    extra += `&${name.replace(/[^$\w-]/g, encodeURIComponent)}=${encodeURIComponent(value)}`;
  }
  return `${baseUrl}${pathname}?api-version=${encodeURIComponent(apiVersion)}${extra}&$skipToken=${encodeURIComponent(skipToken)}`;
}

/** The ARM list answer for one page of `items`, honouring the request's $skipToken. */
export function listReply<T extends { ordinal: number }>(
  request: ApiRequest,
  items: Iterable<T>,
  pageSize: number,
  render: (item: T) => unknown,
): Reply {
  const page = takePage(items, request.query.get("$skipToken"), pageSize);
  const body: { value: unknown[]; nextLink?: string } = { value: page.items.map(render) };
  if (page.skipToken !== undefined) body.nextLink = nextLink(request.baseUrl, request.pathname, request.apiVersion, page.skipToken, request.query);
  return jsonReply(200, body);
}
