// Emits serialization.ts: one direct function per model and direction, written out at build time
// so no mapper is interpreted per request. Deserializers copy known properties (flattened ones
// from their nested wire path), turn dates into Date and skip nulls; serializers leave out
// read-only properties, fill in constants, nest flattened properties again and refuse a missing
// required property or a string breaking the spec's rules, naming it by `path` (e.g.
// "registry.sku.name"), so bad input fails before any request.
import { SchemaType, type ObjectSchema, type Property, type Schema, type StringSchema } from "@autorest/codemodel";
import { Code } from "./code.js";
import { member } from "./naming.js";
import { allProperties, isArray, isConstant, isDate, isDictionary, isObject, isSecret, propertyName, stringRulesLiteral, typeName, wirePath } from "./schemas.js";

export const deserializerName = (schema: Schema) => `deserialize${typeName(schema)}`;
export const serializerName = (schema: Schema) => `serialize${typeName(schema)}`;

/** An expression converting `value` (known not to be null) from the wire, or undefined if none is needed. */
export function fromWire(schema: Schema, value: string): string | undefined {
  if (isObject(schema)) return `${deserializerName(schema)}(${value})`;
  if (schema.type === SchemaType.UnixTime) return `new Date(${value} * 1000)`;
  if (isDate(schema)) return `new Date(${value})`;
  if (isArray(schema)) {
    const item = fromWire(schema.elementType, "item");
    return item === undefined ? undefined : `${value}.map((item: any) => ${item})`;
  }
  if (isDictionary(schema)) {
    const item = fromWire(schema.elementType, "item");
    return item === undefined ? undefined : `mapValues(${value}, (item: any) => ${item})`;
  }
  return undefined;
}

/**
 * An expression converting `value` (known not to be null) to the wire, or undefined if none is
 * needed. `path` is a TypeScript expression for the value's name in error messages
 * (e.g. "`${path}.sku`"); object serializers check their properties' rules against it.
 */
export function toWire(schema: Schema, value: string, path: string, depth = 0): string | undefined {
  if (isObject(schema)) return `${serializerName(schema)}(${value}, ${path})`;
  if (schema.type === SchemaType.UnixTime) return `Math.floor(${value}.getTime() / 1000)`;
  if (schema.type === SchemaType.Date) return `${value}.toISOString().slice(0, 10)`;
  if (isDate(schema)) return `${value}.toISOString()`;
  if (isArray(schema) || isDictionary(schema)) {
    // Items are named by index or key; the name is only used when the item is an object.
    const at = `at${depth}`;
    const itemPath = appendToPath(path, isArray(schema) ? `[\${${at}}]` : `[\${JSON.stringify(${at})}]`);
    const item = toWire(schema.elementType, "item", itemPath, depth + 1);
    if (item === undefined) return undefined;
    const parameters = item.includes(at) ? `(item: any, ${at}: ${isArray(schema) ? "number" : "string"})` : "(item: any)";
    return isArray(schema) ? `${value}.map(${parameters} => ${item})` : `mapValues(${value}, ${parameters} => ${item})`;
  }
  return undefined;
}

/** A template literal naming `path` (an expression: a template literal, a string literal or a variable) plus `suffix`. */
function appendToPath(path: string, suffix: string): string {
  const inner = path.startsWith("`") ? path.slice(1, -1) : path.startsWith('"') ? (JSON.parse(path) as string).replace(/[`\\$]/g, "\\$&") : `\${${path}}`;
  return `\`${inner}${suffix}\``;
}

/** The spec's string rules of a property, as the argument of checkStringRules(), or undefined if none. */
function stringRules(property: Property): string | undefined {
  const { type, minLength, maxLength, pattern } = property.schema as StringSchema;
  if (type !== SchemaType.String || (minLength === undefined && maxLength === undefined && pattern === undefined)) return undefined;
  return stringRulesLiteral(property.schema, isSecret(property) ? ["secret: true"] : []);
}

export function emitSerializers(modelsToRead: Schema[], modelsToWrite: Schema[]): string {
  const code = new Code();
  const types = [...new Set([...modelsToRead, ...modelsToWrite].map(typeName))].sort();
  if (types.length) code.line(`import type { ${types.join(", ")} } from "./models.js";`);
  const body = new Code();
  for (const schema of modelsToRead) if (isObject(schema)) emitDeserializer(body, schema);
  for (const schema of modelsToWrite) if (isObject(schema)) emitSerializer(body, schema);
  const bodyText = body.toString(false);
  const checks = ["checkRequired", "checkStringRules"].filter((name) => bodyText.includes(`${name}(`));
  if (checks.length) code.line(`import { ${checks.join(", ")} } from "./runtime/validation.js";`);
  code.line();
  code.doc("Applies `convert` to every value of a JSON object.");
  code.block("function mapValues(source: any, convert: (item: any, key: string) => unknown): any {", () => {
    code.line("const result: any = {};");
    code.line("for (const name of Object.keys(source)) result[name] = source[name] == null ? source[name] : convert(source[name], name);");
    code.line("return result;");
  });
  return code.toString() + "\n" + bodyText;
}

function emitDeserializer(code: Code, schema: ObjectSchema): void {
  code.line();
  code.block(`export function ${deserializerName(schema)}(raw: any): ${typeName(schema)} {`, () => {
    code.line("const result: any = {};");
    code.line("let value: any;");
    for (const property of allProperties(schema)) {
      const path = wirePath(property);
      const access = path.reduce((base, name, i) => member(base, name, i > 0), "raw");
      const converted = fromWire(property.schema, "value") ?? "value";
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
  code.block(`export function ${serializerName(schema)}(model: ${typeName(schema)}, path: string): any {`, () => {
    let counter = 0;
    const emitNode = (node: WireNode, target: string): void => {
      code.line(`const ${target}: any = {};`);
      for (const property of node.properties) {
        const wireName = wirePath(property).at(-1)!;
        const destination = member(target, wireName);
        if (isConstant(property.schema)) {
          code.line(`${destination} = ${JSON.stringify(property.schema.value.value)};`);
          continue;
        }
        const source = member("model", propertyName(property));
        const path = appendToPath("path", `.${propertyName(property)}`);
        if (property.required) code.line(`if (${source} == null) checkRequired(${path}, ${source});`);
        const rules = stringRules(property);
        if (rules) code.line(`if (typeof ${source} === "string") checkStringRules(${path}, ${source}, ${rules});`);
        const converted = toWire(property.schema, source, path);
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
