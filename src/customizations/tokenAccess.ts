/**
 * What a token can actually do, asked of the registry itself: the login
 * server's challenge names its token endpoint (the realm), one token request
 * with the token's user name and password asks for every action on every
 * repository, and the access token's `access` claim says what was granted.
 *
 * The password goes only to a realm on the login server's own host over
 * HTTPS; it and the access token appear in no log line, error message or
 * returned string. Nothing is logged: the requests go straight to the
 * transport, past the pipeline's logging.
 */

import { AbortError } from "@azure/abort-controller";
import type { AbortSignalLike } from "@azure/abort-controller";
import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse, type TlsSettings } from "@azure/core-rest-pipeline";
import { ClientErrorCodes } from "../generated/runtime/errorCodes.js";
import { withoutSecrets } from "../generated/runtime/secrets.js";
import { createJsonHttpClient } from "../generated/runtime/transport.js";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { REPOSITORY_ACTIONS, validateRepositoryName, type RepositoryAction } from "./actions.js";
import { validateLoginServer, validateLoginUsername } from "./docker.js";
import { requireArray, requireObject, requireString } from "./inputDescriptions.js";

/** What {@link checkTokenAccess} asks about, and with which credentials. */
export interface CheckTokenAccessParams {
  /** The registry's login server, e.g. `myregistry.azurecr.io` (what `createRepositoryToken` returns). */
  loginServer: string;
  /** The token's name. */
  username: string;
  /** One of the token's passwords. Sent only to the login server's own token endpoint. */
  password: string;
  /** The repositories to ask about (names, not wildcards), at most 100. */
  repositories: readonly string[];
  /** Certificates to trust for the login server, e.g. `{ ca }` of an emulator. */
  tlsOptions?: TlsSettings;
  /** Stops the requests; the call then rejects with an `AbortError`. */
  abortSignal?: AbortSignalLike;
}

/** What the registry granted a token, by repository. */
export interface TokenAccess {
  /** False when the registry refused the user name and password (unknown, wrong, expired, disabled). */
  authenticated: boolean;
  /** For each repository asked about, the scope map actions the registry granted (none when not authenticated). */
  repositories: Record<string, RepositoryAction[]>;
}

/** `RestError.code` values of checkTokenAccess's failures. */
export const TokenAccessErrorCodes = {
  /** The registry's firewall refused this client (HTTP 403): network rules or public access disabled. */
  firewallDenied: "RegistryFirewallDenied",
  /** No answer: the name did not resolve, the connection was refused or cut, or TLS failed. */
  unreachable: "LoginServerUnreachable",
  /** The challenge named a token endpoint on another host, or not over HTTPS; the password was not sent. */
  untrustedRealm: ClientErrorCodes.untrustedOrigin,
  /** An answer no registry gives: no Bearer challenge, an unexpected status, a token that is no JWT. */
  unexpectedAnswer: "UnexpectedLoginServerAnswer",
} as const;

/** One of the {@link TokenAccessErrorCodes}. */
export type TokenAccessErrorCode = (typeof TokenAccessErrorCodes)[keyof typeof TokenAccessErrorCodes];

const MAX_REPOSITORIES = 100;
const MAX_ANSWER_BYTES = 1024 * 1024;

const FROM_DOCKER: Readonly<Record<string, RepositoryAction>> = {
  pull: "content/read",
  push: "content/write",
  delete: "content/delete",
  metadata_read: "metadata/read",
  metadata_write: "metadata/write",
};
const DOCKER_ACTIONS = Object.keys(FROM_DOCKER);

interface Checked {
  loginServer: string;
  username: string;
  password: string;
  repositories: string[];
  tlsOptions: TlsSettings | undefined;
  abortSignal: AbortSignalLike | undefined;
}

