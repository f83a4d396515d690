// Nothing acknowledged is lost: a disk that fills up (an injected file system, and a real tmpfs
// where this machine lets us mount one), damaged journals and snapshots, operations across restarts.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type InternalOptions } from "../src/index.js";
import { nodeFiles, type StateFile, type StateFileSystem } from "../src/state/files.js";
import { createRegistry, createScopeMap, registryPath, scopeMapPath, TestClient, tokenPath, type Json } from "./support.js";

const RG = "durablerg";
const REGISTRY = "durablereg";
const directories: string[] = [];

async function dataDir(parent = tmpdir()): Promise<string> {
  const directory = await mkdtemp(join(parent, "acr-durability-"));
  directories.push(directory);
  return directory;
}

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

/**
 * A file system with room for `room.bytes` more bytes in the files `counts` picks: beyond that a
 * write is cut short, then fails with ENOSPC, as on a full disk.
 */
function fillingFiles(room: { bytes: number }, counts: (path: string) => boolean = () => true): StateFileSystem {
  const limited = (file: StateFile): StateFile => ({
    ...file,
    write: async (buffer, offset, length, position) => {
      if (room.bytes <= 0) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      const allowed = Math.min(length, room.bytes);
      room.bytes -= allowed;
      return file.write(buffer, offset, allowed, position);
    },
    datasync: () => file.datasync(),
    sync: () => file.sync(),
    truncate: (length) => file.truncate(length),
    close: () => file.close(),
  });
  return {
    ...nodeFiles,
    open: async (path, mode) => {
      const file = await nodeFiles.open(path, mode);
      return counts(path) ? limited(file) : file;
    },
  };
}

async function withEmulator<T>(options: InternalOptions, use: (client: TestClient) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ retryAfterSeconds: 0, ...options });
  const client = new TestClient(emulator);
  try {
    return await use(client);
  } finally {
    client.close();
    await emulator.close();
  }
}

async function listNames(client: TestClient, path: string): Promise<string[]> {
  const names: string[] = [];
  for (let next: string | undefined = path; next !== undefined; ) {
    const page: Json = (await client.get(next)).body;
    names.push(...page.value.map((item: Json) => item.name));
    next = page.nextLink;
  }
  return names;
}

interface FillResult {
  acknowledged: string[];
  refused: string[];
  statuses: Set<number>;
}

/** Creates scope maps in parallel batches until `refusals` of them have been refused. */
async function fillUp(client: TestClient, refusals = 20): Promise<FillResult> {
  const result: FillResult = { acknowledged: [], refused: [], statuses: new Set() };
  for (let batch = 0; result.refused.length < refusals && batch < 400; batch++) {
    const names = Array.from({ length: 10 }, (_, index) => `fill-${batch}-${index}`);
    const answers = await Promise.all(
      names.map((name) => client.put(scopeMapPath(RG, REGISTRY, name), { properties: { actions: [`repositories/${name}/content/read`] } })),
    );
    answers.forEach((answer, index) => {
      result.statuses.add(answer.status);
      (answer.status === 201 ? result.acknowledged : result.refused).push(names[index]!);
    });
  }
  return result;
}

function userScopeMaps(names: string[]): string[] {
  return names.filter((name) => !name.startsWith("_"));
}

