/**
 * ARM's conditional requests on PUT and PATCH: `If-Match: <etag>` (or `*`: the resource must
 * exist) and `If-None-Match: *` (it must not: a create that never overwrites). A condition not
 * met answers 412 PreconditionFailed and changes nothing. A resource's etag is a hash of its
 * stored record, so it changes with every change and survives a restart; answers carry it in
 * the ETag header.
 */

import { createHash } from "node:crypto";
import { preconditionFailed } from "../errors.js";
import type { ApiRequest } from "../front/router.js";

/** The quoted etag of a stored record. */
export function etagOf(record: object): string {
  return `"${createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 32)}"`;
}

function headerValue(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(",") : value;
  return text === undefined || text.trim() === "" ? undefined : text;
}

/** The etags listed in a header value, without a weak prefix. */
function listed(value: string): string[] {
  return value.split(",").map((item) => item.trim().replace(/^W\//, ""));
}

/** Throws 412 when the request's If-Match / If-None-Match do not hold for `current` (undefined: no such resource). */
export function checkConditions(request: ApiRequest, current: object | undefined): void {
  const ifMatch = headerValue(request, "if-match");
  const ifNoneMatch = headerValue(request, "if-none-match");
  const etag = current === undefined ? undefined : etagOf(current);
  if (ifMatch !== undefined) {
    const wanted = listed(ifMatch);
    if (etag === undefined) throw preconditionFailed(`If-Match is ${ifMatch} but the resource does not exist.`);
    if (!wanted.includes("*") && !wanted.includes(etag)) throw preconditionFailed(`If-Match is ${ifMatch} but the resource's etag is ${etag}.`);
  }
  if (ifNoneMatch !== undefined && etag !== undefined) {
    const unwanted = listed(ifNoneMatch);
    if (unwanted.includes("*")) throw preconditionFailed("If-None-Match is * but the resource already exists.");
    if (unwanted.includes(etag)) throw preconditionFailed(`If-None-Match is ${ifNoneMatch}, the resource's etag.`);
  }
}
