// Builds dist/esm and dist/commonjs of the package in the current folder (the SDK, or a
// workspace such as emulator/) from its tsconfig files, each folder marked with its module type.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(`${process.cwd()}/`).resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
for (const [config, folder, type] of [
  ["tsconfig.json", "dist/esm", "module"],
  ["tsconfig.cjs.json", "dist/commonjs", "commonjs"],
]) {
  const result = spawnSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/package.json`, JSON.stringify({ type }, null, 2) + "\n");
}
console.log(`built ${JSON.parse(readFileSync("package.json", "utf8")).name}: dist/esm and dist/commonjs`);
