import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../src/generated/runtime/validation.js";
import fc from "fast-check";
import {
  dockerConfigJson,
  dockerCredentials,
  type DockerCredentialsInput,
} from "../../src/customizations/docker.js";

const server = "myregistry.azurecr.io";

function input(password1?: string, password2?: string): DockerCredentialsInput {
  return {
    username: "ci-token",
    loginServer: server,
    passwords: {
      ...(password1 === undefined ? {} : { password1: { value: password1 } }),
      ...(password2 === undefined ? {} : { password2: { value: password2 } }),
    },
  };
}

const decode = (auth: string) => Buffer.from(auth, "base64").toString("utf8");

// A marker prefix keeps a generated secret from matching message text by chance.
const secret = fc.string({ minLength: 8, maxLength: 64, unit: "grapheme" }).map((s) => `S3CRET~${s}`);

describe("dockerCredentials", () => {
  it("uses password1 by default and builds the auths entry", () => {
    const creds = dockerCredentials(input("pw-one", "pw-two"));
    expect(creds).toEqual({
      server,
      username: "ci-token",
      password: "pw-one",
      auth: { [server]: { auth: Buffer.from("ci-token:pw-one").toString("base64") } },
    });
  });

  it("uses password2 when asked", () => {
    expect(dockerCredentials(input("pw-one", "pw-two"), { password: "password2" }).password).toBe("pw-two");
    expect(dockerCredentials(input("pw-one", "pw-two"), { password: "password1" }).password).toBe("pw-one");
  });

  it("falls back to the other slot when the chosen one has no value", () => {
    expect(dockerCredentials(input(undefined, "pw-two")).password).toBe("pw-two");
    expect(dockerCredentials(input("", "pw-two")).password).toBe("pw-two");
    expect(dockerCredentials(input("pw-one"), { password: "password2" }).password).toBe("pw-one");
    const emptySlot = { ...input(undefined, "pw-two"), passwords: { password1: {}, password2: { value: "pw-two" } } };
    expect(dockerCredentials(emptySlot).password).toBe("pw-two");
  });

  it("encodes username:password as UTF-8 base64 for any password", () => {
    fc.assert(
      fc.property(secret, fc.stringMatching(/^[a-zA-Z0-9-]{5,50}$/), (password, username) => {
        const creds = dockerCredentials({ ...input(password), username });
        expect(creds.password).toBe(password);
        expect(Object.keys(creds.auth)).toEqual([server]);
        expect(decode(creds.auth[server]!.auth)).toBe(`${username}:${password}`);
      }),
    );
  });

  it("throws when no slot has a value", () => {
    for (const creds of [input(), input("", ""), { ...input(), passwords: { password1: {}, password2: {} } }]) {
      expect(() => dockerCredentials(creds)).toThrow(InvalidParameterError);
      expect(() => dockerCredentials(creds)).toThrow(
        /^result\.passwords has no password value in password1 or password2; generate token credentials first/,
      );
    }
  });

  it("validates the other fields", () => {
    expect(() => dockerCredentials({ ...input("pw"), username: "" })).toThrow(/^result\.username is empty/);
    expect(() => dockerCredentials({ ...input("pw"), username: "a:b" })).toThrow(/^result\.username must not contain ":"/);
    expect(() => dockerCredentials({ ...input("pw"), loginServer: "" })).toThrow(/^result\.loginServer is empty/);
    for (const bad of ["https://myregistry.azurecr.io", "myregistry.azurecr.io/", "my registry", "-x.io", "x.io:port"]) {
      expect(() => dockerCredentials({ ...input("pw"), loginServer: bad })).toThrow(InvalidParameterError);
      expect(() => dockerCredentials({ ...input("pw"), loginServer: bad })).toThrow(
        /^result\.loginServer must be a host name with an optional port, without scheme or path/,
      );
    }
    expect(dockerCredentials({ ...input("pw"), loginServer: "localhost:5000" }).server).toBe("localhost:5000");
    expect(() => dockerCredentials(input("pw"), { password: "password3" as never })).toThrow(
      /^options\.password must be one of: password1, password2$/,
    );
  });

  it("throws InvalidParameterError for wrong types", () => {
    const cases: Array<[unknown, unknown, RegExp]> = [
      [null, undefined, /^result must be an object, got null$/],
      [{ ...input("pw"), username: 1 }, undefined, /^result\.username must be a string, got number$/],
      [{ ...input("pw"), loginServer: undefined }, undefined, /^result\.loginServer must be a string, got undefined$/],
      [{ ...input("pw"), passwords: [] }, undefined, /^result\.passwords must be an object, got array$/],
      [{ ...input("pw"), passwords: { password1: "pw" } }, undefined, /^result\.passwords\.password1 must be an object, got string$/],
      [{ ...input(), passwords: { password1: { value: 5 } } }, undefined, /^result\.passwords\.password1\.value must be a string, got number$/],
      [input("pw"), null, /^options must be an object, got null$/],
    ];
    for (const [result, options, message] of cases) {
      const call = () => dockerCredentials(result as DockerCredentialsInput, options as never);
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow(message);
    }
  });
});

