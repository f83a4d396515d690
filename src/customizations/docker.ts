/**
 * Docker login material from generated token credentials. Password values are
 * secrets: they appear only in the returned credentials and config text, never
 * in error messages (which therefore never echo any input value).
 */

import { Buffer } from "node:buffer";
import { InvalidParameterError } from "../generated/runtime/validation.js";
import { requireObject, requireString, typeName } from "./inputDescriptions.js";

/** The two password slots a token has; each can hold one password. */
export type TokenPasswordSlot = "password1" | "password2";

/**
 * What {@link dockerCredentials} reads: the result of {@link generateCredentials},
 * {@link createRepositoryToken} or {@link rotateTokenPassword} fits.
 */
export interface DockerCredentialsInput {
  /** The name to log in with: the token's name. */
  username: string;
  /** The registry's login server, such as `myregistry.azurecr.io`. */
  loginServer: string;
  /** The passwords by slot; a slot without a value is skipped. */
  passwords: {
    /** The password in slot `password1`. */
    password1?: {
      /** The password itself (a secret). */
      value?: string;
    };
    /** The password in slot `password2`. */
    password2?: {
      /** The password itself (a secret). */
      value?: string;
    };
  };
}

/** Options of {@link dockerCredentials}. */
export interface DockerCredentialsOptions {
  /** Preferred slot; the other slot is used when this one has no value. Default "password1". */
  password?: TokenPasswordSlot;
}

/** What `docker login` needs for a token, and the same as a `config.json` entry. */
export interface DockerCredentials {
  /** The login server to log in to. */
  server: string;
  /** The user name (the token's name). */
  username: string;
  /** The password (a secret). */
  password: string;
  /** The `auths` entries of a docker `config.json`: base64 of `username:password`. */
  auth: {
    [server: string]: {
      /** Base64 of `username:password`. */
      auth: string;
    };
  };
}

const SLOTS: readonly TokenPasswordSlot[] = ["password1", "password2"];

// ACR login servers are plain host names (myregistry.azurecr.io), optionally with a port.
const LOGIN_SERVER = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?$/;

function requireNonEmptyString(value: unknown, parameterName: string): string {
  if (requireString(value, parameterName).length === 0) {
    throw new InvalidParameterError(parameterName, "required", `${parameterName} is empty; a non-empty string is required`);
  }
  return value as string;
}

/** A user name for Basic auth: non-empty, without ":" (the decoded auth splits at the first one). */
export function validateLoginUsername(value: unknown, parameterName: string): string {
  const username = requireNonEmptyString(value, parameterName);
  if (username.includes(":")) {
    throw new InvalidParameterError(parameterName, "pattern", `${parameterName} must not contain ":" (docker auth is username:password)`);
  }
  return username;
}

/** A login server: a host name or address with an optional port, without scheme or path. */
export function validateLoginServer(value: unknown, parameterName: string): string {
  const server = requireNonEmptyString(value, parameterName);
  if (!LOGIN_SERVER.test(server)) {
    throw new InvalidParameterError(
      parameterName,
      "format",
      `${parameterName} must be a host name with an optional port, without scheme or path (e.g. myregistry.azurecr.io)`,
    );
  }
  return server;
}

/** The slot's password, or undefined when the slot or its value is absent or empty. */
function slotValue(passwords: Record<string, unknown>, slot: TokenPasswordSlot): string | undefined {
  const entry = passwords[slot];
  if (entry === undefined || entry === null) return undefined;
  const value = requireObject(entry, `result.passwords.${slot}`).value;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    // Only the type is reported: the value may be a secret.
    throw new InvalidParameterError(`result.passwords.${slot}.value`, "type", `result.passwords.${slot}.value must be a string, got ${typeName(value)}`);
  }
  return value.length > 0 ? value : undefined;
}

/**
 * Builds docker login credentials for a token. Uses `options.password`
 * (default "password1"), falling back to the other slot when it has no value.
 */
export function dockerCredentials(
  result: DockerCredentialsInput,
  options: DockerCredentialsOptions = {},
): DockerCredentials {
  const input = requireObject(result, "result");
  const opts = requireObject(options, "options");
  const preferred = opts.password ?? "password1";
  if (!SLOTS.includes(preferred as TokenPasswordSlot)) {
    // Not echoed: a password value passed here by mistake must not leak.
    throw new InvalidParameterError("options.password", "enum", `options.password must be one of: ${SLOTS.join(", ")}`);
  }

  const username = validateLoginUsername(input.username, "result.username");
  const server = validateLoginServer(input.loginServer, "result.loginServer");

  const passwords = requireObject(input.passwords, "result.passwords");
  const order = preferred === "password1" ? SLOTS : [...SLOTS].reverse();
  let password: string | undefined;
  for (const slot of order) {
    password = slotValue(passwords, slot);
    if (password !== undefined) break;
  }
  if (password === undefined) {
    throw new InvalidParameterError(
      "result.passwords",
      "required",
      `result.passwords has no password value in password1 or password2; ` +
        `generate token credentials first (values are only returned when they are generated)`,
    );
  }

  const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  return { server, username, password, auth: { [server]: { auth } } };
}

/** The text of a docker `config.json` that logs in to the registry with the token. */
export function dockerConfigJson(
  result: DockerCredentialsInput,
  options: DockerCredentialsOptions = {},
): string {
  return JSON.stringify({ auths: dockerCredentials(result, options).auth }, null, 2);
}
