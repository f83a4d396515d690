// How code-model schemas map to TypeScript types, and which schemas an operation set reaches.
import {
  SchemaType,
  type ArraySchema,
  type ChoiceSchema,
  type CodeModel,
  type ConstantSchema,
  type DictionarySchema,
  type ObjectSchema,
  type Operation,
  type OperationGroup,
  type Parameter,
  type Property,
  type Schema,
  type SchemaResponse,
  type SealedChoiceSchema,
  type StringSchema,
} from "@autorest/codemodel";
import { camelCase, pascalCase } from "./naming.js";

export const typeName = (schema: Schema): string => pascalCase(schema.language.default.name);
export const propertyName = (property: Property): string => camelCase(property.language.default.name);

export const isObject = (s: Schema): s is ObjectSchema => s.type === SchemaType.Object;
export const isArray = (s: Schema): s is ArraySchema => s.type === SchemaType.Array;
export const isDictionary = (s: Schema): s is DictionarySchema => s.type === SchemaType.Dictionary;
export const isChoice = (s: Schema): s is ChoiceSchema | SealedChoiceSchema =>
  s.type === SchemaType.Choice || s.type === SchemaType.SealedChoice;
export const isConstant = (s: Schema): s is ConstantSchema => s.type === SchemaType.Constant;
export const isDate = (s: Schema): boolean =>
  s.type === SchemaType.DateTime || s.type === SchemaType.Date || s.type === SchemaType.UnixTime;

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

/** Every property of an object schema, inherited ones first, each wire path once. */
export function allProperties(schema: ObjectSchema): Property[] {
  const result: Property[] = [];
  const seen = new Set<string>();
  const add = (s: ObjectSchema) => {
    for (const parent of s.parents?.immediate ?? []) if (isObject(parent)) add(parent);
    for (const p of s.properties ?? []) {
      const path = wirePath(p).join("/");
      if (!seen.has(path)) {
        seen.add(path);
        result.push(p);
      }
    }
  };
  add(schema);
  return result;
}

/** Where a property sits in the JSON: `["properties", "scopeMapId"]` for a flattened one. */
export function wirePath(property: Property): string[] {
  return property.flattenedNames?.length ? property.flattenedNames : [property.serializedName];
}

export const httpIn = (p: Parameter): string | undefined => (p.protocol.http as { in?: string } | undefined)?.in;

export function selectedGroups(codeModel: CodeModel, names: readonly string[] | undefined): OperationGroup[] {
  if (!names || names.length === 0) return codeModel.operationGroups;
  const byKey = new Map(codeModel.operationGroups.map((g) => [g.$key.toLowerCase(), g]));
  return names.map((name) => {
    const group = byKey.get(name.toLowerCase());
    if (!group) {
      const known = codeModel.operationGroups.map((g) => g.$key).join(", ");
      throw new Error(`acr-tokens-emitter: operation group "${name}" is not in the spec (it has: ${known})`);
    }
    return group;
  });
}

export function bodyParameter(operation: Operation): Parameter | undefined {
  return operation.requests?.[0]?.parameters?.find((p) => httpIn(p) === "body");
}

export function responseSchema(operation: Operation): Schema | undefined {
  return (operation.responses ?? []).map((r) => (r as SchemaResponse).schema).find((s) => s !== undefined);
}

export interface Paging {
  readonly itemName: string;
  readonly nextLinkName: string | undefined;
  readonly itemSchema: Schema;
}

export function paging(operation: Operation): Paging | undefined {
  const pageable = operation.extensions?.["x-ms-pageable"] as { nextLinkName?: string | null; itemName?: string } | undefined;
  if (!pageable) return undefined;
  const list = responseSchema(operation);
  const itemName = pageable.itemName ?? "value";
  const items = list && isObject(list) ? allProperties(list).find((p) => p.serializedName === itemName) : undefined;
  if (!items || !isArray(items.schema)) {
    throw new Error(`acr-tokens-emitter: ${operation.operationId} is pageable but its answer has no array "${itemName}"`);
  }
  return { itemName, nextLinkName: pageable.nextLinkName ?? undefined, itemSchema: items.schema.elementType };
}

/** Schemas reachable from the given roots through properties, parents, elements and values. */
export function reachable(roots: Iterable<Schema>): Set<Schema> {
  const seen = new Set<Schema>();
  const visit = (s: Schema | undefined) => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    if (isObject(s)) {
      for (const parent of s.parents?.all ?? []) visit(parent);
      for (const p of s.properties ?? []) visit(p.schema);
    } else if (isArray(s) || isDictionary(s)) {
      visit(s.elementType);
    }
  };
  for (const root of roots) visit(root);
  return seen;
}

export const byName = <T extends Schema>(a: T, b: T) => typeName(a).localeCompare(typeName(b));

/** A property the spec (or a directive in swagger/README.md) marks `x-ms-secret`. */
export const isSecret = (property: Property): boolean =>
  !!(property.extensions?.["x-ms-secret"] || property.schema.extensions?.["x-ms-secret"]);

/** Whether a value of this schema can carry a secret anywhere inside it. */
export function reachesSecret(schema: Schema): boolean {
  return [...reachable([schema])].some((s) => isObject(s) && (s.properties ?? []).some(isSecret));
}

/**
 * A string schema's length and pattern rules, plus `extra` ones, as an object literal for the
 * runtime's checks (checkString, checkStringRules); undefined when there are none.
 */
export function stringRulesLiteral(schema: Schema, extra: readonly string[] = []): string | undefined {
  const { minLength, maxLength, pattern } = schema as StringSchema;
  const rules: string[] = [];
  if (minLength !== undefined) rules.push(`minLength: ${minLength}`);
  if (maxLength !== undefined) rules.push(`maxLength: ${maxLength}`);
  if (pattern !== undefined) rules.push(`pattern: /${pattern.replace(/\//g, "\\/")}/`);
  rules.push(...extra);
  return rules.length ? `{ ${rules.join(", ")} }` : undefined;
}
