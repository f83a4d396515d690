/**
 * The HTTPS certificate. Without one from the caller, a self-signed one for
 * 127.0.0.1, ::1 and localhost is made; with a dataDir it is kept there so
 * clients that trust it keep working after a restart.
 */

import { X509Certificate } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface TlsMaterial {
  cert: string;
  key: string;
}

const CERT_FILE = "tls-cert.pem";
const KEY_FILE = "tls-key.pem";
/** Renew a stored certificate that expires within this margin. */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;

/** A self-signed certificate for 127.0.0.1, ::1 and localhost; pass it as `cert` and `key` to share one between emulators. */
export async function createSelfSignedCertificate(): Promise<TlsMaterial> {
  // Loaded on demand: callers that bring their own certificate do not need the package.
  const { generate } = await import("selfsigned");
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock skew
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: "commonName", value: "ACR emulator (localhost)" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

function stillValid(cert: string): boolean {
  try {
    return new Date(new X509Certificate(cert).validTo).getTime() - Date.now() > RENEW_MARGIN_MS;
  } catch {
    return false;
  }
}

export async function loadOrCreateCertificate(dataDir: string | undefined): Promise<TlsMaterial> {
  if (dataDir === undefined) return createSelfSignedCertificate();
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    if (stillValid(cert)) return { cert, key };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const material = await createSelfSignedCertificate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(keyPath, material.key, { mode: 0o600 });
  await writeFile(certPath, material.cert);
  return material;
}
