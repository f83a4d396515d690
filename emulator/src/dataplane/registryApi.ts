/**
 * The Registry API (Docker / OCI distribution) on a login server, every call
 * checked against the access its bearer token grants (or, for clients that
 * send them, Basic credentials logged in on the spot):
 *
 *   GET  /v2/                                   any valid login
 *   GET|HEAD /v2/<name>/manifests/<reference>    pull
 *   PUT  /v2/<name>/manifests/<reference>       push
 *   DELETE /v2/<name>/manifests/<reference>     delete
 *   GET|HEAD /v2/<name>/blobs/<digest>          pull
 *   POST /v2/<name>/blobs/uploads/              push (a mount also needs pull on ?from=)
 *   GET|PATCH|PUT|DELETE /v2/<name>/blobs/uploads/<id>   push
 *   GET  /v2/<name>/tags/list                   metadata_read (as on ACR)
 *   GET  /v2/_catalog                           registry:catalog:* (never for tokens)
 *
 * A call the access lacks gets 401 with an `insufficient_scope` challenge
 * naming the scope it needs, so clients ask for it and try again.
 */

import { allows, grant, isRepositoryName, type AccessEntry } from "./access.js";
import {
  basicCredentials,
  bearerToken,
  challenge,
  servedRegistry,
  type DataReply,
  type DataRequest,
  type LoginServerContext,
} from "./context.js";
import { isDigest, sha256Digest } from "./content.js";
import {
  blobUnknown,
  digestInvalid,
  manifestBlobUnknown,
  manifestInvalid,
  manifestUnknown,
  nameInvalid,
  nameUnknown,
  notFound,
  tagInvalid,
  tooLarge,
  unauthorized,
  unsupported,
  type MissingAccess,
} from "./errors.js";
import { logIn } from "./login.js";
import type { UploadSession } from "./uploads.js";

/** ACR's limit on a manifest's size. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

interface Needed {
  type: "repository" | "registry";
  name: string;
  action: string;
}

type Route =
  | { kind: "base" }
  | { kind: "catalog" }
  | { kind: "tags"; repository: string }
  | { kind: "manifest"; repository: string; reference: string }
  | { kind: "uploads"; repository: string }
  | { kind: "upload"; repository: string; id: string }
  | { kind: "blob"; repository: string; digest: string };

const ROUTES: readonly [RegExp, (match: RegExpExecArray) => Route][] = [
  [/^\/v2\/?$/, () => ({ kind: "base" })],
  [/^\/v2\/_catalog$/, () => ({ kind: "catalog" })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ kind: "tags", repository: m[1]! })],
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: "manifest", repository: m[1]!, reference: decodeURIComponent(m[2]!) })],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: "uploads", repository: m[1]! })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: "upload", repository: m[1]!, id: m[2]! })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: "blob", repository: m[1]!, digest: decodeURIComponent(m[2]!) })],
];

function routeOf(pathname: string): Route {
  for (const [pattern, make] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match === null) continue;
    const route = make(match);
    if ("repository" in route && !isRepositoryName(route.repository)) throw nameInvalid(route.repository);
    return route;
  }
  throw notFound(pathname);
}

function neededAction(route: Route, method: string): Needed | undefined {
  switch (route.kind) {
    case "base":
      return undefined;
    case "catalog":
      return { type: "registry", name: "catalog", action: "*" };
    case "tags":
      return { type: "repository", name: route.repository, action: "metadata_read" };
    case "manifest":
      return { type: "repository", name: route.repository, action: method === "PUT" ? "push" : method === "DELETE" ? "delete" : "pull" };
    case "blob":
      return { type: "repository", name: route.repository, action: "pull" };
    case "uploads":
    case "upload":
      return { type: "repository", name: route.repository, action: "push" };
  }
}

function scopeText(needed: Needed): string {
  return `${needed.type}:${needed.name}:${needed.action}`;
}

function missing(needed: Needed): MissingAccess[] {
  return [{ Type: needed.type, Name: needed.name, Action: needed.action }];
}

/** The access the request carries: a bearer token's claim, or what Basic credentials log in to for this call. */
async function accessOf(context: LoginServerContext, request: DataRequest, needed: Needed | undefined): Promise<AccessEntry[]> {
  const header = request.headers.authorization;
  const token = bearerToken(header);
  const scope = needed === undefined ? undefined : scopeText(needed);
  if (token !== undefined) {
    const claims = context.signer.verify(token, context.loginServer);
    if (claims === undefined) throw unauthorized(challenge(context, scope, "invalid_token"));
    return claims.access;
  }
  const basic = basicCredentials(header);
  if (basic !== undefined) {
    const login = await logIn(servedRegistry(context), basic.username, basic.password, context.rules);
    if (login !== undefined) return needed === undefined ? [] : grant(login.permissions, [{ type: needed.type, name: needed.name, actions: [needed.action] }]);
  }
  throw unauthorized(challenge(context, scope), needed === undefined ? undefined : missing(needed));
}

