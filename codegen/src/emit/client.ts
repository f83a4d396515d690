// Emits the client class: options, pipeline, and one property per operation group.
import { SchemaType, type CodeModel, type ConstantSchema, type OperationGroup, type Parameter } from "@autorest/codemodel";
import { Code } from "./code.js";
import { clientClassName, groupClassName, groupFileName, groupInterfaceName, groupPropertyName, parameterName, rulesConstantName } from "./naming.js";

export interface ClientSettings {
  readonly packageName: string;
  readonly packageVersion: string;
  /** Where x-ms-secret values sit in answers (codeModel.secretFields), for redaction from errors. */
  readonly secretFields: ReadonlyArray<readonly [string, string]>;
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
  const validation = "./runtime/validation.js";
  const serviceClientOptions = code.useType("@azure/core-client", "ServiceClientOptions");
  const tokenCredential = code.useType("@azure/core-auth", "TokenCredential");
  const logPolicyOptions = code.useType("@azure/core-rest-pipeline", "LogPolicyOptions");

  code.line(`const PACKAGE = ${JSON.stringify(`${settings.packageName}/${settings.packageVersion}`)};`);
  code.line();
  const trustedOriginOptions = code.useType("./runtime/origins.js", "TrustedOriginOptions");
  const responseLimitOptions = code.useType("./runtime/transport.js", "ResponseLimitOptions");
  code.doc(`Options of {@link ${name}}: everything \`ServiceClientOptions\` takes (retry, TLS, user agent, policies, ...), the trusted origins, the response size limit and the settings below.`);
  code.block(`export interface ${name}OptionalParams extends ${serviceClientOptions}, ${trustedOriginOptions}, ${responseLimitOptions} {`, () => {
    code.doc(`The service's URL; \`${defaultEndpoint}\` by default. Sovereign clouds and emulators set it.`);
    code.line("endpoint?: string;");
    code.doc("The service's URL, under the name `@azure/arm-containerregistry` gives it.", "@deprecated Use `endpoint`, which wins when both are given.");
    code.line("$host?: string;");
    if (defaultApiVersion) {
      code.doc(`The API version sent as \`api-version\`; \`${defaultApiVersion}\` by default.`);
      code.line("apiVersion?: string;");
    }
    code.doc("Which header and query values may appear in logs; all others are redacted.");
    code.line(`loggingOptions?: ${logPolicyOptions};`);
  });
  code.line();
  code.doc(codeModel.info.description ?? `The ${name}.`);
  // Not core-client's ServiceClient: its sendOperationRequest serves OperationSpecs, which this
  // emitter does not generate, and importing core-client's runtime cost a short script about 15 ms
  // (bench/, "A short script"). Its pipeline and sendRequest are kept, alike.
  code.block(`export class ${name} {`, () => {
    code.doc("The service's URL, without a trailing slash.");
    code.line("readonly endpoint: string;");
    code.doc("The API version sent with each request.");
    code.line("readonly apiVersion: string;");
    for (const p of methodParameters) {
      code.doc(p.language.default.description);
      code.line(`readonly ${parameterName(p)}: string;`);
    }
    code.doc("The request pipeline: add or remove policies as with any Azure SDK client.");
    code.line(`readonly pipeline: ${code.useType("@azure/core-rest-pipeline", "Pipeline")};`);
    code.line(`readonly #httpClient: ${code.useType("@azure/core-rest-pipeline", "HttpClient")};`);
    code.doc("@internal");
    code.line(`readonly secretFields: readonly ${code.useType("./runtime/secrets.js", "SecretField")}[] = ${JSON.stringify(settings.secretFields)};`);
    for (const group of groups) {
      code.doc(`The ${group.$key} operations. Assignable, so a test can put a double in their place.`);
      code.line(`${groupPropertyName(group)}: ${code.useType(`./operations/${groupFileName(group)}.js`, groupInterfaceName(group))};`);
    }
    code.line();
    const params = [`credential: ${tokenCredential}`, ...methodParameters.map((p) => `${parameterName(p)}: string`), `options: ${name}OptionalParams = {}`];
    code.doc(
      `Creates a client that authenticates with \`credential\` (any \`@azure/identity\` credential).`,
      ["@param credential - Gets bearer tokens for the `${endpoint}/.default` scope unless `credentialScopes` says otherwise.",
        ...methodParameters.map((p) => `@param ${parameterName(p)} - ${p.language.default.description}`),
        "@param options - Endpoint, API version and pipeline options."].join("\n"),
    );
    code.block(`constructor(${params.join(", ")}) {`, () => {
      code.line(`${code.use(validation, "checkCredential")}(credential);`);
      for (const p of methodParameters) {
        const id = parameterName(p);
        code.line(`${code.use(validation, "checkString")}(${JSON.stringify(id)}, ${id}, ${code.use("./parameters.js", rulesConstantName(p))});`);
      }
      code.line(`const endpoint = (options.endpoint ?? options.$host ?? options.baseUri ?? ${JSON.stringify(defaultEndpoint)}).replace(/\\/+$/, "");`);
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
      code.line(`this.#httpClient = options.httpClient ?? ${code.use("./runtime/transport.js", "createJsonHttpClient")}(options);`);
      code.line(`this.pipeline = options.pipeline ?? ${code.use("./runtime/pipeline.js", "createArmPipeline")}(credential, credentialScopes, pipelineOptions);`);
      code.line(`${code.use("./runtime/pipeline.js", "addAdditionalPolicies")}(this.pipeline, options.additionalPolicies);`);
      code.line("this.endpoint = endpoint;");
      code.line(`this.apiVersion = options.apiVersion ?? ${JSON.stringify(defaultApiVersion ?? "")};`);
      for (const p of methodParameters) {
        const id = parameterName(p);
        code.line(`this.${id} = ${id};`);
      }
      for (const group of groups) {
        const implementation = code.use(`./operations/${groupFileName(group)}.js`, groupClassName(group));
        code.line(`this.${groupPropertyName(group)} = new ${implementation}(this);`);
      }
    });
    code.line();
    code.doc("Sends a request through the client's pipeline (bearer auth, retries and the rest), for calls the operations do not cover.");
    code.block(`sendRequest(request: ${code.useType("@azure/core-rest-pipeline", "PipelineRequest")}): Promise<${code.useType("@azure/core-rest-pipeline", "PipelineResponse")}> {`, () =>
      code.line("return this.pipeline.sendRequest(this.#httpClient, request);"),
    );
    code.line();
    code.doc("The service's URL, under the name `@azure/arm-containerregistry` gives it.", "@deprecated Use `endpoint`.");
    code.block("get $host(): string {", () => code.line("return this.endpoint;"));
  });
  return code.toString();
}
