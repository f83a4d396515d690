// The packed SDK and emulator installed as a user would (`npm install` of the tarballs and the
// newest @azure/identity in an empty folder outside the repository), once under the machine's Node
// and once under each release in NODE_RELEASES: ESM and CommonJS loads, an emulator journey with
// AZURE_LOG_LEVEL=info, and one copy of each @azure/core-* package and of @azure/logger.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeBinary, npmCli, NODE_RELEASES } from "./support/nodes.js";
import { usePacked, userEnv } from "./support/packed.js";

const packed = usePacked();
const fixtures = new URL("./fixtures/install/", import.meta.url);

const releases = [
  { release: `${process.version.slice(1)} (this machine's)`, node: () => process.execPath },
  ...NODE_RELEASES.map((release) => ({ release, node: () => nodeBinary(release) })),
];

describe.each(releases)("a fresh install under Node $release", ({ release, node }) => {
  let folder: string;
  let binary: string;
  const run = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(binary, args, {
      cwd: folder,
      encoding: "utf8",
      // `node` on the PATH is this release too, for anything npm or a script starts.
      env: userEnv({ PATH: `${dirname(binary)}:${process.env["PATH"] ?? ""}`, ...extra }),
    });

  beforeAll(() => {
    binary = node();
    folder = join(packed.folder, `install-${release.split(" ")[0]}`);
    mkdirSync(folder);
    writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "fresh-install", private: true }, null, 2) + "\n");
    for (const file of ["journey.mjs", "require.cjs"]) copyFileSync(new URL(file, fixtures), join(folder, file));
    const install = run([npmCli(), "install", packed.sdk.tarball, packed.emulator.tarball, "@azure/identity@latest", "--no-audit", "--no-fund"]);
    expect(install.status, install.stderr).toBe(0);
  }, 300_000);
  afterAll(() => folder && rmSync(folder, { recursive: true, force: true }), 120_000);

  it("runs an emulator journey as ESM, logging the pipeline's lines at AZURE_LOG_LEVEL=info", () => {
    const journey = run(["journey.mjs"], { AZURE_LOG_LEVEL: "info" });
    expect(journey.status, journey.stderr).toBe(0);
    const result = JSON.parse(journey.stdout) as { node: string; identity: string; enabled: string; server: string; username: string; password: string; tokens: unknown[] };
    expect(result.node).toBe(`v${release.split(" ")[0]}`);
    // The emulator gives each registry a login server of its own on loopback.
    expect(result).toMatchObject({ identity: "function", enabled: "enabled", username: "ci-web" });
    expect(result.server).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(result.tokens).toEqual([{ name: "ci-web", status: "enabled" }]);
    expect(result.password.length).toBeGreaterThan(20);

    const lines = journey.stderr.split("\n");
    expect(lines.filter((line) => line.startsWith("azure:core-rest-pipeline:info Request: ")).length).toBeGreaterThanOrEqual(4);
    expect(lines.some((line) => /^azure:core-rest-pipeline:info Response status code: 20[01]$/.test(line))).toBe(true);
    // The bearer token and the password never reach the log.
    expect(journey.stderr).toContain("REDACTED");
    expect(journey.stderr).not.toContain("journey-bearer");
    expect(journey.stderr).not.toContain(result.password);
  }, 60_000);

  it("loads both packages with require()", () => {
    const loaded = run(["require.cjs"]);
    expect(loaded.status, loaded.stderr).toBe(0);
    const result = JSON.parse(loaded.stdout) as Record<string, unknown>;
    expect(relative(folder, result["sdk"] as string)).toBe(join("node_modules", "acr-tokens", "dist", "commonjs", "index.js"));
    expect(relative(folder, result["emulator"] as string)).toBe(join("node_modules", "acr-tokens-emulator", "dist", "commonjs", "index.js"));
    expect(result).toMatchObject({ startEmulator: "function", groups: ["function", "function", "function"], actions: ["repositories/app/web/content/read"], invalid: true });
  }, 60_000);

  it("holds one copy of each @azure/core-* package and of @azure/logger", () => {
    const copies = new Map<string, string[]>();
    for (const path of packagesUnder(join(folder, "node_modules"))) {
      const { name, version } = JSON.parse(readFileSync(join(path, "package.json"), "utf8")) as { name: string; version: string };
      if (/^@azure\/(core-.+|logger)$/.test(name)) copies.set(name, [...(copies.get(name) ?? []), `${version} at ${relative(folder, path)}`]);
    }
    expect([...copies.keys()]).toEqual(expect.arrayContaining(["@azure/core-auth", "@azure/core-client", "@azure/core-lro", "@azure/core-rest-pipeline", "@azure/logger"]));
    expect([...copies].filter(([, where]) => where.length !== 1)).toEqual([]);
  });
});

/** Every package folder in a node_modules tree, nested ones included. */
function packagesUnder(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((name) => join(entry, name)) : [entry];
    for (const name of names) {
      const path = join(nodeModules, name);
      if (!existsSync(join(path, "package.json"))) continue;
      found.push(path, ...packagesUnder(join(path, "node_modules")));
    }
  }
  return found;
}
