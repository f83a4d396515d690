// Every name the emitted TypeScript uses: identifiers, types, files, methods, helpers. Emitters ask
// here and nowhere else, so one spec name always becomes one TypeScript name.
import {
  SchemaType,
  type ArraySchema,
  type CodeModel,
  type ConstantSchema,
  type DictionarySchema,
  type Operation,
  type OperationGroup,
  type Parameter,
  type Property,
  type Schema,
} from "@autorest/codemodel";

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
]);

function words(name: string): string[] {
  return name
    .replace(/[^A-Za-z0-9]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

export function pascalCase(name: string): string {
  const result = words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

/** An identifier for a variable or parameter: a leading acronym is lowered whole (`IPRule` → `ipRule`). */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  const camel = pascal.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|^[A-Z]/, (m) => m.toLowerCase());
  return RESERVED.has(camel) ? `${camel}Param` : camel;
}

/**
 * A model property's name: only the first letter is lowered (`IPAddressOrRange` →
 * `iPAddressOrRange`), which is how @azure/arm-containerregistry names them; users moving from
 * it keep their property names.
 */
export function memberCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property access that works for any wire name (`a.b` or `a["@odata.type"]`). */
export function member(base: string, name: string, optional = false): string {
  if (IDENTIFIER.test(name)) return `${base}${optional ? "?." : "."}${name}`;
  return `${base}${optional ? "?." : ""}[${JSON.stringify(name)}]`;
}

/** A property key in an object literal or interface. */
export function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

// Names of code-model things.

export const clientClassName = (codeModel: CodeModel): string => codeModel.language.default.name;
export const clientFileName = (codeModel: CodeModel): string => camelCase(clientClassName(codeModel));

export const typeName = (schema: Schema): string => pascalCase(schema.language.default.name);
export const propertyName = (property: Property): string => memberCase(property.language.default.name);
export const parameterName = (parameter: Parameter): string => camelCase(parameter.language.default.name);

/** The interface users type fakes by (`Tokens`), as in @azure/arm-containerregistry. */
export const groupInterfaceName = (group: OperationGroup): string => pascalCase(group.$key);
/** The internal class implementing it. */
export const groupClassName = (group: OperationGroup): string => `${pascalCase(group.$key)}Operations`;
export const groupFileName = (group: OperationGroup): string => camelCase(group.$key);
export const groupPropertyName = (group: OperationGroup): string => camelCase(group.$key);

/** The method users call: `get`, `list`, or `beginCreate` for a long-running operation (codeModel.isLro). */
export function methodName(operation: Operation, longRunning: boolean): string {
  const name = operation.language.default.name;
  return longRunning ? `begin${pascalCase(name)}` : camelCase(name);
}

/** `TokensGetOptionalParams`, `TokensGetResponse`. */
export const operationTypeName = (group: OperationGroup, operation: Operation, suffix: "OptionalParams" | "Response"): string =>
  `${pascalCase(group.$key)}${pascalCase(operation.language.default.name)}${suffix}`;

export const deserializerName = (schema: Schema): string => `deserialize${typeName(schema)}`;
/** A deserializer's local for a container of flattened properties at this wire path: `inProperties`. */
export const containerLocalName = (path: readonly string[]): string => `in${path.map(pascalCase).join("")}`;
export const serializerName = (schema: Schema): string => `serialize${typeName(schema)}`;

/** The constant in parameters.ts holding a path parameter's rules (`tokenNameRules`). */
export const rulesConstantName = (parameter: Parameter): string => `${parameterName(parameter)}Rules`;

/** The TypeScript type of a value of this schema, as users see it. */
export function tsType(schema: Schema): string {
  switch (schema.type) {
    case SchemaType.Object:
    case SchemaType.Choice:
    case SchemaType.SealedChoice:
      return typeName(schema);
    case SchemaType.Array: {
      const element = tsType((schema as ArraySchema).elementType);
      return /[ |&]/.test(element) ? `(${element})[]` : `${element}[]`;
    }
    case SchemaType.Dictionary:
      return `{ [propertyName: string]: ${tsType((schema as DictionarySchema).elementType)} }`;
    case SchemaType.Constant:
      return JSON.stringify((schema as ConstantSchema).value.value);
    case SchemaType.DateTime:
    case SchemaType.Date:
    case SchemaType.UnixTime:
      return "Date";
    case SchemaType.Boolean:
      return "boolean";
    case SchemaType.Integer:
    case SchemaType.Number:
      return "number";
    case SchemaType.AnyObject:
      return "Record<string, unknown>";
    case SchemaType.Any:
      return "unknown";
    default:
      // string, uuid, uri, duration (ISO 8601), arm-id, credential: carried as text.
      return "string";
  }
}

/** The model types a TypeScript type mentions (`Token[]` → `Token`), for imports. */
export function modelTypesIn(schema: Schema): string[] {
  switch (schema.type) {
    case SchemaType.Object:
    case SchemaType.Choice:
    case SchemaType.SealedChoice:
      return [typeName(schema)];
    case SchemaType.Array:
    case SchemaType.Dictionary:
      return modelTypesIn((schema as ArraySchema | DictionarySchema).elementType);
    default:
      return [];
  }
}
