// Fails when src/generated is not exactly what `npm run generate` produces from the committed
// emitter and spec configuration (a hand edit, or an emitter change that was not regenerated).
import { execFileSync, spawnSync } from "node:child_process";

const generate = spawnSync(process.execPath, ["codegen/generate.mjs"], { stdio: "inherit" });
if (generate.status !== 0) process.exit(generate.status ?? 1);
const drift = execFileSync("git", ["status", "--porcelain", "--", "src/generated"], { encoding: "utf8" }).trim();
if (drift) {
  console.error("src/generated differs from what `npm run generate` produces:\n" + drift);
  console.error(execFileSync("git", ["--no-pager", "diff", "--stat", "--", "src/generated"], { encoding: "utf8" }));
  console.error("Commit the regenerated files, or move the change into codegen/ or swagger/README.md.");
  process.exit(1);
}
console.log("src/generated matches the generator's output");
