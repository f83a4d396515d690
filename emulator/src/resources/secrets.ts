/** Random credential values, shaped like ACR's: 43 characters of base64 (256 random bits). */

import { randomBytes } from "node:crypto";

export function newSecret(): string {
  return randomBytes(32).toString("base64").replace(/=+$/, "");
}
