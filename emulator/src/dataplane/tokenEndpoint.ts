/**
 * `/oauth2/token`: GET with HTTP Basic credentials (what docker, skopeo and
 * podman send), or POST with `grant_type=password` and the credentials in the
 * form. The answer is `{"access_token": <JWT>}` whose `access` claim holds
 * what was asked and is allowed; credentials that do not log in get 401.
 */

import { grant, parseScopes } from "./access.js";
import { basicCredentials, servedRegistry, type DataReply, type DataRequest, type LoginServerContext } from "./context.js";
import { tokenRequestInvalid, unauthorized } from "./errors.js";
import { anonymousLogin, logIn, type Login } from "./login.js";

interface TokenRequest {
  service: string | null;
  scopes: string[];
  credentials: { username: string; password: string } | undefined;
  grantType: string;
}

function readTokenRequest(request: DataRequest): TokenRequest {
  if (request.method === "GET") {
    return {
      service: request.query.get("service"),
      scopes: request.query.getAll("scope"),
      credentials: basicCredentials(request.headers.authorization),
      grantType: "password",
    };
  }
  const contentType = request.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw tokenRequestInvalid("POST /oauth2/token takes an application/x-www-form-urlencoded form.");
  }
  const form = new URLSearchParams(request.body.toString("utf8"));
  const grantType = form.get("grant_type") ?? "";
  if (grantType !== "password") throw tokenRequestInvalid(`The grant_type "${grantType}" is not supported here; use grant_type=password.`);
  const username = form.get("username");
  const password = form.get("password");
  return {
    service: form.get("service"),
    scopes: form.getAll("scope"),
    credentials: username === null || password === null ? basicCredentials(request.headers.authorization) : { username, password },
    grantType,
  };
}

export async function handleTokenRequest(context: LoginServerContext, request: DataRequest): Promise<DataReply> {
  const entry = servedRegistry(context);
  const asked = readTokenRequest(request);
  if (asked.service === null || asked.service.toLowerCase() !== context.loginServer.toLowerCase()) {
    throw tokenRequestInvalid(`The service must be "${context.loginServer}", the registry's login server.`);
  }
  const scopes = parseScopes(asked.scopes);
  const login: Login | undefined =
    asked.credentials === undefined ? anonymousLogin(entry) : await logIn(entry, asked.credentials.username, asked.credentials.password, context.rules);
  if (login === undefined) throw unauthorized();
  const access = grant(login.permissions, scopes);
  return { status: 200, body: { access_token: context.signer.issue(context.loginServer, login.subject, access, asked.grantType) } };
}