function requireAccess(context: LoginServerContext, access: readonly AccessEntry[], needed: Needed): void {
  if (!allows(access, needed.type, needed.name, needed.action)) {
    throw unauthorized(challenge(context, scopeText(needed), "insufficient_scope"), missing(needed));
  }
}

/** `n` and `last` paging of a sorted list, with Docker's Link header to the next page. */
function page(items: string[], query: URLSearchParams, path: string): { items: string[]; headers: Record<string, string> } {
  const last = query.get("last");
  const start = last === null ? 0 : items.findIndex((item) => item > last);
  const rest = start < 0 ? [] : items.slice(start);
  const n = query.get("n");
  const size = n === null || !/^\d+$/.test(n) ? rest.length : Number(n);
  const shown = rest.slice(0, size);
  if (shown.length === rest.length || shown.length === 0) return { items: shown, headers: {} };
  const next = `${path}?n=${size}&last=${encodeURIComponent(shown[shown.length - 1]!)}`;
  return { items: shown, headers: { Link: `<${next}>; rel="next"` } };
}

/** The digests a manifest refers to: its config and layers, or an index's manifests. */
function references(body: Buffer): { blobs: string[]; manifests: string[]; mediaType: string | undefined } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw manifestInvalid("the body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as { schemaVersion?: unknown }).schemaVersion !== 2) {
    throw manifestInvalid("schemaVersion must be 2");
  }
  const manifest = parsed as { mediaType?: unknown; config?: { digest?: unknown }; layers?: { digest?: unknown }[]; manifests?: { digest?: unknown }[] };
  const digestOf = (item: { digest?: unknown } | undefined, where: string): string => {
    if (typeof item?.digest !== "string" || !isDigest(item.digest)) throw manifestInvalid(`${where} has no sha256 digest`);
    return item.digest;
  };
  const blobs = [
    ...(manifest.config === undefined ? [] : [digestOf(manifest.config, "config")]),
    ...(manifest.layers ?? []).map((layer, index) => digestOf(layer, `layers[${index}]`)),
  ];
  const manifests = (manifest.manifests ?? []).map((item, index) => digestOf(item, `manifests[${index}]`));
  return { blobs, manifests, mediaType: typeof manifest.mediaType === "string" ? manifest.mediaType : undefined };
}

function blobReply(bytes: Buffer, digest: string, head: boolean): DataReply {
  return {
    status: 200,
    headers: { "Content-Type": "application/octet-stream", "Docker-Content-Digest": digest, "Content-Length": bytes.length },
    body: bytes,
    omitBody: head,
  };
}

function uploadState(repository: string, session: UploadSession, status: number): DataReply {
  return {
    status,
    headers: {
      Location: `/v2/${repository}/blobs/uploads/${session.id}`,
      Range: `0-${Math.max(session.size - 1, 0)}`,
      "Docker-Upload-UUID": session.id,
      "Content-Length": 0,
    },
  };
}

function blobCreated(repository: string, digest: string): DataReply {
  return { status: 201, headers: { Location: `/v2/${repository}/blobs/${digest}`, "Docker-Content-Digest": digest, "Content-Length": 0 } };
}

export async function handleRegistryApi(context: LoginServerContext, request: DataRequest): Promise<DataReply> {
  const route = routeOf(request.pathname);
  const needed = neededAction(route, request.method);
  servedRegistry(context);
  const access = await accessOf(context, request, needed);
  if (needed !== undefined) requireAccess(context, access, needed);
  const { content, registry } = context;
  const head = request.method === "HEAD";

  switch (route.kind) {
    case "base":
      return { status: 200, headers: { "Docker-Distribution-API-Version": "registry/2.0" }, body: {} };

    case "catalog": {
      const listed = page(content.repositories(registry), request.query, "/v2/_catalog");
      return { status: 200, headers: listed.headers, body: { repositories: listed.items } };
    }

    case "tags": {
      const tags = content.tags(registry, route.repository);
      if (tags === undefined) throw nameUnknown(route.repository);
      const listed = page(tags, request.query, `/v2/${route.repository}/tags/list`);
      return { status: 200, headers: listed.headers, body: { name: route.repository, tags: listed.items } };
    }

    case "manifest":
      return manifestCall(context, request, route.repository, route.reference);

    case "blob": {
      if (request.method !== "GET" && request.method !== "HEAD") throw unsupported("Blobs are deleted with the manifests that use them.");
      const bytes = content.blob(registry, route.repository, route.digest);
      if (bytes === undefined) throw blobUnknown(route.digest);
      return blobReply(bytes, route.digest, head);
    }

    case "uploads":
      return startUpload(context, request, access, route.repository);

    case "upload":
      return continueUpload(context, request, route.repository, route.id);
  }
}

