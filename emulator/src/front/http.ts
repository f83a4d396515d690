/** Small pieces both listeners (the API's HTTPS one and the identity endpoint's HTTP one) use. */

import type { IncomingMessage, Server } from "node:http";

/** The whole body, or undefined when it is longer than `limitBytes` (read to the end either way). */
export function readLimitedBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > limitBytes ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** A body longer than the limit: the request is refused (413) rather than read into memory. */
export class BodyTooLarge extends Error {}

/** The whole body; throws BodyTooLarge when it is longer than `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const body = await readLimitedBody(request, maxBytes);
  if (body === undefined) throw new BodyTooLarge();
  return body;
}

/** Resolves once `server` listens on `host:port` (0: a free port); rejects with the listen error. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
