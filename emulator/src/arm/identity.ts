/**
 * A managed-identity token endpoint, so credentials that run on Azure get a token from the
 * emulator with no Azure at all. It answers the three ways clients ask:
 *
 *   GET  {IDENTITY_ENDPOINT}?resource=R&api-version=2019-08-01   X-IDENTITY-HEADER: {IDENTITY_HEADER}
 *        (App Service 2019: @azure/identity's ManagedIdentityCredential and DefaultAzureCredential)
 *   GET  {MSI_ENDPOINT}?resource=R&api-version=2017-09-01        secret: {IDENTITY_HEADER}
 *   POST {MSI_ENDPOINT}  resource=R (form)                       Metadata: true
 *        (Cloud Shell style: `az login --identity` with MSI_ENDPOINT set)
 *
 * A secret header must match; without one, `Metadata: true` is required (as IMDS requires it).
 * The token is JWT-shaped (HS256 with a key made at start) with `aud` = the resource asked for,
 * `tid` (the emulator's tenant), `oid`, `iat`, `nbf` and `exp`. Tokens are never logged.
 */

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { identityRequestRefused } from "../errors.js";
import { jsonReply, type Reply } from "../front/reply.js";
import { TENANT_ID } from "./subscriptions.js";

/** Path of the endpoint on the identity listener. */
export const IDENTITY_PATH = "/msi/token";
/** Object id of the emulator's one identity. */
export const PRINCIPAL_ID = "0e1a7000-0000-4000-8000-00000000e0b1";
/** Client (application) id of that identity. */
export const CLIENT_ID = "0e1a7000-0000-4000-8000-00000000e0c1";
/** Lifetime of the tokens, in seconds. */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface IdentityRequest {
  method: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

function header(headers: IdentityRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class IdentityIssuer {
  /** The value clients send in X-IDENTITY-HEADER (or `secret`). */
  readonly secret = randomBytes(18).toString("base64url");
  private readonly key = randomBytes(32);

  constructor(private readonly clock: () => number = () => Date.now()) {}

  /** A JWT-shaped token for `audience`. */
  mint(audience: string): { token: string; issuedAt: number; expiresOn: number } {
    const issuedAt = Math.floor(this.clock() / 1000);
    const expiresOn = issuedAt + TOKEN_LIFETIME_SECONDS;
    const claims = {
      aud: audience,
      iss: `https://sts.windows.net/${TENANT_ID}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: expiresOn,
      tid: TENANT_ID,
      oid: PRINCIPAL_ID,
      sub: PRINCIPAL_ID,
      appid: CLIENT_ID,
      idtyp: "app",
    };
    const unsigned = `${base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))}.${base64url(JSON.stringify(claims))}`;
    const signature = createHmac("sha256", this.key).update(unsigned).digest("base64url");
    return { token: `${unsigned}.${signature}`, issuedAt, expiresOn };
  }

  /** True when `token` is one this issuer made and it has not expired. */
  verify(token: string): boolean {
    const parts = token.split(".");
    if (parts.length !== 3) return false;
    const expected = createHmac("sha256", this.key).update(`${parts[0]}.${parts[1]}`).digest("base64url");
    if (!sameSecret(parts[2]!, expected)) return false;
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { exp?: unknown };
      return typeof claims.exp === "number" && claims.exp * 1000 > this.clock();
    } catch {
      return false;
    }
  }

  /** The answer to a token request. */
  answer(request: IdentityRequest): Reply {
    const given = header(request.headers, "x-identity-header") ?? header(request.headers, "secret");
    if (given !== undefined && !sameSecret(given, this.secret)) throw identityRequestRefused(401, "The identity header does not match IDENTITY_HEADER.");
    if (given === undefined && header(request.headers, "metadata")?.toLowerCase() !== "true") {
      throw identityRequestRefused(400, "Required metadata header not specified (send Metadata: true, or X-IDENTITY-HEADER).");
    }
    const form = request.method === "POST" ? new URLSearchParams(request.body.toString("utf8")) : undefined;
    const resource = form?.get("resource") ?? request.query.get("resource");
    if (resource === null || resource === "") throw identityRequestRefused(400, "The 'resource' parameter is required.");
    const minted = this.mint(resource);
    return jsonReply(200, {
      access_token: minted.token,
      token_type: "Bearer",
      resource,
      client_id: CLIENT_ID,
      expires_in: String(TOKEN_LIFETIME_SECONDS),
      ext_expires_in: String(TOKEN_LIFETIME_SECONDS),
      expires_on: String(minted.expiresOn),
      not_before: String(minted.issuedAt),
    });
  }
}
