// Every TypeScript example in README.md and CONTRIBUTING.md is type-checked and run, in order,
// against the emulator.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "acr-tokens-emulator";
import { SUBSCRIPTION, useEmulator } from "./support/emulator.js";
import { ContainerRegistryManagementClient, formatTokenId } from "../src/index.js";
import { readmeTarget, type ReadmeEnv } from "./support/readmeShim.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const folder = join(root, "temp", "readme");

const documents = ["README.md", "CONTRIBUTING.md"].filter((name) => existsSync(join(root, name)));

const examples = documents.flatMap((document) =>
  [...readFileSync(join(root, document), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ document, index: i, block: m[1]! })),
);

/**
 * Imports go to the top (pointed at the shims); the rest runs in a block that may shadow env names.
 * A block that starts its own emulator runs with the real @azure/identity: it points the credential there.
 */
function toModule(block: string): string {
  const lines = block.split("\n");
  const imports = lines.filter((l) => l.startsWith("import "));
  const body = lines.filter((l) => !l.startsWith("import "));
  const ownEmulator = imports.some((l) => l.includes('"acr-tokens-emulator"'));
  const rewritten = imports.map((l) =>
    ownEmulator
      ? l.replace(/"acr-tokens"/, '"../../test/support/readmeShim.js"')
      : l
          .replace(/"acr-tokens"/, '"../../test/support/readmeShim.js"')
          .replace(/"@azure\/identity"/, '"../../test/support/identityShim.js"'),
  );
  return [
    ...rewritten,
    'import type { ReadmeEnv } from "../../test/support/readmeShim.js";',
    "export default async function run(env: ReadmeEnv): Promise<void> {",
    "  const { client, credential, subscriptionId, rg, tokenId } = env;",
    "  void [client, credential, subscriptionId, rg, tokenId];",
    "  {",
    ...body.map((l) => "    " + l),
    "  }",
    "}",
    "",
  ].join("\n");
}

const e2e = useEmulator();
let emulator: Emulator;
let files: string[];
beforeAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  files = examples.map(({ document, index, block }) => {
    const file = join(folder, `${document.replace(/\.md$/, "")}-${String(index).padStart(2, "0")}.ts`);
    writeFileSync(file, toModule(block));
    return file;
  });
  emulator = e2e.emulator;
  Object.assign(readmeTarget, { endpoint: emulator.endpoint, ca: emulator.ca });
});

describe("README examples", () => {
  it("has examples", () => {
    expect(examples.filter((example) => example.document === "README.md").length).toBeGreaterThanOrEqual(8);
  });

  it("type-check", () => {
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(folder, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it("run in order against the emulator", async () => {
    const credential = { getToken: async () => ({ token: "readme", expiresOnTimestamp: Date.now() + 3600_000 }) };
    const client = new ContainerRegistryManagementClient(credential, SUBSCRIPTION, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } });
    await client.registries.beginCreateAndWait("rg", "myregistry", { location: "westus", sku: { name: "Premium" } });
    const env: ReadmeEnv = {
      client,
      credential,
      subscriptionId: SUBSCRIPTION,
      rg: "rg",
      tokenId: formatTokenId({ subscriptionId: SUBSCRIPTION, resourceGroup: "rg", registry: "myregistry", token: "ci-web" }),
    };
    const log = console.log;
    const azureLog = AzureLogger.log;
    const level = getLogLevel();
    console.log = () => {};
    try {
      for (const file of files) {
        const example = (await import(pathToFileURL(file).href)) as { default: (env: ReadmeEnv) => Promise<void> };
        const environment = { ...process.env };
        await example
          .default(env)
          .catch((e: unknown) => {
            throw new Error(`README example ${file.replace(folder, "")} failed: ${String(e)}`);
          })
          .finally(() => {
            process.env = environment;
          });
      }
    } finally {
      // The logging example turns logging on and sends it to console.log.
      console.log = log;
      AzureLogger.log = azureLog;
      setLogLevel(level);
    }
    // The quick start made its token; the common tasks made and then deleted theirs.
    const names: string[] = [];
    for await (const token of client.tokens.list("rg", "myregistry")) names.push(token.name!);
    expect(names).toContain("ci-token");
    expect(names).not.toContain("ci-web");
  }, 60_000);
});
