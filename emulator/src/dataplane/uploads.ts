/**
 * Blob upload sessions (POST starts one, PATCH appends, PUT with ?digest=
 * finishes it). They live in memory only: an upload cut short by a restart
 * is started again by the client, as with any registry.
 */

import { randomUUID } from "node:crypto";
import { rangeInvalid, tooLarge, uploadUnknown } from "./errors.js";

/** The most one blob may hold here; content is kept in memory. */
export const MAX_BLOB_BYTES = 512 * 1024 * 1024;

export interface UploadSession {
  id: string;
  registry: string;
  repository: string;
  chunks: Buffer[];
  size: number;
}

export class Uploads {
  private readonly sessions = new Map<string, UploadSession>();

  start(registry: string, repository: string): UploadSession {
    const session: UploadSession = { id: randomUUID(), registry, repository, chunks: [], size: 0 };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, only when it belongs to this registry and repository. */
  get(registry: string, repository: string, id: string): UploadSession {
    const session = this.sessions.get(id);
    if (session === undefined || session.registry !== registry || session.repository !== repository) throw uploadUnknown();
    return session;
  }

  /** Appends a chunk; a Content-Range must start where the upload stands. */
  append(session: UploadSession, chunk: Buffer, contentRange: string | undefined): void {
    if (contentRange !== undefined) {
      const match = /^(?:bytes[ =])?(\d+)-(\d+)$/.exec(contentRange.trim());
      if (match === null || Number(match[1]) !== session.size || Number(match[2]) - Number(match[1]) + 1 !== chunk.length) {
        throw rangeInvalid(`the upload has ${session.size} bytes; the chunk says ${contentRange}`);
      }
    }
    if (session.size + chunk.length > MAX_BLOB_BYTES) throw tooLarge(MAX_BLOB_BYTES);
    if (chunk.length > 0) session.chunks.push(chunk);
    session.size += chunk.length;
  }

  /** Ends the session and hands back its bytes. */
  finish(session: UploadSession): Buffer {
    this.sessions.delete(session.id);
    return Buffer.concat(session.chunks);
  }

  cancel(session: UploadSession): void {
    this.sessions.delete(session.id);
  }

  /** Drops the sessions of a registry (deleted), or all of them. */
  drop(registry?: string): void {
    for (const [id, session] of this.sessions) if (registry === undefined || session.registry === registry) this.sessions.delete(id);
  }
}
