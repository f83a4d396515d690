// Moving from @azure/arm-containerregistry must be a one-line change: a program written against
// 11.0.0 for tokens, scope maps and registries type-checks against acr-tokens with only the
// package name mapped. Checked against 11.0.0 too, so the fixture stays a real 11.0.0 program.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const program = fileURLToPath(new URL("fixtures/parity/program.ts", import.meta.url));

function typeCheck(target: "11.0.0" | "acr-tokens"): string {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  };
  if (target === "acr-tokens") {
    options.baseUrl = root;
    options.paths = { "@azure/arm-containerregistry": ["./src/index.ts"] };
  }
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([program], options));
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" });
}

it("the fixture is a valid @azure/arm-containerregistry 11.0.0 program", { timeout: 120_000 }, () => {
  expect(typeCheck("11.0.0")).toBe("");
});

it("the same program compiles unchanged against acr-tokens", { timeout: 120_000 }, () => {
  expect(typeCheck("acr-tokens")).toBe("");
});
