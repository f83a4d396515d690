// The built package (npm test builds it first) loads through its "exports" map as ESM and CommonJS.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

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

describe("the packed SDK", () => {
  it("holds no emulator code and depends on no certificate library", () => {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" })) as { files: { path: string }[] }[];
    const paths = packed!.files.map((file) => file.path);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => /emulator|selfsigned/i.test(path))).toEqual([]);
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest["dependencies"] ?? {})).not.toContain("selfsigned");
    expect(manifest["bin"]).toBeUndefined();
    expect(Object.keys(manifest["exports"] ?? {})).toEqual([".", "./package.json"]);
  });
});
