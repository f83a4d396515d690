// The managed-identity endpoint: App Service (IDENTITY_ENDPOINT + IDENTITY_HEADER) and Cloud Shell (MSI_ENDPOINT) requests.
import { describe, expect, it } from "vitest";
import { TENANT_ID } from "../src/index.js";
import { useTestEmulator } from "./support.js";

function claimsOf(token: string): Record<string, unknown> {
  const parts = token.split(".");
  expect(parts).toHaveLength(3);
  expect(JSON.parse(Buffer.from(parts[0]!, "base64url").toString())).toEqual({ typ: "JWT", alg: "HS256" });
  return JSON.parse(Buffer.from(parts[1]!, "base64url").toString()) as Record<string, unknown>;
}

describe("the identity endpoint", () => {
  const lines: string[] = [];
  const context = useTestEmulator({ logRequests: (line) => lines.push(line) });

  it("is plain HTTP on the emulator's host and the environment names it", () => {
    const { identity } = context.emulator;
    expect(identity.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    expect(identity.environment).toEqual({ IDENTITY_ENDPOINT: identity.endpoint, IDENTITY_HEADER: identity.header, MSI_ENDPOINT: identity.endpoint });
    expect(identity.tenantId).toBe(TENANT_ID);
  });

  it("answers App Service's GET with X-IDENTITY-HEADER: a JWT for the resource with tid, oid and exp", async () => {
    const { identity } = context.emulator;
    const url = `${identity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://127.0.0.1:1234")}`;
    const response = await fetch(url, { headers: { "X-IDENTITY-HEADER": identity.header } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ token_type: "Bearer", resource: "https://127.0.0.1:1234", expires_in: "3600" });
    const claims = claimsOf(body["access_token"]!);
    expect(claims).toMatchObject({ aud: "https://127.0.0.1:1234", tid: TENANT_ID, oid: identity.principalId });
    expect(Number(body["expires_on"])).toBe(claims["exp"]);
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(3600);
    expect(identity.verify(body["access_token"]!)).toBe(true);
    expect(identity.verify(`${body["access_token"]!.slice(0, -2)}xx`)).toBe(false);
  });

  it("answers the Cloud Shell POST (form resource, Metadata: true) that az login --identity sends", async () => {
    const { identity } = context.emulator;
    const response = await fetch(identity.endpoint, {
      method: "POST",
      headers: { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: "resource=https%3A%2F%2Fmanagement.example%2F",
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(claimsOf(body["access_token"]!)["aud"]).toBe("https://management.example/");
  });

  it("refuses a wrong secret, a request with neither secret nor Metadata, a missing resource and other paths", async () => {
    const { identity } = context.emulator;
    const resource = `resource=${encodeURIComponent("https://x")}`;
    const wrong = await fetch(`${identity.endpoint}?${resource}`, { headers: { "X-IDENTITY-HEADER": "guess" } });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).not.toContain(identity.header);
    expect((await fetch(`${identity.endpoint}?${resource}`)).status).toBe(400);
    const noResource = await fetch(identity.endpoint, { headers: { Metadata: "true" } });
    expect(noResource.status).toBe(400);
    expect(((await noResource.json()) as { error: string }).error).toBe("invalid_request");
    expect((await fetch(identity.endpoint.replace("/msi/token", "/other"))).status).toBe(404);
  });

  it("never logs a token or the secret, and keeps out of the request log", async () => {
    const { identity } = context.emulator;
    const response = await fetch(`${identity.endpoint}?resource=x`, { headers: { "X-IDENTITY-HEADER": identity.header } });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const logged = lines.join("\n");
    expect(logged).toContain("identity GET /msi/token -> 200");
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(identity.header);
    expect(context.emulator.requests.some((r) => r.path.includes("msi"))).toBe(false);
  });
});
