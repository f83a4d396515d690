// Emits the client class: options, pipeline, and one property per operation group.
import { SchemaType, type CodeModel, type ConstantSchema, type OperationGroup, type Parameter } from "@autorest/codemodel";
import { Code } from "./code.js";
import { camelCase } from "./naming.js";
import { groupClassName, groupFileName, groupPropertyName, stringRules } from "./operations.js";

export interface ClientSettings {
  readonly packageName: string;
  readonly packageVersion: string;
  /** See secrets.ts: where x-ms-secret values sit in answers. */
  readonly secretFields: ReadonlyArray<readonly [string, string]>;
}

export function clientClassName(codeModel: CodeModel): string {
  return codeModel.language.default.name;
}

export function emitClient(codeModel: CodeModel, groups: OperationGroup[], settings: ClientSettings): string {
  const name = clientClassName(codeModel);
  const globals = codeModel.globalParameters ?? [];
  const host = globals.find((p) => p.language.default.serializedName === "$host");
  const apiVersion = globals.find((p) => p.language.default.name === "apiVersion");
  const methodParameters = globals.filter((p: Parameter) => p !== host && p !== apiVersion && p.required);
  const defaultEndpoint = (host?.clientDefaultValue as string | undefined) ?? "https://management.azure.com";
  const defaultApiVersion = apiVersion && apiVersion.schema.type === SchemaType.Constant ? String((apiVersion.schema as ConstantSchema).value.value) : undefined;
  const code = new Code();
  code.line(`import { isTokenCredential, type TokenCredential } from "@azure/core-auth";`);
  code.line(`import { ServiceClient, type ServiceClientOptions } from "@azure/core-client";`);
  code.line(`import type { LogPolicyOptions } from "@azure/core-rest-pipeline";`);
  code.line(`import type { TrustedOriginOptions } from "./runtime/origins.js";`);
  code.line(`import { createArmPipeline } from "./runtime/pipeline.js";`);
  code.line(`import type { SecretField } from "./runtime/secrets.js";`);
  code.line(`import { createJsonHttpClient, type ResponseLimitOptions } from "./runtime/transport.js";`);
  code.line(`import { InvalidParameterError, checkString } from "./runtime/validation.js";`);
  for (const group of groups) code.line(`import { ${groupClassName(group)} } from "./operations/${groupFileName(group)}.js";`);
  code.line();
  code.line(`const PACKAGE = ${JSON.stringify(`${settings.packageName}/${settings.packageVersion}`)};`);
  code.line();
  code.doc(`Options of {@link ${name}}: everything \`ServiceClientOptions\` takes (retry, TLS, user agent, policies, ...), the trusted origins, the response size limit and the settings below.`);
  code.block(`export interface ${name}OptionalParams extends ServiceClientOptions, TrustedOriginOptions, ResponseLimitOptions {`, () => {
    code.doc(`The service's URL; \`${defaultEndpoint}\` by default. Sovereign clouds and emulators set it.`);
    code.line("endpoint?: string;");
    if (defaultApiVersion) {
      code.doc(`The API version sent as \`api-version\`; \`${defaultApiVersion}\` by default.`);
      code.line("apiVersion?: string;");
    }
    code.doc("Which header and query values may appear in logs; all others are redacted.");
    code.line("loggingOptions?: LogPolicyOptions;");
  });
  code.line();
  code.doc(codeModel.info.description ?? `The ${name}.`);
  code.block(`export class ${name} extends ServiceClient {`, () => {
    code.doc("The service's URL, without a trailing slash.");
    code.line("readonly endpoint: string;");
    code.doc("The API version sent with each request.");
    code.line("readonly apiVersion: string;");
    for (const p of methodParameters) {
      code.doc(p.language.default.description);
      code.line(`readonly ${camelCase(p.language.default.name)}: string;`);
    }
    code.doc("@internal");
    code.line(`readonly secretFields: readonly SecretField[] = ${JSON.stringify(settings.secretFields)};`);
    for (const group of groups) {
      code.doc(`The ${group.$key} operations.`);
      code.line(`readonly ${groupPropertyName(group)}: ${groupClassName(group)};`);
    }
    code.line();
    const params = ["credential: TokenCredential", ...methodParameters.map((p) => `${camelCase(p.language.default.name)}: string`), `options: ${name}OptionalParams = {}`];
    code.doc(
      `Creates a client that authenticates with \`credential\` (any \`@azure/identity\` credential).`,
      ["@param credential - Gets bearer tokens for the `${endpoint}/.default` scope unless `credentialScopes` says otherwise.",
        ...methodParameters.map((p) => `@param ${camelCase(p.language.default.name)} - ${p.language.default.description}`),
        "@param options - Endpoint, API version and pipeline options."].join("\n"),
    );
    code.block(`constructor(${params.join(", ")}) {`, () => {
      code.block("if (!isTokenCredential(credential)) {", () => {
        code.line(`throw new InvalidParameterError("credential", "required", 'Parameter "credential" must be a TokenCredential (an object with getToken()).');`);
      });
      for (const p of methodParameters) {
        const id = camelCase(p.language.default.name);
        code.line(`checkString(${JSON.stringify(id)}, ${id}, ${stringRules(p)});`);
      }
      code.line(`const endpoint = (options.endpoint ?? options.baseUri ?? ${JSON.stringify(defaultEndpoint)}).replace(/\\/+$/, "");`);
      code.line("const credentialScopes = options.credentialScopes ?? `${endpoint}/.default`;");
      code.line("const prefix = options.userAgentOptions?.userAgentPrefix;");
      code.block("const pipelineOptions = {", () => {
        code.line("...options,");
        code.line("endpoint,");
        code.line("userAgentOptions: { userAgentPrefix: prefix ? `${prefix} ${PACKAGE}` : PACKAGE },");
        code.block("loggingOptions: {", () => {
          code.line("...options.loggingOptions,");
          code.line(`additionalAllowedHeaderNames: ["x-ms-request-id", "x-ms-correlation-request-id", "retry-after", "azure-asyncoperation", "location", ...(options.loggingOptions?.additionalAllowedHeaderNames ?? [])],`);
          code.line(`additionalAllowedQueryParameters: ["api-version", ...(options.loggingOptions?.additionalAllowedQueryParameters ?? [])],`);
        }, "},");
      }, "};");
      code.block("super({", () => {
        code.line("...options,");
        code.line("endpoint,");
        code.line("credentialScopes,");
        code.line("httpClient: options.httpClient ?? createJsonHttpClient(options),");
        code.line("pipeline: options.pipeline ?? createArmPipeline(credential, credentialScopes, pipelineOptions),");
      }, "});");
      code.line("this.endpoint = endpoint;");
      code.line(`this.apiVersion = options.apiVersion ?? ${JSON.stringify(defaultApiVersion ?? "")};`);
      for (const p of methodParameters) {
        const id = camelCase(p.language.default.name);
        code.line(`this.${id} = ${id};`);
      }
      for (const group of groups) code.line(`this.${groupPropertyName(group)} = new ${groupClassName(group)}(this);`);
    });
  });
  return code.toString();
}
