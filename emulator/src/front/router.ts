/**
 * Route table for the ARM paths. Literal segments compare case-insensitively
 * (ARM paths are case-insensitive); `{name}` segments capture decoded values.
 */

import type { ApiFamily } from "../arm/apiVersions.js";
import { badRequest } from "../errors.js";
import type { Reply } from "./reply.js";

export interface ApiRequest {
  method: string;
  /** Path as received (still percent-encoded); used to build links. */
  pathname: string;
  query: URLSearchParams;
  apiVersion: string;
  /** Scheme, host and port the client used; the base of every link returned. */
  baseUrl: string;
  params: Readonly<Record<string, string>>;
  /** Request headers, names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  hasBody: boolean;
  /** The parsed JSON body; throws InvalidRequestContent when it is missing or not JSON. */
  json(): unknown;
}

export type Handler = (request: ApiRequest) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  template: string;
  handler: Handler;
  /** Whose api-versions the route accepts; set for a whole module with `inFamily`. */
  family?: ApiFamily;
  /** Answered without a bearer token (cloud metadata). */
  anonymous?: boolean;
  /** The handler checks its resource group itself (the resource group routes). */
  guardsResourceGroup?: boolean;
}

interface CompiledRoute extends Route {
  /** Lower-cased literal, or null for a parameter. */
  literals: (string | null)[];
  names: (string | null)[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrongMethod"; allowed: string[] }
  | { kind: "none" };

export function route(method: string, template: string, handler: Handler): Route {
  return { method, template, handler };
}

/** The routes, each accepting the api-versions of `family`. */
export function inFamily(family: ApiFamily, routes: readonly Route[]): Route[] {
  return routes.map((item) => ({ ...item, family }));
}

function splitPath(path: string): string[] {
  const segments = path.split("/");
  // Leading "/" gives an empty first segment; ARM also tolerates one trailing "/".
  if (segments[0] === "") segments.shift();
  if (segments.length > 0 && segments[segments.length - 1] === "") segments.pop();
  // An endpoint configured with a trailing "/" (https://management.azure.com/) makes tools send "//metadata/...".
  if (segments[0] === "") segments.shift();
  return segments;
}

export class Router {
  /** Routes grouped by segment count so a lookup only tries routes of the right length. */
  private readonly byLength = new Map<number, CompiledRoute[]>();

  constructor(routes: readonly Route[]) {
    for (const item of routes) {
      const segments = splitPath(item.template);
      const compiled: CompiledRoute = {
        ...item,
        literals: segments.map((segment) => (segment.startsWith("{") ? null : segment.toLowerCase())),
        names: segments.map((segment) => (segment.startsWith("{") ? segment.slice(1, -1) : null)),
      };
      const list = this.byLength.get(segments.length) ?? [];
      list.push(compiled);
      this.byLength.set(segments.length, list);
    }
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = splitPath(pathname);
    const candidates = this.byLength.get(segments.length);
    if (candidates === undefined) return { kind: "none" };
    const lowered = segments.map((segment) => segment.toLowerCase());
    const allowed: string[] = [];
    for (const candidate of candidates) {
      if (!candidate.literals.every((literal, index) => literal === null || literal === lowered[index])) continue;
      if (candidate.method !== method) {
        allowed.push(candidate.method);
        continue;
      }
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        if (name !== null) params[name] = decodeSegment(segments[index] ?? "");
      });
      return { kind: "found", route: candidate, params };
    }
    return allowed.length > 0 ? { kind: "wrongMethod", allowed } : { kind: "none" };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The path segment '${segment}' is not correctly percent-encoded.`);
  }
}
