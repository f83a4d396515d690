// Emits one file per operation group: the interface users type fakes by (`Tokens`), and the class
// the client uses: path checks, URL, body, then send, page or poll.
import type { Operation, OperationGroup, Parameter } from "@autorest/codemodel";
import { Code } from "./code.js";
import { finalStateVia, httpIn, isClientParameter, isLro, operationShape, paging, reachesSecret, responseSchema, type OperationShape } from "./codeModel.js";
import { groupClassName, groupInterfaceName, groupPropertyName, methodName, modelTypesIn, operationTypeName, parameterName, rulesConstantName, tsType } from "./naming.js";
import { fromWireFunction, toWire, type WireImports } from "./wire.js";

const MODELS = "../models.js";
const SERIALIZATION = "../serialization.js";
const PARAMETERS = "../parameters.js";
const HTTP = "../runtime/http.js";
const VALIDATION = "../runtime/validation.js";

/** What one method looks like to callers. */
interface Method {
  readonly name: string;
  readonly docs: string[];
  readonly parameters: string;
  readonly returns: string;
  /** What the operation resolves to: its response type, or void. */
  readonly result: string;
}

export function emitOperationGroup(group: OperationGroup): string {
  const code = new Code();
  const interfaceName = groupInterfaceName(group);
  const operations = group.operations.map((operation) => ({ operation, shape: operationShape(operation) }));

  const typeOf = (p: Parameter) => {
    for (const name of modelTypesIn(p.schema)) code.useType(MODELS, name);
    return tsType(p.schema);
  };
  const methodsOf = (operation: Operation, shape: OperationShape): Method[] => {
    const options = code.useType(MODELS, operationTypeName(group, operation, "OptionalParams"));
    const parameters = shape.signature.map((p) => `${parameterName(p)}: ${typeOf(p)}`).concat(`options?: ${options}`).join(", ");
    const docs = [
      operation.language.default.description ?? "",
      [...shape.signature.map((p) => `@param ${parameterName(p)} - ${p.language.default.description}`), "@param options - The options parameters."].join("\n"),
    ];
    const page = paging(operation);
    if (page) {
      code.useType("@azure/core-paging", "PagedAsyncIterableIterator");
      code.useType("@azure/core-paging", "PageSettings");
      for (const name of modelTypesIn(page.itemSchema)) code.useType(MODELS, name);
      const item = tsType(page.itemSchema);
      return [{ name: methodName(operation, isLro(operation)), docs, parameters, returns: `PagedAsyncIterableIterator<${item}, ${item}[], PageSettings>`, result: item }];
    }
    const result = responseSchema(operation) ? code.useType(MODELS, operationTypeName(group, operation, "Response")) : "void";
    if (!isLro(operation)) return [{ name: methodName(operation, isLro(operation)), docs, parameters, returns: `Promise<${result}>`, result }];
    code.useType("@azure/core-lro", "OperationState");
    code.useType("@azure/core-lro", "SimplePollerLike");
    return [
      { name: methodName(operation, isLro(operation)), docs, parameters, returns: `Promise<SimplePollerLike<OperationState<${result}>, ${result}>>`, result },
      { name: `${methodName(operation, isLro(operation))}AndWait`, docs, parameters, returns: `Promise<${result}>`, result },
    ];
  };

  code.doc(`The ${group.$key} operations, reached as \`client.${groupPropertyName(group)}\`. Type a test double by it.`);
  code.block(`export interface ${interfaceName} {`, () => {
    for (const { operation, shape } of operations) {
      for (const m of methodsOf(operation, shape)) {
        code.doc(...m.docs);
        code.line(`${m.name}(${m.parameters}): ${m.returns};`);
      }
    }
  });
  code.line();
  code.doc(`The client's implementation of {@link ${interfaceName}}.`, "@internal");
  code.block(`export class ${groupClassName(group)} implements ${interfaceName} {`, () => {
    code.line(`constructor(private readonly client: ${code.useType(HTTP, "OperationClient")}) {}`);
    for (const { operation, shape } of operations) {
      const [method, andWait] = methodsOf(operation, shape);
      code.line();
      if (paging(operation)) emitList(code, shape, method!);
      else if (isLro(operation)) emitLro(code, shape, method!, andWait!);
      else emitCall(code, shape, method!);
    }
  });
  return code.toString();
}

