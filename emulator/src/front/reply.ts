/** What a handler answers; the server serialises it (JSON.stringify) and adds the ARM headers. */

export interface Reply {
  status: number;
  /** JSON body; absent for empty responses. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function emptyReply(status: number, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status } : { status, headers };
}
