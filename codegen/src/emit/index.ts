// The emitter: code model in, the files of src/generated out. Pure: no I/O here. Each emitter is
// a peer that asks naming.ts, codeModel.ts and wire.ts; none imports another.
import type { CodeModel, Schema } from "@autorest/codemodel";
import { Code, GENERATED_HEADER } from "./code.js";
import { emitClient } from "./client.js";
import { bodyParameter, byName, isChoice, isObject, paging, reachable, responseSchema, secretFields, selectedGroups } from "./codeModel.js";
import { emitModels } from "./models.js";
import { clientClassName, clientFileName, groupFileName, groupInterfaceName } from "./naming.js";
import { emitOperationGroup } from "./operations.js";
import { emitParameters } from "./parameters.js";
import { emitSerializers } from "./serializers.js";

export interface EmitterOptions {
  /** Operation groups to expose (`$key`s of the code model); all when absent. */
  readonly "operation-groups"?: string[];
  readonly "package-name"?: string;
  readonly "package-version"?: string;
}

export interface EmittedFile {
  readonly path: string;
  readonly content: string;
}

/** Files copied verbatim (after the header) from codegen/runtime into src/generated/runtime. */
export interface RuntimeFile {
  readonly name: string;
  readonly content: string;
}

export function emit(codeModel: CodeModel, options: EmitterOptions, runtime: readonly RuntimeFile[]): EmittedFile[] {
  const groups = selectedGroups(codeModel, options["operation-groups"]);
  const operations = groups.flatMap((g) => g.operations);

  // Models users see: everything requests and answers reach, errors included.
  const requestRoots: Schema[] = [];
  const readRoots: Schema[] = [];
  const typeRoots: Schema[] = [];
  for (const operation of operations) {
    const body = bodyParameter(operation);
    if (body) requestRoots.push(body.schema);
    const response = responseSchema(operation);
    const page = paging(operation);
    if (page) readRoots.push(page.itemSchema);
    else if (response) readRoots.push(response);
    if (response) typeRoots.push(response);
    for (const e of operation.exceptions ?? []) {
      const schema = (e as { schema?: Schema }).schema;
      if (schema) typeRoots.push(schema);
    }
  }
  const models = [...reachable([...requestRoots, ...readRoots, ...typeRoots])].filter((s) => isObject(s) || isChoice(s)).sort(byName);
  const toRead = [...reachable(readRoots)].filter(isObject).sort(byName);
  const toWrite = [...reachable(requestRoots)].filter(isObject).sort(byName);

  const files: EmittedFile[] = [
    { path: "models.ts", content: emitModels(models, groups) },
    { path: "parameters.ts", content: emitParameters(codeModel) },
    { path: "serialization.ts", content: emitSerializers(toRead, toWrite) },
    {
      path: `${clientFileName(codeModel)}.ts`,
      content: emitClient(codeModel, groups, {
        packageName: options["package-name"] ?? "acr-tokens",
        packageVersion: options["package-version"] ?? "0.0.0",
        secretFields: secretFields(models),
      }),
    },
  ];
  for (const group of groups) files.push({ path: `operations/${groupFileName(group)}.ts`, content: emitOperationGroup(group) });
  for (const file of runtime) {
    const header = [GENERATED_HEADER[0]!.replace("Code generated", `Copied from codegen/runtime/${file.name}`), GENERATED_HEADER[1]!];
    files.push({ path: `runtime/${file.name}`, content: [...header, "", file.content.trim(), ""].join("\n") });
  }
  files.push({ path: "index.ts", content: emitIndex(codeModel, groups) });
  return files;
}

/** The generated part of the public surface: the client, the group interfaces, the models. */
function emitIndex(codeModel: CodeModel, groups: ReturnType<typeof selectedGroups>): string {
  const client = clientClassName(codeModel);
  const code = new Code();
  code.line(`export { ${client}, type ${client}OptionalParams } from "./${clientFileName(codeModel)}.js";`);
  for (const g of groups) code.line(`export type { ${groupInterfaceName(g)} } from "./operations/${groupFileName(g)}.js";`);
  code.line(`export * from "./models.js";`);
  code.line(`export { getContinuationToken } from "./runtime/paging.js";`);
  code.line(`export { InvalidParameterError, PARAMETER_RULES, type ParameterRule } from "./runtime/validation.js";`);
  code.line(`export type { LroOptions } from "./runtime/lro.js";`);
  code.line(`export { ClientErrorCodes, type ClientErrorCode } from "./runtime/errorCodes.js";`);
  code.line(`export type { TrustedOriginOptions } from "./runtime/origins.js";`);
  code.line(`export type { ResponseLimitOptions } from "./runtime/transport.js";`);
  return code.toString();
}
