// How values cross the wire: expressions that convert a JSON value to the model (dates to Date,
// nested models through their deserializer) and back, and the spec's string rules as literals for
// the runtime's checks. Each returns code as text; the caller decides where it goes, and says
// through WireImports how a function the expression calls is reached from there.
import { SchemaType, type Schema } from "@autorest/codemodel";
import { isArray, isDate, isDictionary, isObject, type StringRulesData } from "./codeModel.js";
import { deserializerName, serializerName } from "./naming.js";

/** How the emitting file reaches the functions a conversion calls; each returns the name to use. */
export interface WireImports {
  /** A function of serialization.ts: a (de)serializer, or mapValues. */
  serialization(name: string): string;
  /** A function of a runtime module (`dates.js`, `responses.js`). */
  runtime(module: string, name: string): string;
}

/** An expression converting `value` (known not to be null) from the wire, or undefined if none is needed. */
export function fromWire(schema: Schema, value: string, imports: WireImports): string | undefined {
  // A nested model is checked like the top one: read from a string or an array, it would come out empty.
  if (isObject(schema)) return `${imports.serialization(deserializerName(schema))}(${imports.runtime("responses.js", "asObject")}(${value}))`;
  if (schema.type === SchemaType.UnixTime) return `new Date(${value} * 1000)`;
  if (schema.type === SchemaType.DateTime) return `${imports.runtime("dates.js", "parseDateTime")}(${value})`;
  if (isDate(schema)) return `new Date(${value})`;
  if (isArray(schema)) {
    const item = fromWire(schema.elementType, "item", imports);
    return item === undefined ? undefined : `${value}.map((item: any) => ${item})`;
  }
  if (isDictionary(schema)) {
    const item = fromWire(schema.elementType, "item", imports);
    return item === undefined ? undefined : `${imports.serialization("mapValues")}(${value}, (item: any) => ${item})`;
  }
  return undefined;
}

/**
 * A function reading an answer's value of this schema: a model's deserializer wrapped by the
 * runtime's model(), which refuses anything but a JSON object; else the wire conversion, if any.
 */
export function fromWireFunction(schema: Schema, imports: WireImports, argument = "raw"): string {
  if (isObject(schema)) return `${imports.runtime("responses.js", "model")}(${imports.serialization(deserializerName(schema))})`;
  const converted = fromWire(schema, argument, imports);
  return converted ? `(${argument}: any) => ${converted}` : `(${argument}: unknown) => ${argument}`;
}

/**
 * An expression converting `value` (known not to be null) to the wire, or undefined if none is
 * needed. `path` is a TypeScript expression for the value's name in error messages
 * (e.g. "`${path}.sku`"); object serializers check their properties' rules against it.
 */
export function toWire(schema: Schema, value: string, path: string, imports: WireImports, depth = 0): string | undefined {
  if (isObject(schema)) return `${imports.serialization(serializerName(schema))}(${value}, ${path})`;
  if (schema.type === SchemaType.UnixTime) return `Math.floor(${value}.getTime() / 1000)`;
  if (schema.type === SchemaType.Date) return `${value}.toISOString().slice(0, 10)`;
  if (isDate(schema)) return `${value}.toISOString()`;
  if (isArray(schema) || isDictionary(schema)) {
    // Items are named by index or key; the name is only used when the item is an object.
    const at = `at${depth}`;
    const itemPath = appendToPath(path, isArray(schema) ? `[\${${at}}]` : `[\${JSON.stringify(${at})}]`);
    const item = toWire(schema.elementType, "item", itemPath, imports, depth + 1);
    if (item === undefined) return undefined;
    const parameters = item.includes(at) ? `(item: any, ${at}: ${isArray(schema) ? "number" : "string"})` : "(item: any)";
    return isArray(schema) ? `${value}.map(${parameters} => ${item})` : `${imports.serialization("mapValues")}(${value}, ${parameters} => ${item})`;
  }
  return undefined;
}

/** A template literal naming `path` (an expression: a template literal, a string literal or a variable) plus `suffix`. */
export function appendToPath(path: string, suffix: string): string {
  const inner = path.startsWith("`") ? path.slice(1, -1) : path.startsWith('"') ? (JSON.parse(path) as string).replace(/[`\\$]/g, "\\$&") : `\${${path}}`;
  return `\`${inner}${suffix}\``;
}

/** String rules as an object literal for the runtime's checks (StringRules), with `extra` flags. */
export function rulesLiteral(rules: StringRulesData | undefined, extra: { uuid?: boolean; secret?: boolean } = {}): string {
  const parts: string[] = [];
  if (rules?.minLength !== undefined) parts.push(`minLength: ${rules.minLength}`);
  if (rules?.maxLength !== undefined) parts.push(`maxLength: ${rules.maxLength}`);
  if (rules?.pattern !== undefined) parts.push(`pattern: /${rules.pattern.replace(/\//g, "\\/")}/`);
  if (extra.uuid) parts.push("uuid: true");
  if (extra.secret) parts.push("secret: true");
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}