function urlExpression(code: Code, shape: OperationShape): string {
  const valueOf = (serializedName: string): string => {
    const p = shape.parameters.find((x) => x.language.default.serializedName === serializedName);
    if (!p) throw new Error(`acr-tokens-emitter: ${shape.operation.operationId} has no parameter for {${serializedName}}`);
    if (serializedName === "$host") return "this.client.endpoint";
    return isClientParameter(p) ? `this.client.${parameterName(p)}` : parameterName(p);
  };
  const host = shape.uri.replace(/\{([^}]+)\}/g, (_, name: string) => "${" + valueOf(name) + "}");
  const segment = code.use(HTTP, "segment");
  const path = shape.path.replace(/\{([^}]+)\}/g, (_, name: string) => "${" + segment + "(" + valueOf(name) + ")}");
  const query = shape.parameters.filter((p) => httpIn(p) === "query");
  const required = query.filter((p) => p.required || isClientParameter(p));
  const fixed = required.map((p) => {
    const value = p.language.default.name === "apiVersion" ? "this.client.apiVersion" : isClientParameter(p) ? `this.client.${parameterName(p)}` : parameterName(p);
    return `${p.language.default.serializedName}=\${encodeURIComponent(${value})}`;
  });
  let url = "`" + host + path + (fixed.length ? "?" + fixed.join("&") : "") + "`";
  for (const p of query.filter((q) => !required.includes(q))) {
    const value = `options?.${parameterName(p)}`;
    url += ` + (${value} === undefined ? "" : "${fixed.length ? "&" : "?"}${p.language.default.serializedName}=" + encodeURIComponent(String(${value})))`;
  }
  return url;
}

/** The checks that run before anything is sent: path parameters by the spec's rules, a required body present. */
function emitChecks(code: Code, shape: OperationShape): void {
  for (const p of shape.signature) {
    const name = parameterName(p);
    if (httpIn(p) === "path") {
      code.line(`${code.use(VALIDATION, "checkString")}(${JSON.stringify(name)}, ${name}, ${code.use(PARAMETERS, rulesConstantName(p))});`);
    } else if (httpIn(p) === "body") {
      code.line(`${code.use(VALIDATION, "checkRequired")}(${JSON.stringify(name)}, ${name});`);
    }
  }
}

/** An operations file imports what a conversion calls from serialization.ts and the runtime. */
const importsFrom = (code: Code): WireImports => ({
  serialization: (name) => code.use(SERIALIZATION, name),
  runtime: (module, name) => code.use(`../runtime/${module}`, name),
});

function bodyExpression(code: Code, shape: OperationShape): string {
  if (!shape.body) return "undefined";
  const name = parameterName(shape.body);
  const source = shape.body.required ? name : `options?.${name}`;
  const converted = toWire(shape.body.schema, source, JSON.stringify(name), importsFrom(code));
  if (converted === undefined) return source;
  return shape.body.required ? converted : `${source} === undefined ? undefined : ${converted}`;
}

const signatureOf = (m: Method) => `${m.name}(${m.parameters}): ${m.returns}`;

function emitList(code: Code, shape: OperationShape, method: Method): void {
  const page = paging(shape.operation)!;
  const itemFn = fromWireFunction(page.itemSchema, importsFrom(code), "item");
  code.block(`${signatureOf(method)} {`, () => {
    emitChecks(code, shape);
    const nextLink = page.nextLinkName === undefined ? "undefined" : JSON.stringify(page.nextLinkName);
    const createPager = code.use("../runtime/paging.js", "createPager");
    code.line(`return ${createPager}(this.client, ${urlExpression(code, shape)}, { itemName: ${JSON.stringify(page.itemName)}, nextLinkName: ${nextLink}, deserializeItem: ${itemFn} }, options);`);
  });
}

function emitLro(code: Code, shape: OperationShape, method: Method, andWait: Method): void {
  const response = responseSchema(shape.operation);
  code.block(`async ${signatureOf(method)} {`, () => {
    emitChecks(code, shape);
    const via = finalStateVia(shape.operation);
    code.block(`return ${code.use("../runtime/lro.js", "createLroPoller")}<${method.result}>(this.client, {`, () => {
      code.line(`method: "${shape.method}",`);
      code.line(`url: ${urlExpression(code, shape)},`);
      code.line(`body: ${bodyExpression(code, shape)},`);
      code.line(`expectedStatus: [${shape.expectedStatus.join(", ")}],`);
      code.line(`finalStateVia: ${via ? JSON.stringify(via) : "undefined"},`);
      code.line(`deserialize: ${response ? fromWireFunction(response, importsFrom(code)) : "undefined"},`);
      if (response && reachesSecret(response)) code.line("secretResult: true,");
    }, "}, options);");
  });
  code.line();
  const callArgs = [...shape.signature.map(parameterName), "options"].join(", ");
  code.block(`async ${signatureOf(andWait)} {`, () => {
    code.line(`const poller = await this.${method.name}(${callArgs});`);
    code.line("return poller.pollUntilDone({ abortSignal: options?.abortSignal });");
  });
}

function emitCall(code: Code, shape: OperationShape, method: Method): void {
  const response = responseSchema(shape.operation);
  code.block(`async ${signatureOf(method)} {`, () => {
    emitChecks(code, shape);
    const sendOperation = code.use(HTTP, "sendOperation");
    const send = `${sendOperation}(this.client, "${shape.method}", ${urlExpression(code, shape)}, ${bodyExpression(code, shape)}, options, [${shape.expectedStatus.join(", ")}])`;
    if (!response) {
      code.line(`await ${send};`);
      return;
    }
    // decode() turns an answer that does not fit the model into a RestError (InvalidResponse).
    const read = fromWireFunction(response, importsFrom(code));
    code.line(`const result = await ${send};`);
    code.line(`return ${code.use("../runtime/responses.js", "decode")}(result, ${read});`);
  });
}
