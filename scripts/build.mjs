// Builds dist/esm and dist/commonjs of the package in the current folder (the SDK, or a
// workspace such as emulator/), each folder marked with its module type. tsc checks the code and
// writes the declarations; esbuild then makes each entry point the manifest names one JavaScript
// file, dependencies left as imports. A process then loads one module of ours instead of forty,
// which is most of what a short script pays for us (see CONTRIBUTING.md, "The benchmark").
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const tsc = createRequire(`${process.cwd()}/`).resolve("typescript/bin/tsc");
const folders = [
  { config: "tsconfig.json", folder: "dist/esm", type: "module", format: "esm" },
  { config: "tsconfig.cjs.json", folder: "dist/commonjs", type: "commonjs", format: "cjs" },
];
rmSync("dist", { recursive: true, force: true });
for (const { config, folder, type } of folders) {
  const result = spawnSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/package.json`, JSON.stringify({ type }, null, 2) + "\n");
}

// Every .js file the manifest points at (exports, main, bin); each is bundled from tsc's ES module
// output, so both formats come from one module graph.
const entries = new Set();
const collect = (value) => {
  if (typeof value === "string") value.endsWith(".js") && entries.add(value.replace(/^\.\//, ""));
  else if (value && typeof value === "object") Object.values(value).forEach(collect);
};
[manifest.exports, manifest.main, manifest.bin].forEach(collect);

const bundles = [];
for (const { folder, format } of folders) {
  for (const entry of [...entries].filter((path) => path.startsWith(`${folder}/`))) {
    const result = await build({
      entryPoints: [entry.replace(folder, "dist/esm")],
      bundle: true,
      packages: "external",
      platform: "node",
      target: "node20",
      format,
      write: false,
      outfile: entry,
      logLevel: "warning",
    });
    bundles.push(...result.outputFiles);
  }
}
// tsc's per-module JavaScript is replaced by the bundles; its declarations stay.
const removeScripts = (folder) => {
  for (const item of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) removeScripts(path);
    else if (path.endsWith(".js")) rmSync(path);
  }
};
for (const { folder } of folders) removeScripts(folder);
for (const file of bundles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.contents);
}
console.log(`built ${manifest.name}: ${bundles.length} bundles in dist/esm and dist/commonjs`);
