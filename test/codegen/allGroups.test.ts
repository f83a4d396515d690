// The emitter works from the code model, not from knowledge of our three groups: generating
// every operation group of the spec must give code that type-checks.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Inside the project (git-ignored temp/) so the generated code resolves our node_modules.
mkdirSync(join(root, "temp"), { recursive: true });
const work = mkdtempSync(join(root, "temp", "all-groups-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ALL_GROUPS = ["CacheRules", "ConnectedRegistries", "CredentialSets", "Registries", "Operations", "PrivateEndpointConnections", "Replications", "ScopeMaps", "Tokens", "Webhooks"];

it("generates every operation group of the spec into code that type-checks", { timeout: 180_000 }, () => {
  const spec = join(root, "swagger/specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/containerregistry.json");
  const config = join(work, "README.md");
  writeFileSync(
    config,
    ["``` yaml", `input-file: ${spec}`, "azure-arm: true", "modelerfour:", "  flatten-models: true", "  flatten-payloads: false",
      "  lenient-model-deduplication: true", "acr-tokens:", `  operation-groups: [${ALL_GROUPS.join(", ")}]`, "```", ""].join("\n"),
  );
  const output = join(work, "generated");
  const modules = join(root, "node_modules");
  const run = spawnSync(process.execPath, [
    join(modules, "autorest/entrypoints/app.js"),
    `--version=${join(modules, "@autorest/core")}`,
    `--use=${join(modules, "@autorest/modelerfour")}`,
    `--use=${join(root, "codegen")}`,
    config,
    `--output-folder=${output}`,
  ], { encoding: "utf8", cwd: root });
  expect(run.status, run.stdout + run.stderr).toBe(0);

  const operations = readdirSync(join(output, "operations")).sort();
  expect(operations).toHaveLength(ALL_GROUPS.length);
  expect(operations).toContain("webhooks.ts");

  const files = readdirSync(output, { recursive: true }).map(String).filter((f) => f.endsWith(".ts")).map((f) => join(output, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(diagnostics).toEqual([]);
});
