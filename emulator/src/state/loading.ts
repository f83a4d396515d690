/**
 * Reading `dataDir` at start (and again after a failed write, to go back to
 * what is on disk). A damaged snapshot or journal stops the start with an
 * error naming the file and line; with `recover` the damaged part is set
 * aside in `<file>.damaged-<time>` and the start goes on from what is intact,
 * saying what it set aside. Only a journal's cut-short last line, a write that
 * was never acknowledged, is dropped without asking.
 */

import { join } from "node:path";
import type { StateFileSystem } from "./files.js";
import { isCutShortLine, openLine } from "./sealedLines.js";
import type { DurableState, JournalEntry } from "./store.js";

export const SNAPSHOT_FILE = "state.json";
export const JOURNAL_FILE = "journal.ndjson";
export const FORMAT_VERSION = 2;

const ENTRY_OPS: ReadonlySet<string> = new Set([
  "putResourceGroup",
  "deleteResourceGroup",
  "putRegistry",
  "deleteRegistry",
  "putScopeMap",
  "deleteScopeMap",
  "putToken",
  "deleteToken",
  "putOperation",
  "reset",
]);

export class DamagedStateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(
      `${file} line ${line} is damaged: ${reason}. The emulator did not start, so that nothing is silently lost; ` +
        `start it with recover: true (--recover) to set the damaged part aside and go on from what is intact.`,
    );
    this.name = "DamagedStateError";
  }
}

export interface LoadedState {
  durable: DurableState | undefined;
  /** Journal entries newer than the snapshot, in order. */
  entries: JournalEntry[];
  lastSeq: number;
  /** Bytes of the journal that hold whole lines; a cut-short tail lies beyond. */
  journalBytes: number;
  /** What the start dropped or set aside, for the caller to report. */
  notes: string[];
}

interface Reading {
  dataDir: string;
  files: StateFileSystem;
  recover: boolean;
  notes: string[];
}

function setAsideName(path: string): string {
  return `${path}.damaged-${new Date().toISOString().replace(/[-:.]/g, "")}`;
}

function readSnapshot(reading: Reading): { durable: DurableState | undefined; seq: number } {
  const path = join(reading.dataDir, SNAPSHOT_FILE);
  const text = reading.files.readText(path);
  if (text === undefined) return { durable: undefined, seq: 0 };
  const problem = snapshotProblem(text);
  if (typeof problem !== "string") return problem;
  if (!reading.recover) throw new DamagedStateError(path, 1, problem);
  const aside = setAsideName(path);
  reading.files.renameSync(path, aside);
  reading.notes.push(`Set aside ${path} (line 1: ${problem}) as ${aside}.`);
  return { durable: undefined, seq: -1 };
}

function snapshotProblem(text: string): { durable: DurableState; seq: number } | string {
  if (!text.endsWith("\n") || text.indexOf("\n") !== text.length - 1) return "it is not one complete line";
  const opened = openLine(text.slice(0, -1));
  if (!opened.ok) return opened.reason;
  const { version, seq, state, operations } = opened.value;
  if (version !== FORMAT_VERSION) return `it has format version ${String(version)}; this emulator reads version ${FORMAT_VERSION}`;
  if (typeof seq !== "number" || typeof state !== "object" || state === null || !Array.isArray(operations)) return "it lacks seq, state or operations";
  return { durable: { state, operations } as DurableState, seq };
}

interface JournalLine {
  seq: number;
  entry: JournalEntry;
}

function journalLineProblem(value: Record<string, unknown>, previousSeq: number): string | undefined {
  const { seq, entry } = value;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq)) return "it has no sequence number";
  if (seq <= previousSeq) return `its sequence number ${seq} does not follow ${previousSeq}`;
  if (typeof entry !== "object" || entry === null || !ENTRY_OPS.has(String((entry as { op?: unknown }).op))) return "it holds no known change";
  return undefined;
}

/** Reads the snapshot and the journal; throws DamagedStateError unless `recover`. */
export function loadState(dataDir: string, files: StateFileSystem, recover: boolean): LoadedState {
  files.mkdirSync(dataDir);
  const reading: Reading = { dataDir, files, recover, notes: [] };
  const snapshot = readSnapshot(reading);
  const journalPath = join(dataDir, JOURNAL_FILE);
  const text = files.readText(journalPath) ?? "";
  const lines = text.split("\n");
  const fragment = lines.pop() ?? "";
  const entries: JournalEntry[] = [];
  let lastSeq = Math.max(snapshot.seq, 0);
  let previousSeq = 0;
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    const opened = openLine(line);
    let problem = opened.ok ? journalLineProblem(opened.value, previousSeq) : opened.reason;
    const record = opened.ok ? (opened.value as unknown as JournalLine) : undefined;
    // Without its snapshot, a journal that does not start at the beginning cannot be replayed.
    if (problem === undefined && snapshot.seq < 0 && index === 0 && record?.seq !== 1) problem = "it builds on the snapshot that was set aside";
    if (problem !== undefined || record === undefined) {
      const intact = { durable: snapshot.durable, entries, lastSeq, journalBytes: offset, notes: reading.notes };
      return setAsideJournal(reading, journalPath, index + 1, lines.length - index, problem ?? "unreadable", intact);
    }
    previousSeq = record.seq;
    offset += Buffer.byteLength(line) + 1;
    if (record.seq <= lastSeq) continue; // already in the snapshot: compaction stopped before emptying the journal
    entries.push(record.entry);
    lastSeq = record.seq;
  }
  if (fragment !== "") {
    if (!isCutShortLine(fragment)) {
      return setAsideJournal(reading, journalPath, lines.length + 1, 1, "a whole line runs into more text where a newline should be", {
        durable: snapshot.durable,
        entries,
        lastSeq,
        journalBytes: offset,
        notes: reading.notes,
      });
    }
    reading.notes.push(`Dropped the cut-short last line of ${journalPath} (line ${lines.length + 1}): a write that was never acknowledged.`);
  }
  return { durable: snapshot.durable, entries, lastSeq, journalBytes: offset, notes: reading.notes };
}

function setAsideJournal(reading: Reading, path: string, line: number, count: number, reason: string, intact: LoadedState): LoadedState {
  if (!reading.recover) throw new DamagedStateError(path, line, reason);
  const aside = setAsideName(path);
  reading.files.copySync(path, aside);
  reading.notes.push(
    `Set aside ${path} from line ${line} (${count} line(s); line ${line}: ${reason}) as ${aside}; ` +
      `started from ${intact.durable === undefined ? "no snapshot" : "the snapshot"} and the ${intact.entries.length} change(s) before it.`,
  );
  // The journal is cut back to its intact part when persistence opens it.
  return intact;
}
