import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../src/index.js";
import {
  createRegistry,
  createScopeMap,
  createToken,
  registryPath,
  scopeMapPath,
  TestClient,
  tokenPath,
  type ApiResponse,
  type Json,
} from "./support.js";

const RG = "persistrg";
const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const directories: string[] = [];

async function dataDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "acr-emulator-test-"));
  directories.push(directory);
  return directory;
}

async function withEmulator<T>(directory: string, use: (client: TestClient, emulator: Emulator) => Promise<T>, asyncDelayMs = 0): Promise<T> {
  const emulator = await startEmulator({ dataDir: directory, retryAfterSeconds: 0, asyncDelayMs });
  const client = new TestClient(emulator);
  try {
    return await use(client, emulator);
  } finally {
    client.close();
    await emulator.close();
  }
}

async function tokenNames(client: TestClient, registry: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = `${registryPath(RG, registry)}/tokens`;
  while (next !== undefined) {
    const response: ApiResponse = await client.get(next);
    names.push(...response.body.value.map((token: Json) => token.name));
    next = response.body.nextLink;
  }
  return names;
}

/** Runs the CLI in its own process and resolves with its endpoint once it listens. */
function startCli(directory: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--data-dir", directory], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        child.stdout?.off("data", onData);
        resolve({ child, endpoint: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
}

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe("dataDir", () => {
  it("keeps registries, scope maps, tokens and credentials across a restart", async () => {
    const directory = await dataDir();
    const before = await withEmulator(directory, async (client, emulator) => {
      await createRegistry(client, RG, "keptreg1", "Premium", { adminUserEnabled: true });
      await createScopeMap(client, RG, "keptreg1", "kept-map", ["repositories/kept/content/read"]);
      for (const name of ["kept-a", "kept-b", "kept-c"]) await createToken(client, RG, "keptreg1", name, "kept-map");
      await client.post(`${registryPath(RG, "keptreg1")}/generateCredentials`, { tokenId: tokenPath(RG, "keptreg1", "kept-b"), name: "password2" });
      return {
        ca: emulator.ca,
        token: (await client.get(tokenPath(RG, "keptreg1", "kept-b"))).body,
        admin: (await client.post(`${registryPath(RG, "keptreg1")}/listCredentials`)).body,
        registry: (await client.get(registryPath(RG, "keptreg1"))).body,
      };
    });

    await withEmulator(directory, async (client, emulator) => {
      expect(emulator.ca).toBe(before.ca);
      expect((await client.get(registryPath(RG, "keptreg1"))).body).toEqual(before.registry);
      expect((await client.get(tokenPath(RG, "keptreg1", "kept-b"))).body).toEqual(before.token);
      expect((await client.post(`${registryPath(RG, "keptreg1")}/listCredentials`)).body).toEqual(before.admin);
      expect(await tokenNames(client, "keptreg1")).toEqual(["kept-a", "kept-b", "kept-c"]);
      expect((await client.get(scopeMapPath(RG, "keptreg1", "_repositories_admin"))).status).toBe(200);
      // The in-use index is rebuilt too.
      expect((await client.delete(scopeMapPath(RG, "keptreg1", "kept-map"))).status).toBe(409);
      await client.delete(tokenPath(RG, "keptreg1", "kept-a"));
      await createToken(client, RG, "keptreg1", "kept-d", "kept-map");
    });

    await withEmulator(directory, async (client) => {
      expect(await tokenNames(client, "keptreg1")).toEqual(["kept-b", "kept-c", "kept-d"]);
    });
  });

  it("finishes operations that were running when the emulator stopped", async () => {
    const directory = await dataDir();
    await withEmulator(directory, async (client, emulator) => {
      await createRegistry(client, RG, "pendingreg");
      await createScopeMap(client, RG, "pendingreg", "pending-map");
      await createToken(client, RG, "pendingreg", "leaving", "pending-map");
      emulator.setAsyncDelay(600_000);
      const created = await client.put(tokenPath(RG, "pendingreg", "arriving"), { properties: { scopeMapId: scopeMapPath(RG, "pendingreg", "pending-map") } });
      expect(created.body.properties.provisioningState).toBe("Creating");
      expect((await client.delete(tokenPath(RG, "pendingreg", "leaving"))).status).toBe(202);
    });
    await withEmulator(directory, async (client) => {
      expect((await client.get(tokenPath(RG, "pendingreg", "arriving"))).body.properties.provisioningState).toBe("Succeeded");
      expect((await client.get(tokenPath(RG, "pendingreg", "leaving"))).status).toBe(404);
    });
  });

  it("loses nothing acknowledged when the process is killed, even with a torn journal tail", async () => {
    const directory = await dataDir();
    const names = Array.from({ length: 200 }, (_, index) => `crash-${index}`);
    const ca = await withCrashingCli(directory, async (client) => {
      await createRegistry(client, RG, "crashreg1");
      await createScopeMap(client, RG, "crashreg1", "crash-map");
      const created = await Promise.all(
        names.map((name) => client.put(tokenPath(RG, "crashreg1", name), { properties: { scopeMapId: scopeMapPath(RG, "crashreg1", "crash-map") } })),
      );
      expect(created.every((response) => response.status === 201)).toBe(true);
      const deleted = await Promise.all(names.slice(0, 50).map((name) => client.delete(tokenPath(RG, "crashreg1", name))));
      expect(deleted.every((response) => response.status === 200)).toBe(true);
    });
    // Everything lives only in the journal: a process that is killed writes no snapshot.
    expect(existsSync(join(directory, "state.json"))).toBe(false);
    // A write cut short by the crash.
    await appendFile(join(directory, "journal.ndjson"), '{"seq":999999,"entry":{"op":"putToken","registry":"crash');

    await withCrashingCli(directory, async (client) => {
      expect(await tokenNames(client, "crashreg1")).toEqual(names.slice(50));
      // Appended after the torn line would be lost on the next load unless start-up cleaned it up.
      await createToken(client, RG, "crashreg1", "after-crash", "crash-map");
    });

    await withEmulator(directory, async (client, emulator) => {
      expect(emulator.ca).toBe(ca);
      const after = await tokenNames(client, "crashreg1");
      expect(after).toEqual([...names.slice(50), "after-crash"]);
    });
  });
});

/** Runs `use` against a CLI process on `directory`, then kills it with SIGKILL; returns the CA it served. */
async function withCrashingCli(directory: string, use: (client: TestClient) => Promise<void>): Promise<string> {
  const { child, endpoint } = await startCli(directory);
  const ca = await readFile(join(directory, "emulator-ca.pem"), "utf8");
  const client = new TestClient({ endpoint, ca } as Emulator);
  try {
    await use(client);
  } finally {
    client.close();
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
  return ca;
}