function checkParams(params: CheckTokenAccessParams): Checked {
  const input = requireObject(params, "params", "an object { loginServer, username, password, repositories }");
  const loginServer = validateLoginServer(input.loginServer, "params.loginServer");
  const username = validateLoginUsername(input.username, "params.username");
  // Never quoted: the value is a secret.
  if (requireString(input.password, "params.password").length === 0) {
    throw new InvalidParameterError("params.password", "required", "params.password is empty; pass one of the token's passwords");
  }
  const list = requireArray(input.repositories, "params.repositories");
  if (list.length === 0) throw new InvalidParameterError("params.repositories", "minItems", "params.repositories is empty; name at least one repository");
  if (list.length > MAX_REPOSITORIES) {
    throw new InvalidParameterError("params.repositories", "maxItems", `params.repositories has ${list.length} names; at most ${MAX_REPOSITORIES} fit in one token request`);
  }
  const repositories = list.map((name, index) => {
    const where = `params.repositories[${index}]`;
    const repository = validateRepositoryName(name, where);
    if (repository.includes("*")) throw new InvalidParameterError(where, "pattern", `${where} is a wildcard; ask about repository names, which wildcards grant`);
    return repository;
  });
  const duplicate = repositories.find((name, index) => repositories.indexOf(name) !== index);
  if (duplicate !== undefined) throw new InvalidParameterError("params.repositories", "unique", `params.repositories names "${duplicate}" more than once`);
  if (input.tlsOptions !== undefined) requireObject(input.tlsOptions, "params.tlsOptions");
  if (input.abortSignal !== undefined) requireObject(input.abortSignal, "params.abortSignal", "an AbortSignal");
  return { loginServer, username, password: input.password as string, repositories, tlsOptions: input.tlsOptions as TlsSettings | undefined, abortSignal: input.abortSignal as AbortSignalLike | undefined };
}

/** Fails with a RestError that carries no request (its headers would hold the credentials). */
function failure(message: string, code: string, statusCode?: number): RestError {
  return new RestError(message, statusCode === undefined ? { code } : { code, statusCode });
}

/** The registry's own error code and message from a Docker error body, if it has one. */
function registryError(response: PipelineResponse, secrets: readonly string[]): string {
  try {
    const body = JSON.parse(response.bodyAsText ?? "") as { errors?: { code?: unknown; message?: unknown }[] };
    const first = body.errors?.[0];
    if (typeof first?.code === "string") return withoutSecrets(`${first.code}: ${String(first.message ?? "")}`, secrets);
  } catch {
    // not a Docker error body
  }
  return "no error details";
}

/** Statuses every step treats alike: the firewall's 403, and anything else unexpected. */
function unexpectedStatus(step: string, loginServer: string, response: PipelineResponse, secrets: readonly string[]): RestError {
  const details = registryError(response, secrets);
  if (response.status === 403) {
    return failure(
      `The registry's firewall refused this client at ${loginServer} (${step}: HTTP 403, ${details}). ` +
        `Allow this client's address in the registry's network rules, or reach it through a private endpoint.`,
      TokenAccessErrorCodes.firewallDenied,
      403,
    );
  }
  return failure(`${loginServer} answered ${step} with HTTP ${response.status} (${details}).`, TokenAccessErrorCodes.unexpectedAnswer, response.status);
}

