// Emits one class per operation group: path checks, URL, body, then send, page or poll.
import { SchemaType, type Operation, type OperationGroup, type Parameter, type Schema } from "@autorest/codemodel";
import { Code } from "./code.js";
import { isLro, operationTypeName } from "./models.js";
import { camelCase, pascalCase } from "./naming.js";
import { bodyParameter, httpIn, isObject, paging, reachesSecret, responseSchema, stringRulesLiteral, tsType } from "./schemas.js";
import { deserializerName, fromWire, toWire } from "./serializers.js";

export const groupClassName = (group: OperationGroup) => `${pascalCase(group.$key)}Operations`;
export const groupFileName = (group: OperationGroup) => camelCase(group.$key);
export const groupPropertyName = (group: OperationGroup) => camelCase(group.$key);

const paramName = (p: Parameter) => camelCase(p.language.default.name);
const isClientParameter = (p: Parameter) => p.implementation === "Client";

/** Path-parameter rules from the spec, as the argument of checkString(). */
export function stringRules(p: Parameter): string {
  return stringRulesLiteral(p.schema, p.schema.type === SchemaType.Uuid ? ["uuid: true"] : []) ?? "{}";
}

interface OperationShape {
  readonly operation: Operation;
  readonly method: string;
  readonly parameters: Parameter[];
  readonly signature: Parameter[];
  readonly body: Parameter | undefined;
}

function shapeOf(operation: Operation): OperationShape {
  const request = operation.requests?.[0];
  const parameters = [...(operation.parameters ?? []), ...(request?.parameters ?? [])];
  for (const p of parameters) {
    const where = httpIn(p);
    const synthesized = p.origin?.startsWith("modelerfour:synthesized");
    if ((where === "header" && !synthesized) || where === "cookie" || where === "formData") {
      throw new Error(`acr-tokens-emitter: ${operation.operationId} has a ${where} parameter "${p.language.default.name}", which this emitter does not support yet`);
    }
  }
  const signature = [...(operation.signatureParameters ?? []), ...(request?.signatureParameters ?? [])].filter((p) => p.required);
  const method = (request?.protocol.http as unknown as { method: string }).method.toUpperCase();
  return { operation, method, parameters, signature, body: bodyParameter(operation) };
}

function urlExpression(shape: OperationShape): string {
  const http = shape.operation.requests![0]!.protocol.http as unknown as { path: string; uri: string };
  const valueOf = (serializedName: string): string => {
    const p = shape.parameters.find((x) => x.language.default.serializedName === serializedName);
    if (!p) throw new Error(`acr-tokens-emitter: ${shape.operation.operationId} has no parameter for {${serializedName}}`);
    if (p.language.default.serializedName === "$host") return "this.client.endpoint";
    return isClientParameter(p) ? `this.client.${paramName(p)}` : paramName(p);
  };
  const host = http.uri.replace(/\{([^}]+)\}/g, (_, name: string) => "${" + valueOf(name) + "}");
  const path = http.path.replace(/\{([^}]+)\}/g, (_, name: string) => "${segment(" + valueOf(name) + ")}");
  const query = shape.parameters.filter((p) => httpIn(p) === "query");
  const required = query.filter((p) => p.required || isClientParameter(p));
  const fixed = required.map((p) => {
    const value = p.language.default.name === "apiVersion" ? "this.client.apiVersion" : isClientParameter(p) ? `this.client.${paramName(p)}` : paramName(p);
    return `${p.language.default.serializedName}=\${encodeURIComponent(${value})}`;
  });
  let url = "`" + host + path + (fixed.length ? "?" + fixed.join("&") : "") + "`";
  for (const p of query.filter((q) => !required.includes(q))) {
    const value = `options?.${paramName(p)}`;
    url += ` + (${value} === undefined ? "" : "${fixed.length ? "&" : "?"}${p.language.default.serializedName}=" + encodeURIComponent(String(${value})))`;
  }
  return url;
}

