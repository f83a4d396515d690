// Copied from codegen/runtime/paging.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Lists as PagedAsyncIterableIterator: follows nextLink, and resumes from a page's continuation token.
// A page must be an object whose items are an array and whose nextLink is a string; a nextLink that
// names a page already read ends the listing with an error instead of looping forever.
import type { OperationOptions } from "@azure/core-client";
import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import { RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "./errorCodes.js";
import { resolveUrl, sendOperation, type OperationClient } from "./http.js";
import { decodeValue, invalidResponse } from "./responses.js";
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
  readonly deserializeItem: (raw: unknown) => T;
}

export function createPager<T>(
  client: OperationClient,
  firstUrl: string,
  shape: PageShape<T>,
  options: OperationOptions | undefined,
): PagedAsyncIterableIterator<T, T[], PageSettings> {
  async function* pages(continuationToken: unknown): AsyncIterableIterator<T[]> {
    let url: string | undefined = continuationToken === undefined ? firstUrl : resolveUrl(client, checkToken(continuationToken));
    const seen = new Set<string>();
    let previous: PipelineResponse | undefined;
    while (url !== undefined) {
      if (seen.has(url)) {
        // The items before were handed out; the listing ends here rather than loop.
        const response = previous!;
        throw new RestError("The list's next link names a page this listing has already read; stopped rather than loop.", {
          code: ClientErrorCodes.repeatedNextLink,
          statusCode: response.status,
          request: response.request,
          response,
        });
      }
      seen.add(url);
      const { response, body } = await sendOperation(client, "GET", url, undefined, options, [200]);
      previous = response;
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalidResponse(response, "a page must be an object");
      const raw: unknown = body[shape.itemName];
      if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidResponse(response, `a page's ${shape.itemName} must be an array`);
      const page = raw ? raw.map((item) => decodeValue(response, item, shape.deserializeItem)) : [];
      const next: unknown = shape.nextLinkName === undefined ? undefined : body[shape.nextLinkName];
      if (next !== undefined && next !== null && typeof next !== "string") throw invalidResponse(response, `a page's ${shape.nextLinkName} must be a string`);
      url = next ? resolveUrl(client, next) : undefined;
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

/** A continuation token is the URL getContinuationToken() gave; the trusted-origins policy checks where it points. */
function checkToken(token: unknown): string {
  if (typeof token !== "string" || token === "") {
    throw new InvalidParameterError("settings.continuationToken", "type", `Parameter "settings.continuationToken" must be a non-empty string from getContinuationToken().`);
  }
  return token;
}