/** The realm and service of a `WWW-Authenticate: Bearer realm="...",service="..."` challenge. */
function bearerChallenge(header: string | undefined): { realm: string; service: string | undefined } | undefined {
  if (header === undefined || !/^\s*Bearer\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const match of header.matchAll(/([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) params.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? "");
  const realm = params.get("realm");
  return realm === undefined ? undefined : { realm, service: params.get("service") };
}

/** The realm as a URL, only when it is HTTPS on the login server's own host (and port). */
function trustedRealm(realm: string, loginServer: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(realm);
  } catch {
    url = undefined;
  }
  const own = new URL(`https://${loginServer}`).host;
  if (url === undefined || url.protocol !== "https:" || url.host !== own || url.username !== "" || url.password !== "") {
    const named = url === undefined ? "a value that is no URL" : `${url.protocol}//${url.host}`;
    throw failure(
      `The login server ${loginServer} sent its token challenge to ${named}, not to an HTTPS endpoint on ${own}; ` +
        `the password was not sent.`,
      TokenAccessErrorCodes.untrustedRealm,
    );
  }
  return url;
}

/** The `access` claim of a JWT, read without verifying it (the registry that issued it is the one asked). */
function accessClaim(token: unknown, loginServer: string): { type?: unknown; name?: unknown; actions?: unknown }[] {
  const payload = typeof token === "string" ? token.split(".")[1] : undefined;
  let claims: { access?: unknown } | undefined;
  try {
    claims = payload === undefined ? undefined : (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { access?: unknown });
  } catch {
    claims = undefined;
  }
  if (typeof claims !== "object" || claims === null) {
    throw failure(`The token endpoint of ${loginServer} answered without a JWT access token.`, TokenAccessErrorCodes.unexpectedAnswer, 200);
  }
  return Array.isArray(claims.access) ? (claims.access as { type?: unknown; name?: unknown; actions?: unknown }[]) : [];
}

function grantedActions(access: ReturnType<typeof accessClaim>, repositories: readonly string[]): Record<string, RepositoryAction[]> {
  const result: Record<string, RepositoryAction[]> = {};
  for (const repository of repositories) {
    const granted = new Set<RepositoryAction>();
    for (const entry of access) {
      if (entry.type !== "repository" || entry.name !== repository || !Array.isArray(entry.actions)) continue;
      for (const action of entry.actions) {
        if (action === "*") DOCKER_ACTIONS.forEach((name) => granted.add(FROM_DOCKER[name]!));
        else if (typeof action === "string" && FROM_DOCKER[action] !== undefined) granted.add(FROM_DOCKER[action]);
      }
    }
    result[repository] = REPOSITORY_ACTIONS.filter((action) => granted.has(action));
  }
  return result;
}

/**
 * Asks the registry what a token may do in each repository: logs in at the login server's token
 * endpoint with the token's user name and password, in one request for all the repositories, and
 * reads the granted actions from the access token (as `content/read`, `content/write`, ...).
 *
 * Resolves `{ authenticated: false }` when the registry refuses the credentials (HTTP 401: unknown
 * token, wrong or expired password, disabled token). Throws `RestError` with a
 * {@link TokenAccessErrorCodes} code when the firewall refuses the client (403), the login server
 * cannot be reached, or its challenge names a token endpoint on another host (the password is then
 * not sent); an `InvalidParameterError` for bad input; an `AbortError` when aborted.
 */
export async function checkTokenAccess(params: CheckTokenAccessParams): Promise<TokenAccess> {
  const checked = checkParams(params);
  const { loginServer, username, password, repositories } = checked;
  const client = createJsonHttpClient({ maxResponseBytes: MAX_ANSWER_BYTES });
  const secrets = [password];

  const send = async (url: string, step: string, authorization?: string): Promise<PipelineResponse> => {
    const headers = createHttpHeaders({ accept: "application/json" });
    if (authorization !== undefined) headers.set("authorization", authorization);
    const request = createPipelineRequest({ url, method: "GET", headers, abortSignal: checked.abortSignal, timeout: 60_000 });
    if (checked.tlsOptions !== undefined) request.tlsSettings = checked.tlsOptions;
    try {
      return await client.sendRequest(request);
    } catch (error) {
      if (error instanceof AbortError || (error as Error).name === "AbortError") throw error;
      const code = (error as { code?: unknown }).code;
      const reason = withoutSecrets((error as Error).message, secrets);
      throw failure(
        `Could not reach the login server ${loginServer} (${step}): ${typeof code === "string" ? `${code}, ` : ""}${reason}. ` +
          `Check the name, the network, and that its certificate is trusted (tlsOptions.ca).`,
        TokenAccessErrorCodes.unreachable,
      );
    }
  };

  const probe = await send(`https://${loginServer}/v2/`, "GET /v2/");
  const challenge = probe.status === 401 ? bearerChallenge(probe.headers.get("www-authenticate")) : undefined;
  if (challenge === undefined) {
    if (probe.status === 401 || probe.status < 300) {
      throw failure(`The login server ${loginServer} sent no Bearer token challenge (GET /v2/: HTTP ${probe.status}).`, TokenAccessErrorCodes.unexpectedAnswer, probe.status);
    }
    throw unexpectedStatus("GET /v2/", loginServer, probe, secrets);
  }

  const realm = trustedRealm(challenge.realm, loginServer);
  realm.searchParams.set("service", challenge.service ?? loginServer);
  for (const repository of repositories) realm.searchParams.append("scope", `repository:${repository}:${DOCKER_ACTIONS.join(",")}`);
  const basic = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  const answer = await send(realm.href, "the token request", basic);
  if (answer.status === 401) {
    return { authenticated: false, repositories: Object.fromEntries(repositories.map((repository) => [repository, []])) };
  }
  if (answer.status !== 200) throw unexpectedStatus("the token request", loginServer, answer, secrets);
  let body: { access_token?: unknown; token?: unknown };
  try {
    body = JSON.parse(answer.bodyAsText ?? "") as typeof body;
  } catch {
    throw failure(`The token endpoint of ${loginServer} answered with a body that is not JSON.`, ClientErrorCodes.parseError, 200);
  }
  const token = body?.access_token ?? body?.token;
  return { authenticated: true, repositories: grantedActions(accessClaim(token, loginServer), repositories) };
}
