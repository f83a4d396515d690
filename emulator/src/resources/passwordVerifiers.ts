/**
 * Salted verifiers of token passwords. generateCredentials stores one per
 * password it makes; the value itself is never kept. A login recomputes the
 * verifier from the offered password and compares in constant time.
 *
 * The cost is low on purpose (scrypt N=1024): the passwords are 256 random
 * bits, so a work factor would protect nothing, while every generateCredentials
 * pays it. The salt keeps equal passwords from having equal verifiers.
 */

import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
import type { PasswordVerifier } from "../state/records.js";

const COST = 1024;
const KEY_BYTES = 32;

export function passwordVerifier(password: string): PasswordVerifier {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_BYTES, { N: COST });
  return { algorithm: "scrypt", cost: COST, salt: salt.toString("base64"), hash: hash.toString("base64") };
}

/** Whether `password` is the one the verifier was made from. */
export function matchesVerifier(password: string, verifier: PasswordVerifier): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, "base64");
  return new Promise((resolve) => {
    scrypt(password, Buffer.from(verifier.salt, "base64"), expected.length, { N: verifier.cost }, (error, actual) => {
      resolve(error === null && actual.length === expected.length && timingSafeEqual(actual, expected));
    });
  });
}