async function manifestCall(context: LoginServerContext, request: DataRequest, repository: string, reference: string): Promise<DataReply> {
  const { content, registry } = context;
  switch (request.method) {
    case "GET":
    case "HEAD": {
      const manifest = content.manifest(registry, repository, reference);
      if (manifest === undefined) throw manifestUnknown(repository, reference);
      return {
        status: 200,
        headers: { "Content-Type": manifest.mediaType, "Docker-Content-Digest": manifest.digest, "Content-Length": manifest.bytes.length },
        body: manifest.bytes,
        omitBody: request.method === "HEAD",
      };
    }
    case "PUT": {
      if (request.body.length > MAX_MANIFEST_BYTES) throw tooLarge(MAX_MANIFEST_BYTES);
      const digest = sha256Digest(request.body);
      if (isDigest(reference) && reference !== digest) throw digestInvalid(`the manifest's digest is ${digest}`);
      if (!isDigest(reference) && !TAG.test(reference)) throw tagInvalid(reference);
      const refs = references(request.body);
      for (const blob of refs.blobs) if (content.blob(registry, repository, blob) === undefined) throw manifestBlobUnknown(blob);
      for (const child of refs.manifests) if (content.manifest(registry, repository, child) === undefined) throw manifestBlobUnknown(child);
      const mediaType = request.headers["content-type"]?.split(";")[0]?.trim() || refs.mediaType || "application/vnd.oci.image.manifest.v1+json";
      await content.putManifest(registry, repository, { digest, mediaType, bytes: request.body }, isDigest(reference) ? undefined : reference);
      return { status: 201, headers: { Location: `/v2/${repository}/manifests/${digest}`, "Docker-Content-Digest": digest, "Content-Length": 0 } };
    }
    case "DELETE": {
      const manifest = content.manifest(registry, repository, reference);
      if (manifest === undefined) throw manifestUnknown(repository, reference);
      await content.deleteManifest(registry, repository, manifest.digest);
      return { status: 202, headers: { "Content-Length": 0 } };
    }
    default:
      throw unsupported(`${request.method} is not supported on manifests.`);
  }
}

async function startUpload(context: LoginServerContext, request: DataRequest, access: readonly AccessEntry[], repository: string): Promise<DataReply> {
  if (request.method !== "POST") throw unsupported(`${request.method} is not supported on blob uploads; POST starts one.`);
  const { content, registry, uploads } = context;
  const mount = request.query.get("mount");
  const from = request.query.get("from");
  if (mount !== null && from !== null && isRepositoryName(from) && allows(access, "repository", from, "pull")) {
    const bytes = content.blob(registry, from, mount);
    if (bytes !== undefined) {
      await content.putBlob(registry, repository, mount, bytes);
      return blobCreated(repository, mount);
    }
  }
  const digest = request.query.get("digest");
  if (digest !== null) {
    // A monolithic upload: the whole blob in the POST.
    if (sha256Digest(request.body) !== digest) throw digestInvalid(`the content's digest is ${sha256Digest(request.body)}`);
    await content.putBlob(registry, repository, digest, request.body);
    return blobCreated(repository, digest);
  }
  return uploadState(repository, uploads.start(registry, repository), 202);
}

async function continueUpload(context: LoginServerContext, request: DataRequest, repository: string, id: string): Promise<DataReply> {
  const { content, registry, uploads } = context;
  const session = uploads.get(registry, repository, id);
  switch (request.method) {
    case "GET":
      return uploadState(repository, session, 204);
    case "PATCH":
      uploads.append(session, request.body, request.headers["content-range"]);
      return uploadState(repository, session, 202);
    case "PUT": {
      const digest = request.query.get("digest");
      if (digest === null || !isDigest(digest)) throw digestInvalid("PUT needs ?digest=sha256:<hex>");
      uploads.append(session, request.body, undefined);
      const bytes = uploads.finish(session);
      const actual = sha256Digest(bytes);
      if (actual !== digest) throw digestInvalid(`the content's digest is ${actual}`);
      await content.putBlob(registry, repository, digest, bytes);
      return blobCreated(repository, digest);
    }
    case "DELETE":
      uploads.cancel(session);
      return { status: 204 };
    default:
      throw unsupported(`${request.method} is not supported on a blob upload.`);
  }
}
