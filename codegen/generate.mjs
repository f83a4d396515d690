// `npm run generate`: rebuilds src/generated from swagger/README.md with AutoRest, modelerfour and
// our emitter, all from this project's node_modules (nothing is fetched at generation time).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const output = join(root, "src", "generated");
const modules = join(root, "node_modules");

// Start from an empty folder so a file the emitter stops writing disappears too.
rmSync(output, { recursive: true, force: true });

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const args = [
  join(modules, "autorest", "entrypoints", "app.js"),
  `--version=${join(modules, "@autorest", "core")}`,
  `--use=${join(modules, "@autorest", "modelerfour")}`,
  `--use=${join(root, "codegen")}`,
  join(root, "swagger", "README.md"),
  `--output-folder=${output}`,
  `--acr-tokens.package-name=${pkg.name}`,
  `--acr-tokens.package-version=${pkg.version}`,
  "--no-upgrade-check",
  "--message-format=regular",
];
const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
// AutoRest reports spec warnings (its PreCheck) at length; keep our output to errors and the summary.
const lines = `${run.stdout}\n${run.stderr}`.split("\n");
const shown = lines.filter((l) => /^(error|fatal)\b|Autorest completed|files generated/i.test(l.trim()));
if (run.status !== 0 || !existsSync(output)) {
  process.stderr.write(lines.join("\n"));
  process.exit(run.status || 1);
}
console.log(shown.join("\n"));
const count = readdirSync(output, { recursive: true }).filter((f) => String(f).endsWith(".ts")).length;
console.log(`src/generated: ${count} files`);