describe("secrets never appear in error messages", () => {
  /** Every way a call can fail while a secret is somewhere in the input. */
  function failingCalls(pw: string): Array<() => unknown> {
    return [
      () => dockerCredentials({ ...input(pw), username: "a:b" }),
      () => dockerCredentials({ ...input(pw), username: "" }),
      () => dockerCredentials({ ...input(pw), username: pw.length as never }),
      () => dockerCredentials({ ...input(pw), loginServer: "https://x.io/" }),
      () => dockerCredentials({ ...input(pw), loginServer: pw }),
      () => dockerCredentials({ ...input(pw), username: `${pw}:` }),
      () => dockerCredentials(input(pw), { password: pw as never }),
      () => dockerCredentials(input("", ""), { password: pw as never }),
      () => dockerCredentials({ ...input(), passwords: { password1: { value: 42 as never }, password2: { value: pw } } }),
      () => dockerCredentials({ ...input(), passwords: { password1: { value: [pw] as never } } }),
      () => dockerCredentials({ ...input(), passwords: { password1: pw as never } }),
      () => dockerCredentials({ ...input(pw), passwords: pw as never }),
      () => dockerCredentials(pw as never),
      () => dockerConfigJson({ ...input(pw), loginServer: `${pw}/x` }),
      () => dockerConfigJson(input(pw), { password: pw as never }),
    ];
  }

  it("for generated secrets", () => {
    fc.assert(
      fc.property(secret, (pw) => {
        const base64 = Buffer.from(pw).toString("base64");
        for (const call of failingCalls(pw)) {
          let error: unknown;
          try {
            call();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(Error);
          const text = `${(error as Error).message} ${String((error as Error).stack)}`;
          expect(text).not.toContain(pw);
          expect(text).not.toContain("S3CRET");
          expect(text).not.toContain(base64);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("dockerConfigJson", () => {
  it("returns a config.json with the auths entry", () => {
    const text = dockerConfigJson(input("pw-one", "pw-two"), { password: "password2" });
    const parsed = JSON.parse(text) as { auths: Record<string, { auth: string }> };
    expect(Object.keys(parsed)).toEqual(["auths"]);
    expect(Object.keys(parsed.auths)).toEqual([server]);
    expect(decode(parsed.auths[server]!.auth)).toBe("ci-token:pw-two");
    expect(text).not.toContain("pw-two");
  });

  it("matches dockerCredentials for generated inputs", () => {
    fc.assert(
      fc.property(fc.option(secret, { nil: undefined }), secret, fc.constantFrom("password1", "password2" as const), (p1, p2, slot) => {
        const source = input(p1, p2);
        const text = dockerConfigJson(source, { password: slot });
        expect(JSON.parse(text)).toEqual({ auths: dockerCredentials(source, { password: slot }).auth });
      }),
    );
  });

  it("fails like dockerCredentials", () => {
    expect(() => dockerConfigJson(input())).toThrow(/^result\.passwords has no password value/);
  });
});
