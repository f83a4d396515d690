// What `npm publish` would ship: the built package loads through its "exports" map as ESM and
// CommonJS; the SDK and emulator tarballs pass arethetypeswrong and publint, carry their licence
// and links, hold no source map without its sources, and name no file they do not ship.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, posix } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, it } from "vitest";
import { ROOT, usePacked, type PackedPackage } from "./support/packed.js";

describe("package entry points", () => {
  it("imports as ESM by package name", async () => {
    const esm = await import("acr-tokens");
    expect(typeof esm.ContainerRegistryManagementClient).toBe("function");
    expect(typeof esm.getContinuationToken).toBe("function");
    expect(esm.KnownTokenStatus.Disabled).toBe("disabled");
  });

  it("requires as CommonJS by package name", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("acr-tokens")).toMatch(/dist[\\/]commonjs[\\/]index\.js$/);
    const cjs = require("acr-tokens");
    expect(typeof cjs.ContainerRegistryManagementClient).toBe("function");
    expect(new cjs.InvalidParameterError("p", "rule", "m")).toBeInstanceOf(RangeError);
  });
});

const packed = usePacked();
const both = (): PackedPackage[] => [packed.sdk, packed.emulator];
const manifest = (pkg: PackedPackage) => JSON.parse(readFileSync(join(pkg.unpacked, "package.json"), "utf8")) as Record<string, unknown>;

describe("the packed SDK", () => {
  it("holds no emulator code and depends on no certificate library", () => {
    const paths = packed.sdk.files;
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => /emulator|selfsigned/i.test(path))).toEqual([]);
    const sdk = manifest(packed.sdk) as Record<string, Record<string, string>>;
    expect(Object.keys(sdk["dependencies"] ?? {})).not.toContain("selfsigned");
    expect(Object.keys(sdk["dependencies"] ?? {}).filter((name) => /emulator/.test(name))).toEqual([]);
    expect(sdk["bin"]).toBeUndefined();
    expect(Object.keys(sdk["exports"] ?? {})).toEqual([".", "./package.json"]);
  });

  it("depends on @azure/* by caret ranges, core-lro on its 2.x major", () => {
    const dependencies = manifest(packed.sdk)["dependencies"] as Record<string, string>;
    for (const [name, range] of Object.entries(dependencies)) {
      if (name.startsWith("@azure/")) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
    expect(dependencies["@azure/core-lro"]).toMatch(/^\^2\./);
  });
});

describe.each(["sdk", "emulator"] as const)("the packed %s", (which) => {
  const pkg = () => packed[which];

  it("has no problems in arethetypeswrong, node10 resolution included", () => {
    const cliManifest = createRequire(import.meta.url).resolve("@arethetypeswrong/cli/package.json");
    const attw = join(cliManifest, "..", (JSON.parse(readFileSync(cliManifest, "utf8")) as { bin: { attw: string } }).bin.attw);
    const run = spawnSync(process.execPath, [attw, pkg().tarball, "--format", "json", "--profile", "strict", "--no-color"], { encoding: "utf8" });
    const report = JSON.parse(run.stdout) as {
      problems?: Record<string, unknown>;
      analysis: { entrypoints: Record<string, { resolutions: Record<string, unknown> }> };
    };
    expect(report.problems ?? {}).toEqual({});
    expect(Object.keys(report.analysis.entrypoints["."]!.resolutions)).toEqual(expect.arrayContaining(["node10", "node16-cjs", "node16-esm", "bundler"]));
    expect(run.status, run.stderr).toBe(0);
  }, 60_000);

  it("is clean in publint, suggestions included", async () => {
    // The unpacked tarball holds exactly what is published, so publint needs no packing of its own.
    const { messages, pkg: json } = await publint({ pkgDir: pkg().unpacked, level: "suggestion", strict: true, pack: false });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, json) ?? message.code}`)).toEqual([]);
  }, 60_000);

  it("ships an MIT LICENSE matching its license field", () => {
    expect(pkg().files).toContain("LICENSE");
    expect(manifest(pkg())["license"]).toBe("MIT");
    const text = readFileSync(join(pkg().unpacked, "LICENSE"), "utf8");
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it("names its repository, homepage and issue tracker", () => {
    const json = manifest(pkg()) as { repository?: { type?: string; url?: string; directory?: string }; homepage?: string; bugs?: { url?: string } };
    const sdk = manifest(packed.sdk) as typeof json;
    expect(json.repository?.type).toBe("git");
    expect(json.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(json.repository?.url).toBe(sdk.repository?.url); // one repository holds both packages
    expect(json.repository?.directory).toBe(which === "sdk" ? undefined : "emulator");
    const web = json.repository!.url!.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(json.homepage).toBe(which === "sdk" ? `${web}#readme` : `${web}/tree/main/emulator#readme`);
    expect(json.bugs?.url).toBe(`${web}/issues`);
  });

  it("holds source maps only with the sources they name", () => {
    const shipped = new Set(pkg().files);
    const missing: string[] = [];
    for (const file of pkg().files) {
      const text = readFileSync(join(pkg().unpacked, file), "utf8");
      if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
        if (url && !shipped.has(posix.join(posix.dirname(file), url))) missing.push(`${file} -> ${url}`);
      }
      if (file.endsWith(".map")) {
        const map = JSON.parse(text) as { sourceRoot?: string; sources: string[] };
        for (const source of map.sources) {
          const path = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? "", source));
          if (!shipped.has(path)) missing.push(`${file} -> ${source}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("names no file it does not ship in its Markdown", () => {
    expect(unshippedMentions(pkg())).toEqual([]);
  });
});

/**
 * Paths a shipped Markdown file points at that are not in the package: relative links, and code
 * spans such as `samples/quickstart.ts` whose first segment is a file or folder of the package's
 * source folder (so `app/web` or `content/read` are not taken for paths).
 */
function unshippedMentions(pkg: PackedPackage): string[] {
  const shipped = pkg.files;
  const isShipped = (path: string) => shipped.some((file) => file === path || file.startsWith(path.replace(/\/?$/, "/")));
  const topLevel = new Set(readdirSync(pkg.source));
  const found: string[] = [];
  for (const file of shipped.filter((path) => path.endsWith(".md"))) {
    const text = readFileSync(join(pkg.unpacked, file), "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      const path = posix.normalize(posix.join(posix.dirname(file), target!.replace(/#.*$/, "")));
      if (!isShipped(path) && !existsSync(join(pkg.unpacked, path))) found.push(`${file}: link ${target}`);
    }
    for (const [, span] of text.matchAll(/`([^`\s]+)`/g)) {
      const path = span!.replace(/^\.\//, "");
      const first = path.split("/")[0]!;
      if (!path.includes("/") || !topLevel.has(first)) continue;
      if (!isShipped(path.replace(/\/$/, ""))) found.push(`${file}: ${span}`);
    }
  }
  return found;
}

it("gives the SDK and the emulator the same licence text", () => {
  expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toBe(readFileSync(join(ROOT, "emulator", "LICENSE"), "utf8"));
});
