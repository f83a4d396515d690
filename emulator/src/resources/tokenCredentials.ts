/**
 * Token credentials: the two password slots and the two certificate slots.
 * Password values exist only in a generateCredentials answer; a slot stores
 * its creation time, expiry and a salted verifier of the password.
 */

import { X509Certificate } from "node:crypto";
import { invalidContent } from "../errors.js";
import type { CertificateName, CertificateSlot, PasswordName, PasswordSlot, TokenData } from "../state/records.js";
import { passwordVerifier } from "./passwordVerifiers.js";
import { newSecret } from "./secrets.js";
import { optionalDateTime, optionalEnum, optionalString, requireObject, requiredEnum } from "./validation.js";

export const PASSWORD_NAMES: readonly PasswordName[] = ["password1", "password2"];
export const CERTIFICATE_NAMES: readonly CertificateName[] = ["certificate1", "certificate2"];

function bySlotName<T extends { name: string }>(slots: T[]): T[] {
  return slots.sort((a, b) => a.name.localeCompare(b.name));
}

function rejectDuplicate(seen: Set<string>, name: string, where: string): void {
  if (seen.has(name)) throw invalidContent(`'${where}' lists '${name}' more than once.`, where);
  seen.add(name);
}

/** The password slots a request asks for; slots it keeps retain their creation time. */
export function parsePasswordSlots(items: unknown[], where: string, existing: readonly PasswordSlot[], now: string): PasswordSlot[] {
  const seen = new Set<string>();
  const slots = items.map((item, index) => {
    const path = `${where}[${index}]`;
    const input = requireObject(item, path);
    const name = requiredEnum(input, "name", path, PASSWORD_NAMES);
    rejectDuplicate(seen, name, where);
    const previous = existing.find((slot) => slot.name === name);
    const slot: PasswordSlot = { name, creationTime: optionalDateTime(input, "creationTime", path) ?? previous?.creationTime ?? now };
    const expiry = optionalDateTime(input, "expiry", path) ?? previous?.expiry;
    if (expiry !== undefined) slot.expiry = expiry;
    // A slot that stays keeps its password; a slot that goes takes its verifier with it.
    if (previous?.verifier !== undefined) slot.verifier = previous.verifier;
    return slot;
  });
  return bySlotName(slots);
}

/** encodedPemCertificate is base64 of a PEM file; raw PEM and base64 DER are accepted too. */
function decodeCertificate(encoded: string, where: string): X509Certificate {
  try {
    if (encoded.includes("-----BEGIN")) return new X509Certificate(encoded);
    const bytes = Buffer.from(encoded, "base64");
    const text = bytes.toString("latin1");
    return new X509Certificate(text.includes("-----BEGIN") ? text : bytes);
  } catch (error) {
    throw invalidContent(`'${where}' is not a valid certificate: ${(error as Error).message}`, where);
  }
}

export function parseCertificateSlots(items: unknown[], where: string, existing: readonly CertificateSlot[]): CertificateSlot[] {
  const seen = new Set<string>();
  const slots = items.map((item, index) => {
    const path = `${where}[${index}]`;
    const input = requireObject(item, path);
    const name = requiredEnum(input, "name", path, CERTIFICATE_NAMES);
    rejectDuplicate(seen, name, where);
    const encoded = optionalString(input, "encodedPemCertificate", path);
    const givenThumbprint = optionalString(input, "thumbprint", path)?.toUpperCase();
    const givenExpiry = optionalDateTime(input, "expiry", path);
    if (encoded !== undefined && encoded !== "") {
      const certificate = decodeCertificate(encoded, `${path}.encodedPemCertificate`);
      const thumbprint = certificate.fingerprint.replace(/:/g, "").toUpperCase();
      if (givenThumbprint !== undefined && givenThumbprint !== thumbprint) {
        throw invalidContent(`'${path}.thumbprint' does not match the certificate (its SHA-1 thumbprint is ${thumbprint}).`, `${path}.thumbprint`);
      }
      return { name, thumbprint, expiry: new Date(certificate.validTo).toISOString() };
    }
    const previous = existing.find((slot) => slot.name === name);
    if (previous === undefined) {
      throw invalidContent(`'${path}.encodedPemCertificate' is required to add the certificate '${name}'.`, `${path}.encodedPemCertificate`);
    }
    if (givenThumbprint !== undefined && givenThumbprint !== previous.thumbprint) {
      throw invalidContent(`'${path}.thumbprint' does not match the stored certificate '${name}'.`, `${path}.thumbprint`);
    }
    const slot: CertificateSlot = { ...previous };
    if (givenExpiry !== undefined) slot.expiry = givenExpiry;
    return slot;
  });
  return bySlotName(slots);
}

export interface GeneratedPassword {
  name: PasswordName;
  value?: string;
  creationTime: string;
  expiry?: string;
}

/** A slot as ARM shows it: name, creationTime and expiry, never the verifier. */
export function listedSlot(slot: PasswordSlot): GeneratedPassword {
  const { verifier: _kept, ...shown } = slot;
  return shown;
}

export interface GenerateCredentialsResult {
  username: string;
  passwords: GeneratedPassword[];
}

export interface GenerateCredentialsInput {
  tokenId: string;
  name?: PasswordName;
  expiry?: string;
}

export function parseGenerateCredentials(body: unknown): GenerateCredentialsInput {
  const input = requireObject(body, "");
  const tokenId = optionalString(input, "tokenId", "");
  if (tokenId === undefined || tokenId === "") throw invalidContent("The required property 'tokenId' is missing.", "tokenId");
  const result: GenerateCredentialsInput = { tokenId };
  const name = optionalEnum(input, "name", "", PASSWORD_NAMES);
  if (name !== undefined) result.name = name;
  const expiry = optionalDateTime(input, "expiry", "");
  if (expiry !== undefined) result.expiry = expiry;
  return result;
}

/**
 * New password slots for the token: the named slot, or both. The answer lists
 * the regenerated slots with values and any other existing slot without one.
 */
export function regeneratePasswords(
  token: TokenData,
  input: { name?: PasswordName; expiry?: string },
  now: string,
): { passwords: PasswordSlot[]; result: GenerateCredentialsResult } {
  const targets = input.name === undefined ? PASSWORD_NAMES : [input.name];
  const passwords: PasswordSlot[] = [];
  const listed: GeneratedPassword[] = [];
  for (const name of PASSWORD_NAMES) {
    if (targets.includes(name)) {
      const slot: GeneratedPassword = input.expiry === undefined ? { name, creationTime: now } : { name, creationTime: now, expiry: input.expiry };
      const value = newSecret();
      passwords.push({ ...slot, verifier: passwordVerifier(value) });
      listed.push({ ...slot, value });
      continue;
    }
    const kept = token.passwords.find((slot) => slot.name === name);
    if (kept !== undefined) {
      passwords.push(kept);
      listed.push(listedSlot(kept));
    }
  }
  return { passwords, result: { username: token.name, passwords: listed } };
}
