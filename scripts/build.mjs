// Builds dist/esm and dist/commonjs from src, each folder marked with its module type.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
for (const [config, folder, type] of [
  ["tsconfig.json", "dist/esm", "module"],
  ["tsconfig.cjs.json", "dist/commonjs", "commonjs"],
]) {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", config], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/package.json`, JSON.stringify({ type }, null, 2) + "\n");
}
console.log("built dist/esm and dist/commonjs");
