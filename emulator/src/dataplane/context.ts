/** What a login server's handlers share: the registry it serves, the store, content, uploads and the token signer. */

import type { IncomingHttpHeaders } from "node:http";
import type { Store, RegistryEntry } from "../state/store.js";
import type { AccessTokenSigner } from "./accessTokens.js";
import type { ContentStore } from "./content.js";
import { registryUnavailable } from "./errors.js";
import type { LoginRules } from "./login.js";
import type { Uploads } from "./uploads.js";

export interface DataPlaneShared {
  store: Store;
  content: ContentStore;
  uploads: Uploads;
  signer: AccessTokenSigner;
  rules: LoginRules;
}

export interface LoginServerContext extends DataPlaneShared {
  /** Lower-case registry name. */
  registry: string;
  /** host:port, the `service` and `aud` of its tokens. */
  loginServer: string;
}

export interface DataRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  clientAddress: string;
}

export interface DataReply {
  status: number;
  headers?: Record<string, string | number>;
  /** Bytes as they are, or a value sent as JSON. */
  body?: Buffer | object;
  /** HEAD: the headers of a body that is not sent. */
  omitBody?: boolean;
}

/** The registry this login server serves, while it exists and is not being deleted. */
export function servedRegistry(context: LoginServerContext): RegistryEntry {
  const entry = context.store.registry(context.registry);
  if (entry === undefined || entry.data.provisioningState === "Deleting") throw registryUnavailable(context.registry);
  return entry;
}

/** The challenge that sends a client to this login server's token endpoint. */
export function challenge(context: LoginServerContext, scope?: string, error?: "insufficient_scope" | "invalid_token"): string {
  let text = `Bearer realm="https://${context.loginServer}/oauth2/token",service="${context.loginServer}"`;
  if (scope !== undefined) text += `,scope="${scope}"`;
  if (error !== undefined) text += `,error="${error}"`;
  return text;
}

/** User name and password of an `Authorization: Basic` header; undefined without one. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
