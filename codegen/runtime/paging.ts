// Lists as PagedAsyncIterableIterator: follows nextLink, and resumes from a page's continuation token.
import type { OperationOptions } from "@azure/core-client";
import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import { resolveUrl, sendOperation, type OperationClient } from "./http.js";

const continuationTokens = new WeakMap<object, string>();

/**
 * The token that resumes a listing after the given page (pass it to `byPage({ continuationToken })`),
 * or undefined on the last page.
 */
export function getContinuationToken(page: unknown): string | undefined {
  return typeof page === "object" && page !== null ? continuationTokens.get(page) : undefined;
}

export interface PageShape<T> {
  /** Name of the property that holds the page's items. */
  readonly itemName: string;
  /** Name of the property that holds the next page's URL; undefined for a single-page list. */
  readonly nextLinkName: string | undefined;
  readonly deserializeItem: (raw: any) => T;
}

export function createPager<T>(
  client: OperationClient,
  firstUrl: string,
  shape: PageShape<T>,
  options: OperationOptions | undefined,
): PagedAsyncIterableIterator<T, T[], PageSettings> {
  async function* pages(continuationToken: string | undefined): AsyncIterableIterator<T[]> {
    let url: string | undefined = continuationToken ?? firstUrl;
    while (url !== undefined) {
      const { body } = await sendOperation(client, "GET", url, undefined, options, [200]);
      const raw: unknown = body?.[shape.itemName];
      const page = Array.isArray(raw) ? raw.map(shape.deserializeItem) : [];
      const next: unknown = shape.nextLinkName === undefined ? undefined : body?.[shape.nextLinkName];
      url = typeof next === "string" && next !== "" ? resolveUrl(client, next) : undefined;
      if (url !== undefined) continuationTokens.set(page, url);
      yield page;
    }
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages(undefined)) yield* page;
  }
  const iterator = items();
  return {
    next: () => iterator.next(),
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage: (settings?: PageSettings) => pages(settings?.continuationToken),
  };
}