describe("a disk that fills up", () => {
  it("refuses with 503 what it could not write, keeps every acknowledged write, and takes writes again when there is room", async () => {
    const directory = await dataDir();
    const room = { bytes: Number.POSITIVE_INFINITY };
    const options: InternalOptions = { dataDir: directory, fileSystem: fillingFiles(room), compactAfterLines: 50 };
    const { filled, later } = await withEmulator(options, async (client) => {
      await createRegistry(client, RG, REGISTRY, "Premium");
      room.bytes = 40_000;
      const filled = await fillUp(client);
      const refusal = await client.put(scopeMapPath(RG, REGISTRY, "refused-one"), { properties: { actions: ["repositories/a/content/read"] } });
      expect(refusal.status).toBe(503);
      expect(refusal.body.error.message).toMatch(/not saved.*no space left/);
      // What was refused was undone: reads show only what is on disk.
      expect(userScopeMaps(await listNames(client, `${registryPath(RG, REGISTRY)}/scopeMaps`)).sort()).toEqual([...filled.acknowledged].sort());
      room.bytes = Number.POSITIVE_INFINITY;
      await createScopeMap(client, RG, REGISTRY, "after-space", ["repositories/later/content/read"]);
      return { filled, later: "after-space" };
    });
    expect(filled.acknowledged.length).toBeGreaterThan(20);
    expect([...filled.statuses].sort()).toEqual([201, 503]);

    await withEmulator({ dataDir: directory }, async (client) => {
      const kept = userScopeMaps(await listNames(client, `${registryPath(RG, REGISTRY)}/scopeMaps`));
      expect(kept.sort()).toEqual([...filled.acknowledged, later].sort());
    });
  });

  it("keeps the old snapshot when a new one does not fit, and appends instead", async () => {
    const directory = await dataDir();
    const room = { bytes: Number.POSITIVE_INFINITY };
    const snapshotsOnly = (path: string) => path.endsWith(".tmp");
    await withEmulator({ dataDir: directory, fileSystem: fillingFiles(room, snapshotsOnly), compactAfterLines: 5 }, async (client) => {
      await createRegistry(client, RG, REGISTRY, "Premium");
      for (let index = 0; index < 8; index++) await createScopeMap(client, RG, REGISTRY, `snap-${index}`);
      const snapshot = readFileSync(join(directory, "state.json"), "utf8");
      room.bytes = snapshot.length - 100; // a new snapshot is cut short: room for most of it, not all
      for (let index = 8; index < 12; index++) await createScopeMap(client, RG, REGISTRY, `snap-${index}`);
      expect(readFileSync(join(directory, "state.json"), "utf8")).toBe(snapshot);
      expect(readdirSync(directory).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });
    await withEmulator({ dataDir: directory }, async (client) => {
      const kept = userScopeMaps(await listNames(client, `${registryPath(RG, REGISTRY)}/scopeMaps`));
      expect(kept).toEqual(Array.from({ length: 12 }, (_, index) => `snap-${index}`));
    });
  });

  const mountable = canMountTmpfs();
  it.skipIf(!mountable)("on a real 256 KiB tmpfs: every acknowledged write survives, every refused one is gone", async () => {
    const mountPoint = await dataDir();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint]);
    try {
      const directory = join(mountPoint, "data");
      const filled = await withEmulator({ dataDir: directory }, async (client) => {
        await createRegistry(client, RG, REGISTRY, "Premium");
        return fillUp(client);
      });
      expect(filled.acknowledged.length).toBeGreaterThan(50);
      expect([...filled.statuses].sort()).toEqual([201, 503]);
      // The disk is still full: starting needs no room, and every acknowledged scope map is there.
      await withEmulator({ dataDir: directory }, async (client) => {
        const kept = userScopeMaps(await listNames(client, `${registryPath(RG, REGISTRY)}/scopeMaps`));
        expect(kept.sort()).toEqual([...filled.acknowledged].sort());
      });
    } finally {
      execFileSync("umount", ["-l", mountPoint]);
    }
  });
});

function canMountTmpfs(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `acr-mount-probe-${process.pid}`);
  try {
    execFileSync("mkdir", ["-p", probe]);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync("rmdir", [probe]);
  }
}

/** A data directory with a registry, a scope map and `count` tokens, all in the journal. */
async function journalWithTokens(count: number): Promise<string> {
  const directory = await dataDir();
  await withEmulator({ dataDir: directory, compactAfterLines: 1_000_000 }, async (client) => {
    await createRegistry(client, RG, REGISTRY);
    await createScopeMap(client, RG, REGISTRY, "damage-map");
    for (let index = 0; index < count; index++) {
      await client.put(tokenPath(RG, REGISTRY, `token-${index}`), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "damage-map") } });
    }
  });
  return directory;
}

function editLine(path: string, line: number, edit: (text: string) => string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  lines[line - 1] = edit(lines[line - 1]!);
  writeFileSync(path, lines.join("\n"));
}

/** The journal line that stores the token `name`. */
function lineOf(path: string, name: string): number {
  return readFileSync(path, "utf8").split("\n").findIndex((text) => text.includes(`"name":"${name}"`)) + 1;
}

async function startFailure(options: InternalOptions): Promise<Error> {
  const outcome = await startEmulator(options).then(
    async (emulator) => {
      await emulator.close();
      return undefined;
    },
    (error: Error) => error,
  );
  if (outcome === undefined) throw new Error("the emulator started");
  return outcome;
}

function tokenCount(client: TestClient): Promise<string[]> {
  return listNames(client, `${registryPath(RG, REGISTRY)}/tokens`);
}