function expectedStatus(operation: Operation): number[] {
  return (operation.responses ?? [])
    .flatMap((r) => (r.protocol.http as unknown as { statusCodes: string[] }).statusCodes)
    .filter((s) => s !== "default")
    .map(Number);
}

function emitChecks(code: Code, shape: OperationShape): void {
  for (const p of shape.signature) {
    if (httpIn(p) === "path") code.line(`checkString(${JSON.stringify(paramName(p))}, ${paramName(p)}, ${stringRules(p)});`);
    else if (httpIn(p) === "body") code.line(`checkRequired(${JSON.stringify(paramName(p))}, ${paramName(p)});`);
  }
}

function bodyExpression(shape: OperationShape): string {
  if (!shape.body) return "undefined";
  const source = shape.body.required ? paramName(shape.body) : `options?.${paramName(shape.body)}`;
  const converted = toWire(shape.body.schema, source, JSON.stringify(paramName(shape.body)));
  if (converted === undefined) return source;
  return shape.body.required ? converted : `${source} === undefined ? undefined : ${converted}`;
}

/**
 * A function reading an answer's value of this schema: a model's deserializer wrapped by the runtime's
 * model(), which refuses anything but a JSON object; else the wire conversion, if any.
 */
function reader(schema: Schema, name: string): string {
  if (isObject(schema)) return `model(${deserializerName(schema)})`;
  const converted = fromWire(schema, name);
  return converted ? `(${name}: any) => ${converted}` : `(${name}: unknown) => ${name}`;
}

