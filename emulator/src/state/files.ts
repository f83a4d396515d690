/**
 * The file operations persistence uses, behind an interface so tests can put
 * a failing file system (one that fills up) under a real emulator. Everything
 * else uses `nodeFiles`.
 */

import { copyFileSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { open, rename, rm, type FileHandle } from "node:fs/promises";

export interface StateFile {
  /** Writes at `position`; may write fewer bytes than asked, as write(2) does on a full disk. */
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface StateFileSystem {
  /** "r+" opens (creating when absent) for positional writes; "w" creates or empties. */
  open(path: string, mode: "r+" | "w"): Promise<StateFile>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Synchronous so that going back to what is on disk happens between two requests. */
  readText(path: string): string | undefined;
  copySync(from: string, to: string): void;
  renameSync(from: string, to: string): void;
  mkdirSync(path: string): void;
  /** Makes a rename in the directory durable; best effort where directories cannot be opened. */
  syncDirectory(path: string): Promise<void>;
}

async function openForWriting(path: string, mode: "r+" | "w"): Promise<FileHandle> {
  if (mode === "w") return open(path, "w");
  try {
    return await open(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return open(path, "w+");
  }
}

export const nodeFiles: StateFileSystem = {
  open: openForWriting,
  rename,
  remove: (path) => rm(path, { force: true }),
  readText(path) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
  copySync: (from, to) => copyFileSync(from, to),
  renameSync: (from, to) => renameSync(from, to),
  mkdirSync: (path) => void mkdirSync(path, { recursive: true }),
  async syncDirectory(path) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, "r");
      await handle.sync();
    } catch {
      // Some platforms cannot open or sync directories; the rename still happened.
    } finally {
      await handle?.close();
    }
  },
};

/** Writes all of `bytes` at `position`, or throws: a short write is never taken as done. */
export async function writeFully(file: StateFile, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) {
      throw Object.assign(new Error(`no space left on device: ${done} of ${bytes.length} bytes written`), { code: "ENOSPC" });
    }
    done += bytesWritten;
  }
}
