// AutoRest entry point: reads modelerfour's code model, hands it to the emitter, writes its files.
import { AutoRestExtension, type AutorestExtensionHost } from "@autorest/extension-base";
import { codeModelSchema, type CodeModel } from "@autorest/codemodel";
import { deserialize } from "@azure-tools/codegen";
import { readdirSync, readFileSync } from "node:fs";
import { emit, type EmitterOptions, type RuntimeFile } from "./emit/index.js";

const runtimeFolder = new URL("../runtime/", import.meta.url);
const runtime: RuntimeFile[] = readdirSync(runtimeFolder)
  .filter((name) => name.endsWith(".ts"))
  .sort()
  .map((name) => ({ name, content: readFileSync(new URL(name, runtimeFolder), "utf8") }));

async function run(host: AutorestExtensionHost): Promise<void> {
  const inputs = await host.listInputs("code-model-v4");
  const name = inputs.find((f) => f.endsWith(".yaml")) ?? inputs[0];
  if (!name) throw new Error("acr-tokens-emitter: modelerfour produced no code model");
  const codeModel = deserialize<CodeModel>(await host.readFile(name), name, codeModelSchema);
  const options = (await host.getValue<EmitterOptions>("acr-tokens")) ?? ({} as EmitterOptions);
  for (const file of emit(codeModel, options, runtime)) {
    host.writeFile({ filename: file.path, content: file.content, artifactType: "source-file-typescript" });
  }
}

const extension = new AutoRestExtension();
extension.add("acr-tokens-emitter", run);
await extension.run();