export function emitOperationGroup(group: OperationGroup): { content: string; imports: { models: Set<string>; serializers: Set<string> } } {
  const models = new Set<string>();
  const serializers = new Set<string>();
  const runtime = new Set<string>(["checkString"]);
  const body = new Code();
  const className = groupClassName(group);

  const typeOf = (p: Parameter) => {
    const t = tsType(p.schema);
    if (/^[A-Z]/.test(t)) models.add(t.replace(/\[\]$/, ""));
    return t;
  };
  const noteSerializers = (expr: string) => {
    for (const m of expr.matchAll(/\b((?:de)?serialize[A-Z]\w*)[()]/g)) serializers.add(m[1]!);
  };

  body.doc(`The ${group.$key} operations, reached as \`client.${groupPropertyName(group)}\`.`);
  body.block(`export class ${className} {`, () => {
    body.doc("@internal");
    body.line("constructor(private readonly client: OperationClient) {}");
    for (const operation of group.operations) {
      const shape = shapeOf(operation);
      const options = operationTypeName(group, operation, "OptionalParams");
      models.add(options);
      const args = shape.signature.map((p) => `${paramName(p)}: ${typeOf(p)}`).concat(`options?: ${options}`).join(", ");
      const callArgs = shape.signature.map(paramName).concat("options").join(", ");
      const docs = [operation.language.default.description, [...shape.signature.map((p) => `@param ${paramName(p)} - ${p.language.default.description}`), "@param options - The options parameters."].join("\n")];
      const page = paging(operation);
      const response = responseSchema(operation);
      const url = urlExpression(shape);
      const name = camelCase(operation.language.default.name);
      const status = `[${expectedStatus(operation).join(", ")}]`;
      if (page) {
        runtime.add("createPager");
        const itemType = typeOf({ schema: page.itemSchema } as Parameter);
        const itemFn = reader(page.itemSchema, "item");
        noteSerializers(itemFn);
        body.line();
        body.doc(...docs);
        body.block(`${name}(${args}): PagedAsyncIterableIterator<${itemType}, ${itemType}[], PageSettings> {`, () => {
          emitChecks(body, shape);
          const nextLink = page.nextLinkName === undefined ? "undefined" : JSON.stringify(page.nextLinkName);
          body.line(`return createPager(this.client, ${url}, { itemName: ${JSON.stringify(page.itemName)}, nextLinkName: ${nextLink}, deserializeItem: ${itemFn} }, options);`);
        });
        continue;
      }
      const responseType = response ? operationTypeName(group, operation, "Response") : "void";
      if (response) models.add(responseType);
      const bodyExpr = bodyExpression(shape);
      noteSerializers(bodyExpr);
      if (shape.body) runtime.add("checkRequired");
      if (isLro(operation)) {
        runtime.add("createLroPoller");
        const finalStateVia = (operation.extensions?.["x-ms-long-running-operation-options"] as { "final-state-via"?: string } | undefined)?.["final-state-via"];
        const deserialize = response ? reader(response, "raw") : "undefined";
        noteSerializers(deserialize);
        const pascal = pascalCase(operation.language.default.name);
        body.line();
        body.doc(...docs);
        body.block(`async begin${pascal}(${args}): Promise<SimplePollerLike<OperationState<${responseType}>, ${responseType}>> {`, () => {
          emitChecks(body, shape);
          body.block(`return createLroPoller<${responseType}>(this.client, {`, () => {
            body.line(`method: "${shape.method}",`);
            body.line(`url: ${url},`);
            body.line(`body: ${bodyExpr},`);
            body.line(`expectedStatus: ${status},`);
            body.line(`finalStateVia: ${finalStateVia ? JSON.stringify(finalStateVia) : "undefined"},`);
            body.line(`deserialize: ${deserialize},`);
            if (response && reachesSecret(response)) body.line("secretResult: true,");
          }, "}, options);");
        });
        body.line();
        body.doc(...docs);
        body.block(`async begin${pascal}AndWait(${args}): Promise<${responseType}> {`, () => {
          body.line(`const poller = await this.begin${pascal}(${callArgs});`);
          body.line("return poller.pollUntilDone({ abortSignal: options?.abortSignal });");
        });
        continue;
      }
      runtime.add("sendOperation");
      body.line();
      body.doc(...docs);
      body.block(`async ${name}(${args}): Promise<${responseType}> {`, () => {
        emitChecks(body, shape);
        const send = `sendOperation(this.client, "${shape.method}", ${url}, ${bodyExpr}, options, ${status})`;
        if (!response) {
          body.line(`await ${send};`);
          return;
        }
        const read = reader(response, "raw");
        noteSerializers(read);
        body.line(`const result = await ${send};`);
        body.line(`return decode(result, ${read});`);
      });
    }
  });

  const code = new Code();
  const uses = (s: string) => body.toString(false).includes(s);
  if (uses("PagedAsyncIterableIterator")) code.line(`import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";`);
  if (uses("SimplePollerLike")) code.line(`import type { OperationState, SimplePollerLike } from "@azure/core-lro";`);
  code.line(`import type { ${[...models].sort().join(", ")} } from "../models.js";`);
  if (serializers.size) code.line(`import { ${[...serializers].sort().join(", ")} } from "../serialization.js";`);
  const http = ["segment", ...(runtime.has("sendOperation") ? ["sendOperation"] : [])];
  code.line(`import { ${http.join(", ")}, type OperationClient } from "../runtime/http.js";`);
  if (runtime.has("createLroPoller")) code.line(`import { createLroPoller } from "../runtime/lro.js";`);
  if (runtime.has("createPager")) code.line(`import { createPager } from "../runtime/paging.js";`);
  const responses = [...(uses("decode(") ? ["decode"] : []), ...(uses("model(") ? ["model"] : [])];
  if (responses.length) code.line(`import { ${responses.join(", ")} } from "../runtime/responses.js";`);
  code.line(`import { ${["checkString", ...(runtime.has("checkRequired") ? ["checkRequired"] : [])].join(", ")} } from "../runtime/validation.js";`);
  code.line();
  const text = code.toString() + "\n" + body.toString(false);
  return { content: text, imports: { models, serializers } };
}