describe("damaged files", () => {
  it("refuses to start on a journal with a flipped byte, naming the file and line; recover sets the rest aside", async () => {
    const directory = await journalWithTokens(40);
    const journal = join(directory, "journal.ndjson");
    const line = lineOf(journal, "token-5");
    // Still valid JSON: only the checksum can tell.
    editLine(journal, line, (text) => text.replace('"name":"token-5"', '"name":"tokem-5"'));

    const error = await startFailure({ dataDir: directory });
    expect(error.message).toContain(`${journal} line ${line} is damaged: its checksum does not match its content`);
    expect(error.message).toMatch(/recover: true/);

    const emulator = await startEmulator({ dataDir: directory, recover: true });
    const client = new TestClient(emulator);
    try {
      expect(await tokenCount(client)).toEqual(["token-0", "token-1", "token-2", "token-3", "token-4"]);
      expect(emulator.startupNotes).toHaveLength(1);
      expect(emulator.startupNotes[0]).toMatch(new RegExp(`Set aside .*journal.ndjson from line ${line} \\(35 line\\(s\\); line ${line}: its checksum does not match`));
      const aside = readdirSync(directory).filter((name) => name.startsWith("journal.ndjson.damaged-"));
      expect(aside).toHaveLength(1);
      expect(emulator.startupNotes[0]).toContain(aside[0]);
      await createScopeMap(client, RG, REGISTRY, "after-recovery");
    } finally {
      client.close();
      await emulator.close();
    }
    // Recovered for good: the next start needs no recover and keeps what came after.
    await withEmulator({ dataDir: directory }, async (again) => {
      expect(await tokenCount(again)).toHaveLength(5);
      expect((await again.get(scopeMapPath(RG, REGISTRY, "after-recovery"))).status).toBe(200);
    });
  });

  it("refuses to start on a journal with a line cut short in the middle", async () => {
    const directory = await journalWithTokens(10);
    const journal = join(directory, "journal.ndjson");
    const line = lineOf(journal, "token-3");
    editLine(journal, line, (text) => text.slice(0, Math.floor(text.length / 2)));
    const error = await startFailure({ dataDir: directory });
    expect(error.message).toContain(`${journal} line ${line} is damaged`);
  });

  it("refuses to start on a journal whose last newline was damaged, but drops a cut-short last line", async () => {
    const directory = await journalWithTokens(3);
    const journal = join(directory, "journal.ndjson");
    const text = readFileSync(journal, "utf8");
    const lines = text.split("\n").length - 1;
    writeFileSync(journal, `${text.slice(0, -1)}x`);
    expect((await startFailure({ dataDir: directory })).message).toContain(`${journal} line ${lines} is damaged`);

    writeFileSync(journal, `${text}{"sum":"0123456789abcdef","seq":99,"entry":{"op":"putTo`);
    const emulator = await startEmulator({ dataDir: directory });
    const client = new TestClient(emulator);
    try {
      expect(await tokenCount(client)).toEqual(["token-0", "token-1", "token-2"]);
      expect(emulator.startupNotes[0]).toMatch(/Dropped the cut-short last line .* a write that was never acknowledged/);
    } finally {
      client.close();
      await emulator.close();
    }
    expect(readFileSync(journal, "utf8")).toBe(text);
  });

  it("refuses to start on a damaged snapshot; recover sets it aside with the journal built on it", async () => {
    const directory = await dataDir();
    await withEmulator({ dataDir: directory, compactAfterLines: 5 }, async (client) => {
      await createRegistry(client, RG, REGISTRY);
      await createScopeMap(client, RG, REGISTRY, "damage-map");
      for (let index = 0; index < 10; index++) {
        await client.put(tokenPath(RG, REGISTRY, `token-${index}`), { properties: { scopeMapId: scopeMapPath(RG, REGISTRY, "damage-map") } });
      }
    });
    const snapshot = join(directory, "state.json");
    writeFileSync(snapshot, readFileSync(snapshot, "utf8").replace('"name":"token-2"', '"name":"token-X"'));
    const error = await startFailure({ dataDir: directory });
    expect(error.message).toContain(`${snapshot} line 1 is damaged: its checksum does not match its content`);

    const emulator = await startEmulator({ dataDir: directory, recover: true });
    try {
      expect(emulator.state.counts()).toEqual({ registries: 0, scopeMaps: 0, tokens: 0 });
      expect(emulator.startupNotes.join("\n")).toMatch(/Set aside .*state\.json \(line 1: its checksum does not match/);
      expect(emulator.startupNotes.join("\n")).toMatch(/journal\.ndjson from line 1 .*it builds on the snapshot that was set aside/);
      expect(readdirSync(directory).filter((name) => name.includes(".damaged-"))).toHaveLength(2);
    } finally {
      await emulator.close();
    }
  });
});

describe("operations across a restart", () => {
  it("an operation polled across a restart completes, on the same endpoint", async () => {
    const directory = await dataDir();
    const first = await startEmulator({ dataDir: directory, retryAfterSeconds: 0, asyncDelayMs: 600_000 });
    const client = new TestClient(first);
    await client.put(registryPath(RG, REGISTRY), { location: "westus", sku: { name: "Standard" } });
    const created = await client.put(scopeMapPath(RG, REGISTRY, "slow-map"), { properties: { actions: ["repositories/a/content/read"] } });
    const statusUrl = created.headers["azure-asyncoperation"] as string;
    const deleted = await client.delete(registryPath(RG, "neverthere"));
    expect(deleted.status).toBe(204);
    expect(statusUrl.startsWith(first.endpoint)).toBe(true);
    expect((await client.get(statusUrl)).body.status).toBe("InProgress");
    client.close();
    await first.close();

    const second = await startEmulator({ dataDir: directory, retryAfterSeconds: 0, asyncDelayMs: 0, port: first.port });
    const again = new TestClient(second);
    try {
      expect(second.endpoint).toBe(first.endpoint);
      let status: string | undefined;
      for (let attempt = 0; attempt < 100 && status !== "Succeeded"; attempt++) status = (await again.get(statusUrl)).body.status;
      expect(status).toBe("Succeeded");
      expect((await again.get(scopeMapPath(RG, REGISTRY, "slow-map"))).body.properties.provisioningState).toBe("Succeeded");
    } finally {
      again.close();
      await second.close();
    }
  });
});
