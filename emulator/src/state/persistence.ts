/**
 * Durable state for `dataDir`.
 *
 * Rewriting the whole state on every change would make 10,000 token creates
 * quadratic, so mutations go to an append-only journal and the full state is
 * compacted into a snapshot now and then:
 *
 * - journal.ndjson: one sealed line (see sealedLines.ts) per mutation with a
 *   sequence number. Lines queued while a write is in flight are appended
 *   together with one fsync (group commit); a mutation is acknowledged only
 *   once every byte of its line is written and synced.
 * - state.json: the whole state plus the sequence number it includes, written
 *   to a temporary file, synced, then renamed over the old one, so the old one
 *   is replaced only by a complete new one. The journal is emptied afterwards;
 *   a crash between the two leaves lines the snapshot already covers, which
 *   loading skips.
 *
 * When a write fails (a full disk, say), the journal is cut back to its last
 * durable byte, every writer still waiting is refused (a 5xx, nothing
 * acknowledged), and the store goes back to what is on disk. Later writes may
 * succeed once there is space again.
 */

import { join } from "node:path";
import { writeFully, type StateFile, type StateFileSystem } from "./files.js";
import { FORMAT_VERSION, JOURNAL_FILE, loadState, SNAPSHOT_FILE, type LoadedState } from "./loading.js";
import { sealLine } from "./sealedLines.js";
import type { DurableState, JournalEntry } from "./store.js";

/** Journal lines after which the next write compacts instead of appending. */
export const COMPACT_AFTER_LINES = 20_000;

export interface Persistence {
  /** Queues a mutation; call `flush()` before acknowledging it. */
  record(entry: JournalEntry): void;
  /** Resolves once everything recorded so far is on disk; rejects with PersistenceError when it could not be. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** For emulators without a data directory: nothing to write, nothing to wait for. */
export const memoryOnly: Persistence = {
  record: () => undefined,
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** A change that did not reach the disk; it has been undone. */
export class PersistenceError extends Error {
  constructor(readonly reason: string) {
    super(`Persisting emulator state failed: ${reason}`);
    this.name = "PersistenceError";
  }
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface PersistenceParts {
  dataDir: string;
  files: StateFileSystem;
  /** Everything the store holds now, for a snapshot. */
  durable: () => DurableState;
  /** Puts the store back to what was loaded from disk (after a failed write). */
  restore: (loaded: LoadedState) => void;
  compactAfterLines: number;
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC") return "no space left on the device holding the data directory";
  return code === undefined ? (error as Error).message : `${code} (${(error as Error).message})`;
}

export class FilePersistence implements Persistence {
  private pending: string[] = [];
  private recordedSeq: number;
  private durableSeq: number;
  private linesSinceSnapshot = 0;
  private waiters: Waiter[] = [];
  private writing = false;
  /** Set when even undoing a failed write failed; from then on nothing is acknowledged. */
  private broken: PersistenceError | undefined;

  private constructor(
    private readonly parts: PersistenceParts,
    private journal: StateFile | undefined,
    private journalBytes: number,
    lastSeq: number,
  ) {
    this.recordedSeq = lastSeq;
    this.durableSeq = lastSeq;
  }

  /** Opens the journal after `loadState`, cutting off whatever lies beyond its intact lines. */
  static async open(parts: PersistenceParts, loaded: LoadedState): Promise<FilePersistence> {
    const journal = await parts.files.open(join(parts.dataDir, JOURNAL_FILE), "r+");
    try {
      await journal.truncate(loaded.journalBytes);
      await journal.sync();
    } catch (error) {
      await journal.close();
      throw error;
    }
    return new FilePersistence(parts, journal, loaded.journalBytes, loaded.lastSeq);
  }

  record(entry: JournalEntry): void {
    const seq = ++this.recordedSeq;
    // Serialised now: the records may change after this call returns.
    this.pending.push(sealLine({ seq, entry }));
  }

  flush(): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.durableSeq >= this.recordedSeq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: this.recordedSeq, resolve, reject });
      void this.drain();
    });
  }

  /** Waits for pending writes; the journal then holds every acknowledged change. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } catch {
      // Refused writes were never acknowledged; what was acknowledged is in the journal.
    } finally {
      await this.journal?.close();
      this.journal = undefined;
    }
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.durableSeq < this.recordedSeq && this.broken === undefined) {
        const upTo = this.recordedSeq;
        const lines = this.pending;
        this.pending = [];
        try {
          if (!(this.linesSinceSnapshot + lines.length > this.parts.compactAfterLines && (await this.tryCompact(upTo)))) await this.append(lines);
          this.durableSeq = upTo;
          this.settle();
        } catch (error) {
          await this.undo(error);
        }
      }
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

  /** A failed write: cut the journal back, refuse every waiting writer, and go back to what is on disk. */
  private async undo(error: unknown): Promise<void> {
    const refusal = new PersistenceError(describeFailure(error));
    try {
      const journal = this.requireJournal();
      await journal.truncate(this.journalBytes);
      await journal.datasync();
    } catch (undoError) {
      this.broken = new PersistenceError(`${refusal.reason}; cutting the journal back failed too (${describeFailure(undoError)})`);
    }
    // Writers that recorded while the journal was being cut back are refused as well.
    for (const waiter of this.waiters) waiter.reject(this.broken ?? refusal);
    this.waiters = [];
    this.pending = [];
    this.recordedSeq = this.durableSeq;
    if (this.broken === undefined) this.parts.restore(loadState(this.parts.dataDir, this.parts.files, false));
  }

  private async append(lines: string[]): Promise<void> {
    const journal = this.requireJournal();
    const bytes = Buffer.from(lines.join("\n") + "\n");
    await writeFully(journal, bytes, this.journalBytes);
    await journal.datasync();
    this.journalBytes += bytes.length;
    this.linesSinceSnapshot += lines.length;
  }

  /** A snapshot instead of appending; false when it could not be written (the lines are appended then). */
  private async tryCompact(upTo: number): Promise<boolean> {
    try {
      await this.compact(upTo);
      return true;
    } catch {
      return false;
    }
  }

  /** Writes a snapshot of everything recorded up to `upTo`, replacing the old one only when complete. */
  private async compact(upTo: number): Promise<void> {
    const { files, dataDir } = this.parts;
    const target = join(dataDir, SNAPSHOT_FILE);
    const temporary = `${target}.tmp`;
    const text = sealLine({ version: FORMAT_VERSION, seq: upTo, ...this.parts.durable() }) + "\n";
    const file = await files.open(temporary, "w");
    try {
      await writeFully(file, Buffer.from(text), 0);
      await file.sync();
    } catch (error) {
      await file.close();
      await files.remove(temporary);
      throw error;
    }
    await file.close();
    await files.rename(temporary, target);
    await files.syncDirectory(dataDir);
    // Lines the snapshot covers may stay if this fails: loading skips them by sequence number.
    try {
      const journal = this.requireJournal();
      await journal.truncate(0);
      await journal.sync();
      this.journalBytes = 0;
    } catch {
      // keep appending after them
    }
    this.linesSinceSnapshot = 0;
  }

  private requireJournal(): StateFile {
    if (this.journal === undefined) throw new Error("the journal is closed");
    return this.journal;
  }
}
