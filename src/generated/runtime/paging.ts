// Copied from codegen/runtime/paging.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Lists as PagedAsyncIterableIterator: follows nextLink, and resumes from a page's continuation token.
import type { OperationOptions } from "@azure/core-client";
import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import { resolveUrl, sendOperation, type OperationClient } from "./http.js";
import { InvalidParameterError } from "./validation.js";

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
  // Items are handed out of the current page by hand: an async generator's `yield*` would cost
  // several promise turns per item, which shows on long listings.
  const pageIterator = pages(undefined);
  let buffer: T[] = [];
  let index = 0;
  // Calls that overlap a page fetch wait their turn, so items come out in order.
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const nextItem = async (): Promise<IteratorResult<T>> => {
    while (index >= buffer.length) {
      const page = await pageIterator.next();
      if (page.done) return { value: undefined, done: true };
      buffer = page.value;
      index = 0;
    }
    return { value: buffer[index++]!, done: false };
  };
  const release = () => void waiting--;
  return {
    next() {
      if (waiting === 0 && index < buffer.length) return Promise.resolve({ value: buffer[index++]!, done: false });
      waiting++;
      const result = queue.then(nextItem);
      queue = result.then(release, release);
      return result;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage: (settings?: PageSettings) => {
      // ARM decides page sizes; refusing the setting beats silently ignoring it (the message is
      // @azure/arm-containerregistry's, so code that matched on it keeps working).
      if (settings?.maxPageSize) throw new InvalidParameterError("maxPageSize", "unsupported", "maxPageSize is not supported by this operation.");
      return pages(settings?.continuationToken);
    },
  };
}
