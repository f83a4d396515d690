// The bin as people start it: through `npm run`, stopped with SIGINT or SIGTERM sent to npm.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopped(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (!isRunning(pid)) return true;
    await sleep(25);
  }
  return false;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  describe(`acr-emulator through npm run, stopped with ${signal}`, () => {
    it("prints its PID, writes a certificate file ending in a newline, and removes it when it stops", async () => {
      const npm = spawn("npm", ["run", "--silent", "start", "--", "--port", "0"], { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const npmExited = new Promise<number | null>((resolve) => npm.once("exit", resolve));
      for (let attempt = 0; attempt < 400 && !output.includes("Press Ctrl+C"); attempt++) await sleep(25);
      const pid = Number(/\(PID (\d+)\)/.exec(output)?.[1]);
      const caFile = /Certificate to trust: (\S+)/.exec(output)?.[1] ?? "";
      expect(pid, output).toBeGreaterThan(0);
      expect(pid).not.toBe(npm.pid);
      const pem = readFileSync(caFile, "utf8");
      expect(pem.endsWith("\n")).toBe(true);
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);

      npm.kill(signal);
      expect(await stopped(pid), `the emulator (PID ${pid}) outlived npm`).toBe(true);
      await npmExited;
      expect(existsSync(caFile), `the certificate file outlived the emulator; it printed:\n${output}`).toBe(false);
      expect(output).toContain(`Received ${signal}, stopping...`);
      expect(output).toContain("Stopped.");
    });
  });
}
