// Questions the emitters ask of modelerfour's code model: what a schema is, which properties and
// parameters an operation has, how it pages or polls, which rules the spec sets. No output here.
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
import { parameterName, typeName } from "./naming.js";

export const isObject = (s: Schema): s is ObjectSchema => s.type === SchemaType.Object;
export const isArray = (s: Schema): s is ArraySchema => s.type === SchemaType.Array;
export const isDictionary = (s: Schema): s is DictionarySchema => s.type === SchemaType.Dictionary;
export const isChoice = (s: Schema): s is ChoiceSchema | SealedChoiceSchema =>
  s.type === SchemaType.Choice || s.type === SchemaType.SealedChoice;
export const isConstant = (s: Schema): s is ConstantSchema => s.type === SchemaType.Constant;
export const isDate = (s: Schema): boolean =>
  s.type === SchemaType.DateTime || s.type === SchemaType.Date || s.type === SchemaType.UnixTime;

export const byName = <T extends Schema>(a: T, b: T) => typeName(a) < typeName(b) ? -1 : typeName(a) > typeName(b) ? 1 : 0;

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

/** A property the spec (or a directive in swagger/README.md) marks `x-ms-secret`. */
export const isSecret = (property: Property): boolean =>
  !!(property.extensions?.["x-ms-secret"] || property.schema.extensions?.["x-ms-secret"]);

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

/** Whether a value of this schema can carry a secret anywhere inside it. */
export function reachesSecret(schema: Schema): boolean {
  return [...reachable([schema])].some((s) => isObject(s) && (s.properties ?? []).some(isSecret));
}

/**
 * Where the spec's x-ms-secret values sit in wire JSON, for the runtime to redact them from errors:
 * [the key holding the object, the secret's key], e.g. ["passwords", "value"] for TokenPassword.
 */
export function secretFields(models: readonly Schema[]): Array<[string, string]> {
  const pairs = new Map<string, [string, string]>();
  for (const model of models.filter(isObject)) {
    for (const property of allProperties(model)) {
      const held = isArray(property.schema) || isDictionary(property.schema) ? property.schema.elementType : property.schema;
      if (!isObject(held)) continue;
      const container = wirePath(property).at(-1)!;
      for (const secret of allProperties(held).filter(isSecret)) {
        const field = wirePath(secret).at(-1)!;
        pairs.set(`${container}/${field}`, [container, field]);
      }
    }
  }
  return [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pair]) => pair);
}

/** A string schema's length and pattern rules; undefined when it has none (or is not a string). */
export interface StringRulesData {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

export function stringRules(schema: Schema): StringRulesData | undefined {
  if (schema.type !== SchemaType.String && schema.type !== SchemaType.Uuid) return undefined;
  const { minLength, maxLength, pattern } = schema as StringSchema;
  if (minLength === undefined && maxLength === undefined && pattern === undefined) return undefined;
  return { minLength, maxLength, pattern };
}

export const isUuid = (schema: Schema): boolean => schema.type === SchemaType.Uuid;

// Operations.

export const httpIn = (p: Parameter): string | undefined => (p.protocol.http as { in?: string } | undefined)?.in;
export const isClientParameter = (p: Parameter): boolean => p.implementation === "Client";
export const isLro = (operation: Operation): boolean => !!operation.extensions?.["x-ms-long-running-operation"];

export type FinalStateVia = "azure-async-operation" | "location" | "original-uri";

export function finalStateVia(operation: Operation): FinalStateVia | undefined {
  const options = operation.extensions?.["x-ms-long-running-operation-options"] as { "final-state-via"?: FinalStateVia } | undefined;
  return options?.["final-state-via"];
}

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

/** Parameters callers may leave out: they go in the options bag. */
export function optionalParameters(operation: Operation): Parameter[] {
  const all = [...(operation.parameters ?? []), ...(operation.requests?.[0]?.parameters ?? [])];
  return all.filter((p) => !p.required && !isClientParameter(p) && ["query", "body", "path"].includes(httpIn(p) ?? ""));
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

export interface OperationShape {
  readonly operation: Operation;
  readonly method: string;
  /** Every parameter, the client's included. */
  readonly parameters: Parameter[];
  /** The required parameters of the method, in order. */
  readonly signature: Parameter[];
  readonly body: Parameter | undefined;
  readonly path: string;
  readonly uri: string;
  readonly expectedStatus: number[];
}

export function operationShape(operation: Operation): OperationShape {
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
  const http = request!.protocol.http as unknown as { method: string; path: string; uri: string };
  const expectedStatus = (operation.responses ?? [])
    .flatMap((r) => (r.protocol.http as unknown as { statusCodes: string[] }).statusCodes)
    .filter((s) => s !== "default")
    .map(Number);
  return { operation, method: http.method.toUpperCase(), parameters, signature, body: bodyParameter(operation), path: http.path, uri: http.uri, expectedStatus };
}

/**
 * The path parameters of every operation in the spec (not only the exposed groups: the helpers
 * check names such as a connected registry's too), one per name, sorted. Two operations giving
 * one name different rules would make one constant wrong, so that stops the run.
 */
export function pathParameters(codeModel: CodeModel): Parameter[] {
  const byName = new Map<string, Parameter>();
  const consider = (p: Parameter, where: string) => {
    if (httpIn(p) !== "path" || p.language.default.serializedName === "$host") return;
    const name = parameterName(p);
    const known = byName.get(name);
    if (!known) byName.set(name, p);
    else if (JSON.stringify(stringRules(known.schema)) !== JSON.stringify(stringRules(p.schema))) {
      throw new Error(`acr-tokens-emitter: path parameter "${name}" has different rules in ${where}`);
    }
  };
  for (const p of codeModel.globalParameters ?? []) consider(p, "the global parameters");
  for (const group of codeModel.operationGroups) {
    for (const operation of group.operations) {
      for (const p of operationShape(operation).parameters) consider(p, operation.operationId ?? group.$key);
    }
  }
  return [...byName.values()].sort((a, b) => (parameterName(a) < parameterName(b) ? -1 : 1));
}
