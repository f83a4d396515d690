// The two packages as npm would publish them: `npm pack` of the SDK and the emulator (both built
// by `npm test` before vitest runs), each tarball also unpacked so tests can read what it ships.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface PackedPackage {
  name: string;
  /** The folder in the repository the package is packed from. */
  source: string;
  tarball: string;
  /** The unpacked tarball (its `package/` folder). */
  unpacked: string;
  /** Paths inside the package, as npm lists them. */
  files: string[];
}

export interface Packed {
  /** A fresh folder outside the repository (so nothing resolves from its node_modules). */
  folder: string;
  sdk: PackedPackage;
  emulator: PackedPackage;
}

/** An environment without the npm_* variables `npm test` sets, as a user's shell would have. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

/** Packs both packages into a fresh temporary folder, once per test file, and removes it after. */
export function usePacked(): Packed {
  const packed = {} as Packed;
  beforeAll(() => {
    packed.folder = mkdtempSync(join(tmpdir(), "acr-tokens-packed-"));
    const listing = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--include-workspace-root", "--workspaces", "--pack-destination", packed.folder], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    ) as { name: string; filename: string; files: { path: string }[] }[];
    for (const entry of listing) {
      const unpacked = join(packed.folder, entry.name);
      mkdirSync(unpacked);
      const tarball = join(packed.folder, entry.filename);
      execFileSync("tar", ["xzf", tarball, "-C", unpacked]);
      const pkg: PackedPackage = {
        name: entry.name,
        source: entry.name === "acr-tokens" ? ROOT : join(ROOT, "emulator"),
        tarball,
        unpacked: join(unpacked, "package"),
        files: entry.files.map((file) => file.path),
      };
      if (entry.name === "acr-tokens") packed.sdk = pkg;
      else if (entry.name === "acr-tokens-emulator") packed.emulator = pkg;
    }
  }, 120_000);
  // Fresh installs in the folder hold thousands of files: give their removal time.
  afterAll(() => {
    if (packed.folder) rmSync(packed.folder, { recursive: true, force: true });
  }, 120_000);
  return packed;
}
