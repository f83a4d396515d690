// Every sample runs against the emulator; its output shows the task done and never a password.
import { readdirSync } from "node:fs";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { sampleEnvironment } from "../samples/environment.js";

const folder = new URL("../samples/", import.meta.url);
const samples = readdirSync(folder)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "environment.ts"].includes(f))
  .map((f) => f.slice(0, -3));

/** What each sample must have said, beyond finishing. */
const expected: Record<string, RegExp[]> = {
  quickstart: [/Token ci-token is enabled/, /User ci-token, password1: \*+ \(\d+ characters\)/, /Token in registry: ci-token/],
  "repository-token": [/uses scope map web-reader-scope-map \(created: true\)/, /docker login 127\.0\.0\.1:\d+ --username web-reader/, /Deleted token web-reader and scope map web-reader-scope-map/],
  "generate-credentials-expiry": [/Generated password1 for expiring-token/, /expiring-token@127\.0\.0\.1:\d+/],
  "certificate-token": [/Token myToken is disabled, bound to myScopeMap, certificates: certificate1/],
  "premium-pull-token": [/Registry premiumregistry \(Premium\)/, /_repositories_pull \(SystemDefined\)/, /Token pull-token/],
  "rotate-password": [/Rotation 1: new password2 .*; password1 keeps working/, /Rotation 2: new password1 .*; password2 keeps working/],
  "expiry-report": [/soon-token: expiring/, /bare-token: no-credentials/],
  "check-token-access": [/Token web-pusher logs in to 127\.0\.0\.1:\d+: true/, /app\/web: content\/read, content\/write/, /app\/api: nothing/],
  "disable-token": [/paused-token is disabled; passwords kept: password1, password2/, /paused-token is enabled again/],
};

const makesPasswords = new Set(["check-token-access", "quickstart", "repository-token", "generate-credentials-expiry", "rotate-password", "expiry-report", "disable-token"]);

describe("samples", () => {
  it("each sample has expectations here", () => {
    expect(samples.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const name of samples) {
    it(`${name} runs on the emulator`, async () => {
      const lines: string[] = [];
      const previous = { ...process.env };
      delete process.env.AZURE_SUBSCRIPTION_ID;
      const env = await sampleEnvironment((line) => lines.push(line));
      // Every password the service hands out, to check none reaches the output.
      const secrets: string[] = [];
      const recorder: PipelinePolicy = {
        name: "recordPasswords",
        async sendRequest(request, next) {
          const response = await next(request);
          if (request.url.includes("/generateCredentials") || request.url.includes("operationResults")) {
            for (const m of (response.bodyAsText ?? "").matchAll(/"value"\s*:\s*"([^"]+)"/g)) secrets.push(m[1]!);
          }
          return response;
        },
      };
      env.client.pipeline.addPolicy(recorder, { afterPhase: "Retry" });
      try {
        const sample = (await import(new URL(`${name}.ts`, folder).href)) as { summary: string; run: (e: typeof env) => Promise<void> };
        expect(sample.summary.length).toBeGreaterThan(10);
        await sample.run(env);
      } finally {
        await env.close();
        process.env = previous;
      }
      expect(lines[0]).toMatch(/^Using the emulator/);
      for (const pattern of expected[name] ?? []) expect(lines.join("\n")).toMatch(pattern);
      const output = lines.join("\n");
      for (const secret of secrets) expect(output).not.toContain(secret);
      // So the check above is not empty where a sample does make passwords.
      if (makesPasswords.has(name)) expect(secrets.length).toBeGreaterThan(0);
    });
  }
});
