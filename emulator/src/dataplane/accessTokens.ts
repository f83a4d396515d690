/**
 * The access tokens the login servers hand out: JWTs with ACR's claims
 * (`iss: "Azure Container Registry"`, `aud: <login server>`, `access`),
 * signed with HS256 under a key that lives only in this process. A token is
 * valid on the login server it was issued for, until it expires.
 */

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { AccessEntry } from "./access.js";

export const ISSUER = "Azure Container Registry";
/** ACR's access tokens last 75 minutes. */
export const ACCESS_TOKEN_SECONDS = 75 * 60;

export interface AccessClaims {
  jti: string;
  sub: string;
  nbf: number;
  exp: number;
  iat: number;
  iss: string;
  aud: string;
  version: string;
  grant_type: string;
  access: AccessEntry[];
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export class AccessTokenSigner {
  private readonly key = randomBytes(32);

  issue(audience: string, subject: string, access: AccessEntry[], grantType: string): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessClaims = {
      jti: randomUUID(),
      sub: subject,
      nbf: now - 10,
      exp: now + ACCESS_TOKEN_SECONDS,
      iat: now,
      iss: ISSUER,
      aud: audience,
      version: "1.0",
      grant_type: grantType,
      access,
    };
    const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The claims of a token this signer issued for `audience` that has not expired; undefined otherwise. */
  verify(token: string, audience: string): AccessClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]!);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    let claims: AccessClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as AccessClaims;
    } catch {
      return undefined;
    }
    const now = Date.now() / 1000;
    if (claims.aud !== audience || claims.exp <= now || claims.nbf > now) return undefined;
    return claims;
  }

  private sign(unsigned: string): string {
    return createHmac("sha256", this.key).update(unsigned).digest("base64url");
  }
}
