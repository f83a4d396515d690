// skopeo (Debian's) as the tests run it: every file it writes stays in the test's temp folder.
// As root it keeps a blob cache under /var/lib/containers whatever flags it gets, so it runs in a
// private mount namespace with the temp folder's var-lib bound over /var/lib; its auth file,
// runtime dir and home are in the temp folder too. The registry's CA goes to <temp>/certs/ca.crt.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SkopeoResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function skopeoAvailable(): boolean {
  return spawnSync("skopeo", ["--version"], { stdio: "ignore" }).status === 0;
}

export class Skopeo {
  readonly certDir: string;
  readonly authFile: string;
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    readonly home: string,
    ca: string,
  ) {
    this.certDir = join(home, "certs");
    this.authFile = join(home, "auth.json");
    for (const dir of [this.certDir, join(home, "var-lib"), join(home, "run"), join(home, "tmp")]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(this.certDir, "ca.crt"), ca);
  }

  /** Runs `skopeo <args>`, with `input` on stdin (a password for --password-stdin). */
  run(args: readonly string[], input?: string): Promise<SkopeoResult> {
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: this.home,
      XDG_RUNTIME_DIR: join(this.home, "run"),
      TMPDIR: join(this.home, "tmp"),
      REGISTRY_AUTH_FILE: this.authFile,
    };
    const [command, argv] = this.asRoot
      ? ["unshare", ["--mount", "--propagation", "private", "sh", "-c", 'mount --bind "$0" /var/lib && exec skopeo "$@"', join(this.home, "var-lib"), ...args]]
      : ["skopeo", [...args]];
    return new Promise((resolve, reject) => {
      const child = spawn(command, argv, { env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input ?? "");
    });
  }

  login(server: string, username: string, password: string): Promise<SkopeoResult> {
    return this.run(["login", "--cert-dir", this.certDir, "--authfile", this.authFile, "--username", username, "--password-stdin", server], password);
  }

  logout(server: string): Promise<SkopeoResult> {
    return this.run(["logout", "--authfile", this.authFile, server]);
  }

  push(layoutDir: string, tag: string, target: string): Promise<SkopeoResult> {
    return this.run(["copy", "--authfile", this.authFile, "--dest-cert-dir", this.certDir, `oci:${layoutDir}:${tag}`, `docker://${target}`]);
  }

  pull(source: string, layoutDir: string, tag: string): Promise<SkopeoResult> {
    return this.run(["copy", "--authfile", this.authFile, "--src-cert-dir", this.certDir, `docker://${source}`, `oci:${layoutDir}:${tag}`]);
  }

  inspect(image: string, ...flags: string[]): Promise<SkopeoResult> {
    return this.run(["inspect", "--authfile", this.authFile, "--cert-dir", this.certDir, ...flags, `docker://${image}`]);
  }

  listTags(repository: string): Promise<SkopeoResult> {
    return this.run(["list-tags", "--authfile", this.authFile, "--cert-dir", this.certDir, `docker://${repository}`]);
  }

  delete(image: string): Promise<SkopeoResult> {
    return this.run(["delete", "--authfile", this.authFile, "--cert-dir", this.certDir, `docker://${image}`]);
  }
}
