// Emits serialization.ts: one direct function per model and direction, written out at build time
// so no mapper is interpreted per request. Deserializers copy known properties (flattened ones
// from their nested wire path), turn dates into Date and skip nulls; serializers leave out
// read-only properties, fill in constants, nest flattened properties again and refuse a missing
// required property or a string breaking the spec's rules, naming it by `path` (e.g.
// "registry.sku.name"), so bad input fails before any request.
import type { ObjectSchema, Property, Schema } from "@autorest/codemodel";
import { Code } from "./code.js";
import { allProperties, isConstant, isObject, isSecret, stringRules, wirePath } from "./codeModel.js";
import { containerLocalName, deserializerName, member, propertyName, serializerName, typeName } from "./naming.js";
import { appendToPath, fromWire, rulesLiteral, toWire, type WireImports } from "./wire.js";

const MODELS = "./models.js";
const VALIDATION = "./runtime/validation.js";
const RESPONSES = "./runtime/responses.js";

/** This file's own functions are called by name; runtime ones are imported. */
const importsFrom = (code: Code): WireImports => ({
  serialization: (name) => name,
  runtime: (module, name) => code.use(`./runtime/${module}`, name),
});

export function emitSerializers(modelsToRead: Schema[], modelsToWrite: Schema[]): string {
  const code = new Code();
  code.line();
  code.doc("Applies `convert` to every value of a JSON object.");
  code.block("export function mapValues(source: any, convert: (item: any, key: string) => unknown): any {", () => {
    code.line("const result: any = {};");
    code.line("for (const name of Object.keys(source)) result[name] = source[name] == null ? source[name] : convert(source[name], name);");
    code.line("return result;");
  });
  for (const schema of modelsToRead) if (isObject(schema)) emitDeserializer(code, schema);
  for (const schema of modelsToWrite) if (isObject(schema)) emitSerializer(code, schema);
  return code.toString();
}

function emitDeserializer(code: Code, schema: ObjectSchema): void {
  code.line();
  code.block(`export function ${deserializerName(schema)}(raw: any): ${code.useType(MODELS, typeName(schema))} {`, () => {
    code.line("const result: any = {};");
    code.line("let value: any;");
    // Each container of flattened properties ("properties") is read once and checked as a nested
    // model is: a string or an array there would otherwise give a model with those members missing.
    const containers = new Map<string, string>();
    const containerOf = (path: string[]): string => {
      if (path.length === 0) return "raw";
      const key = JSON.stringify(path);
      let local = containers.get(key);
      if (local === undefined) {
        const parent = containerOf(path.slice(0, -1));
        local = containerLocalName(path);
        code.line(`const ${local} = ${code.use(RESPONSES, "optionalObject")}(${member(parent, path.at(-1)!, parent !== "raw")});`);
        containers.set(key, local);
      }
      return local;
    };
    for (const property of allProperties(schema)) {
      const path = wirePath(property);
      const container = containerOf(path.slice(0, -1));
      const access = member(container, path.at(-1)!, container !== "raw");
      const converted = fromWire(property.schema, "value", importsFrom(code)) ?? "value";
      code.line(`if ((value = ${access}) != null) ${member("result", propertyName(property))} = ${converted};`);
    }
    code.line("return result;");
  });
}

interface WireNode {
  readonly properties: Property[];
  readonly children: Map<string, WireNode>;
}

function emitSerializer(code: Code, schema: ObjectSchema): void {
  // Build the nesting of the wire object: flattened properties go back under their containers.
  const root: WireNode = { properties: [], children: new Map() };
  for (const property of allProperties(schema)) {
    if (property.readOnly) continue;
    const path = wirePath(property);
    let node = root;
    for (const name of path.slice(0, -1)) {
      let child = node.children.get(name);
      if (!child) node.children.set(name, (child = { properties: [], children: new Map() }));
      node = child;
    }
    node.properties.push(property);
  }
  code.line();
  code.block(`export function ${serializerName(schema)}(model: ${code.useType(MODELS, typeName(schema))}, path: string): any {`, () => {
    let counter = 0;
    const emitNode = (node: WireNode, target: string): void => {
      code.line(`const ${target}: any = {};`);
      for (const property of node.properties) {
        const destination = member(target, wirePath(property).at(-1)!);
        if (isConstant(property.schema)) {
          code.line(`${destination} = ${JSON.stringify(property.schema.value.value)};`);
          continue;
        }
        const source = member("model", propertyName(property));
        const path = appendToPath("path", `.${propertyName(property)}`);
        if (property.required) code.line(`if (${source} == null) ${code.use(VALIDATION, "checkRequired")}(${path}, ${source});`);
        const rules = stringRules(property.schema);
        if (rules) {
          const literal = rulesLiteral(rules, { secret: isSecret(property) });
          code.line(`if (typeof ${source} === "string") ${code.use(VALIDATION, "checkStringRules")}(${path}, ${source}, ${literal});`);
        }
        const converted = toWire(property.schema, source, path, importsFrom(code));
        if (converted === undefined) code.line(`if (${source} !== undefined) ${destination} = ${source};`);
        else code.line(`if (${source} !== undefined) ${destination} = ${source} === null ? null : ${converted};`);
      }
      for (const [name, child] of node.children) {
        const childTarget = `nested${++counter}`;
        emitNode(child, childTarget);
        code.line(`if (Object.keys(${childTarget}).length > 0) ${member(target, name)} = ${childTarget};`);
      }
    };
    emitNode(root, "result");
    code.line("return result;");
  });
}
