// No password value in logs or errors: every helper runs against the emulator with @azure/logger at
// "verbose" and a sink capturing each line. A pipeline policy records every password value the service
// sends, including ones a failing call never hands back.
import { inspect } from "node:util";
import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createRepositoryToken,
  deleteRepositoryToken,
  findExpiringCredentials,
  generateCredentials,
  rotateTokenPassword,
  setTokenStatus,
} from "../../src/customizations/index.js";
import type { Emulator } from "acr-tokens-emulator";
import { SUBSCRIPTION, useEmulator } from "../support/emulator.js";
import { ContainerRegistryManagementClient } from "../../src/index.js";


const RG = "secrets-rg";
const REGISTRY = "secretsreg";
const ref = (token: string) => ({ resourceGroup: RG, registry: REGISTRY, token });

const logLines: string[] = [];
const secrets = new Set<string>();
const errors: unknown[] = [];
let emulator: Emulator;
let client: ContainerRegistryManagementClient;
let originalLog: typeof AzureLogger.log;
let originalLevel: AzureLogLevel | undefined;

/** Records each password value in a response body, whatever the operation. */
const captureSecrets: PipelinePolicy = {
  name: "captureSecrets",
  async sendRequest(request, next) {
    const response = await next(request);
    try {
      const body = JSON.parse(response.bodyAsText ?? "");
      for (const password of body?.passwords ?? []) if (typeof password?.value === "string") secrets.add(password.value);
    } catch {
      // Not JSON: no password in it.
    }
    return response;
  },
};

/** Runs a call that must fail and keeps its error for the final check. */
async function failing(call: Promise<unknown>): Promise<void> {
  const error = await call.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  errors.push(error);
}

function errorText(error: unknown): string {
  const parts = [String(error), inspect(error, { depth: 6 })];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? "");
    current = current.cause;
  }
  return parts.join("\n");
}

const e2e = useEmulator();
beforeAll(async () => {
  originalLog = AzureLogger.log;
  originalLevel = getLogLevel();
  AzureLogger.log = (...args: unknown[]) => void logLines.push(args.map(String).join(" "));
  setLogLevel("verbose");
  emulator = e2e.emulator;
  client = e2e.newClient({ additionalPolicies: [{ policy: captureSecrets, position: "perCall" }] });
  await client.registries.beginCreateAndWait(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } });
});

afterAll(async () => {
  AzureLogger.log = originalLog;
  setLogLevel(originalLevel);
});

beforeEach(() => emulator.faults.clear());

describe("password values stay out of logs and errors", () => {
  it("runs every helper, succeeding and failing, synchronously and asynchronously", async () => {
    for (const delay of [0, 20]) {
      emulator.setAsyncDelay(delay);
      const token = `tok-${delay}`;
      const created = await createRepositoryToken(client, { ...ref(token), repositories: { web: ["content/read"] }, expiry: { days: 10 }, updateIntervalInMs: 5 });
      expect(secrets.has(created.passwords.password1!.value)).toBe(true);
      await generateCredentials(client, ref(token), { updateIntervalInMs: 5 });
      await generateCredentials(client, ref(token), { password: "password2", updateIntervalInMs: 5 });
      for (let i = 0; i < 3; i++) await rotateTokenPassword(client, ref(token), { updateIntervalInMs: 5 });
      await setTokenStatus(client, ref(token), "disabled", { updateIntervalInMs: 5 });
      for await (const found of findExpiringCredentials(client, { resourceGroup: RG, registry: REGISTRY, within: { days: 30 } })) void found;

      // Reading the registry fails: the helper stops before it generates anything.
      emulator.faults.add({ method: "GET", path: new RegExp(`/registries/${REGISTRY}$`), kind: "status", status: 500, count: 1 });
      await failing(generateCredentials(client, ref(token), { updateIntervalInMs: 5 }));
      // A failure midway through creation, after the token exists.
      emulator.faults.add({ method: "POST", path: "/generateCredentials", kind: "status", status: 500, count: 1 });
      await failing(createRepositoryToken(client, { ...ref(`${token}-b`), scopeMap: "_repositories_pull", updateIntervalInMs: 5 }));
      // The same, and the cleanup fails too: the helper logs what it left behind.
      emulator.faults.add({ method: "POST", path: "/generateCredentials", kind: "status", status: 500, count: 1 });
      emulator.faults.add({ method: "DELETE", path: `/tokens/${token}-c`, kind: "status", status: 500, count: 1 });
      await failing(createRepositoryToken(client, { ...ref(`${token}-c`), repositories: { web: ["content/read"] }, updateIntervalInMs: 5 }));
      await deleteRepositoryToken(client, ref(`${token}-c`), { updateIntervalInMs: 5 });
      // An existing token is refused.
      await failing(createRepositoryToken(client, { ...ref(token), scopeMap: "_repositories_pull" }));
      await failing(rotateTokenPassword(client, ref("missing-token")));
      await failing(generateCredentials(client, ref("missing-token")));
      await failing(setTokenStatus(client, ref("missing-token"), "enabled"));
      await failing(deleteRepositoryToken(client, { ...ref(token), registry: "nosuchregistry" }));

      expect(await deleteRepositoryToken(client, ref(token), { updateIntervalInMs: 5 })).toEqual({ token, scopeMap: `${token}-scope-map` });
    }
    // A password pasted where a slot name belongs is not echoed.
    const leaked = [...secrets][0]!;
    await failing(generateCredentials(client, ref("tok-0"), { password: leaked as never }));

    expect(secrets.size).toBeGreaterThanOrEqual(16);
    expect(errors).toHaveLength(17);
    expect(logLines.some((line) => line.includes('could not remove token "tok-0-c"'))).toBe(true);
    // Logging really was on: the pipeline logged the requests, generateCredentials among them.
    expect(logLines.some((line) => line.includes("generateCredentials"))).toBe(true);
    // Whatever the helpers logged themselves goes through the same sink.
    expect(logLines.length).toBeGreaterThan(50);

    const logs = logLines.join("\n");
    const errorTexts = errors.map(errorText).join("\n");
    for (const secret of secrets) {
      expect(logs.includes(secret), "a password value appears in the logs").toBe(false);
      expect(errorTexts.includes(secret), "a password value appears in an error").toBe(false);
    }
  });
});
