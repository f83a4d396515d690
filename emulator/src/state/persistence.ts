/**
 * Durable state for `dataDir`.
 *
 * Rewriting the whole state on every change would make 10,000 token creates
 * quadratic, so mutations go to an append-only journal and the full state is
 * compacted into a snapshot now and then:
 *
 * - journal.ndjson: one JSON line per mutation with a sequence number. Lines
 *   queued while a write is in flight are appended together with one fsync
 *   (group commit); a mutation is acknowledged only after its fsync.
 * - state.json: the whole state plus the sequence number it includes, written
 *   to a temporary file, fsynced, then renamed over the old one. The journal
 *   is truncated afterwards; a crash between the two just leaves lines whose
 *   sequence numbers the snapshot already covers, and loading skips them.
 *
 * A crash can tear only the last journal line, which was never acknowledged;
 * loading stops there and compacts at once so later appends follow good data.
 */

import { mkdir, open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { JournalEntry, StateSnapshot } from "./store.js";

const SNAPSHOT_FILE = "state.json";
const JOURNAL_FILE = "journal.ndjson";
const FORMAT_VERSION = 1;
/** Journal lines after which the next write compacts instead of appending. */
const COMPACT_AFTER_LINES = 20_000;

export interface Persistence {
  /** Queues a mutation; call `flush()` before acknowledging it. */
  record(entry: JournalEntry): void;
  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** For emulators without a data directory: nothing to write, nothing to wait for. */
export const memoryOnly: Persistence = {
  record: () => undefined,
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

interface SnapshotFile {
  version: number;
  seq: number;
  state: StateSnapshot;
}

interface JournalLine {
  seq: number;
  entry: JournalEntry;
}

export interface LoadedState {
  snapshot: StateSnapshot | undefined;
  /** Journal entries newer than the snapshot, in order. */
  entries: JournalEntry[];
  lastSeq: number;
}

/** Reads the snapshot and the intact prefix of the journal. */
export async function loadState(dataDir: string): Promise<LoadedState> {
  await mkdir(dataDir, { recursive: true });
  await rm(join(dataDir, `${SNAPSHOT_FILE}.tmp`), { force: true });
  let snapshot: StateSnapshot | undefined;
  let lastSeq = 0;
  const snapshotText = await readOptional(join(dataDir, SNAPSHOT_FILE));
  if (snapshotText !== undefined) {
    let file: SnapshotFile;
    try {
      file = JSON.parse(snapshotText) as SnapshotFile;
    } catch (error) {
      // Snapshots are replaced by rename, so this is damage from outside, not a torn write.
      throw new Error(`${join(dataDir, SNAPSHOT_FILE)} is not valid JSON (${(error as Error).message}); move it away to start empty`);
    }
    if (file.version !== FORMAT_VERSION) {
      throw new Error(`${join(dataDir, SNAPSHOT_FILE)} has format version ${file.version}; expected ${FORMAT_VERSION}`);
    }
    snapshot = file.state;
    lastSeq = file.seq;
  }
  const entries: JournalEntry[] = [];
  const journalText = (await readOptional(join(dataDir, JOURNAL_FILE))) ?? "";
  for (const text of journalText.split("\n")) {
    if (text === "") continue;
    let line: JournalLine;
    try {
      line = JSON.parse(text) as JournalLine;
    } catch {
      break; // torn tail of a write that was never acknowledged
    }
    if (line.seq <= lastSeq) continue;
    entries.push(line.entry);
    lastSeq = line.seq;
  }
  return { snapshot, entries, lastSeq };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class FilePersistence implements Persistence {
  private journal: FileHandle | undefined;
  private pending: string[] = [];
  private recordedSeq: number;
  private durableSeq: number;
  private linesSinceSnapshot = 0;
  private waiters: Waiter[] = [];
  private writing = false;
  private compactRequested = false;
  private failure: Error | undefined;

  private constructor(
    private readonly dataDir: string,
    private readonly snapshot: () => StateSnapshot,
    lastSeq: number,
  ) {
    this.recordedSeq = lastSeq;
    this.durableSeq = lastSeq;
  }

  /** Opens the journal and compacts what was loaded, leaving a clean journal. */
  static async open(dataDir: string, snapshot: () => StateSnapshot, lastSeq: number): Promise<FilePersistence> {
    const persistence = new FilePersistence(dataDir, snapshot, lastSeq);
    persistence.journal = await open(join(dataDir, JOURNAL_FILE), "a");
    persistence.compactRequested = true;
    persistence.recordedSeq++; // the startup compaction counts as a write of its own
    await persistence.flush();
    return persistence;
  }

  record(entry: JournalEntry): void {
    const seq = ++this.recordedSeq;
    // Serialised now: the records may change after this call returns.
    this.pending.push(JSON.stringify({ seq, entry } satisfies JournalLine));
  }

  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.durableSeq >= this.recordedSeq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: this.recordedSeq, resolve, reject });
      void this.drain();
    });
  }

  async close(): Promise<void> {
    this.compactRequested = true;
    this.recordedSeq++;
    try {
      await this.flush();
    } finally {
      await this.journal?.close();
      this.journal = undefined;
    }
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.durableSeq < this.recordedSeq && this.failure === undefined) {
        const upTo = this.recordedSeq;
        const lines = this.pending;
        this.pending = [];
        if (this.compactRequested || this.linesSinceSnapshot + lines.length > COMPACT_AFTER_LINES) {
          this.compactRequested = false;
          // The snapshot reflects every mutation recorded so far, including `lines`.
          await this.compact(JSON.stringify({ version: FORMAT_VERSION, seq: upTo, state: this.snapshot() } satisfies SnapshotFile));
        } else {
          await this.append(lines);
        }
        this.durableSeq = upTo;
        this.settle();
      }
    } catch (error) {
      this.failure = new Error(`Persisting emulator state in ${this.dataDir} failed: ${(error as Error).message}`);
      for (const waiter of this.waiters) waiter.reject(this.failure);
      this.waiters = [];
    } finally {
      this.writing = false;
    }
  }

  private settle(): void {
    const remaining: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.seq <= this.durableSeq) waiter.resolve();
      else remaining.push(waiter);
    }
    this.waiters = remaining;
  }

  private async append(lines: string[]): Promise<void> {
    const journal = this.requireJournal();
    await journal.write(lines.join("\n") + "\n");
    await journal.datasync();
    this.linesSinceSnapshot += lines.length;
  }

  private async compact(text: string): Promise<void> {
    const target = join(this.dataDir, SNAPSHOT_FILE);
    const temporary = `${target}.tmp`;
    const file = await open(temporary, "w");
    try {
      await file.write(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
    await syncDirectory(this.dataDir);
    const journal = this.requireJournal();
    await journal.truncate(0);
    await journal.sync();
    this.linesSinceSnapshot = 0;
  }

  private requireJournal(): FileHandle {
    if (this.journal === undefined) throw new Error("the journal is closed");
    return this.journal;
  }
}

/** Makes the rename itself durable; some platforms cannot open directories, which is fine to skip. */
async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}
