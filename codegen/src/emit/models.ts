// Emits models.ts: interfaces for object schemas, KnownX enums and string types for choices,
// and each operation's options and response types.
import { SchemaType, type ChoiceSchema, type ObjectSchema, type OperationGroup, type Property, type Schema } from "@autorest/codemodel";
import { Code } from "./code.js";
import { bodyParameter, isArray, isChoice, isConstant, isDictionary, isLro, isObject, isSecret, optionalParameters, paging, responseSchema } from "./codeModel.js";
import { groupPropertyName, key, methodName, operationTypeName, parameterName, pascalCase, propertyName, tsType, typeName } from "./naming.js";

export function emitModels(schemas: Schema[], groups: OperationGroup[]): string {
  const code = new Code();
  const uses = firstUses(schemas, groups);
  for (const schema of schemas) {
    code.line();
    if (isObject(schema)) emitInterface(code, schema, uses);
    else if (isChoice(schema)) emitChoice(code, schema as ChoiceSchema);
  }
  for (const group of groups) {
    for (const operation of group.operations) {
      code.line();
      const base = isLro(operation) ? code.useType("./runtime/lro.js", "LroOptions") : code.useType("@azure/core-client", "OperationOptions");
      const method = `${groupPropertyName(group)}.${methodName(operation, isLro(operation))}`;
      code.doc(`Optional parameters of ${method}.`);
      const optional = optionalParameters(operation);
      const options = operationTypeName(group, operation, "OptionalParams");
      if (optional.length === 0) {
        code.line(`export interface ${options} extends ${base} {}`);
      } else {
        code.block(`export interface ${options} extends ${base} {`, () => {
          for (const p of optional) {
            code.doc(p.language.default.description);
            code.line(`${parameterName(p)}?: ${tsType(p.schema)};`);
          }
        });
      }
      const response = responseSchema(operation);
      if (response && !paging(operation)) {
        code.line();
        code.doc(`The result of ${method}.`);
        code.line(`export type ${operationTypeName(group, operation, "Response")} = ${tsType(response)};`);
      }
    }
  }
  return code.toString();
}

/** The schema itself, or the items of an array or the values of a dictionary. */
const itemSchema = (schema: Schema): Schema => (isArray(schema) || isDictionary(schema) ? schema.elementType : schema);

/**
 * For each schema, the first place it is used (a model property or an operation's body), described,
 * so a model the spec leaves undescribed is still documented by what it is for.
 */
function firstUses(schemas: Schema[], groups: OperationGroup[]): Map<Schema, string> {
  const uses = new Map<Schema, string>();
  const note = (schema: Schema, use: string, description: string | undefined) => {
    const target = itemSchema(schema);
    if (!uses.has(target)) uses.set(target, description ? `${use}: ${description}` : `${use}.`);
  };
  for (const group of groups) {
    for (const operation of group.operations) {
      const body = bodyParameter(operation);
      if (body) note(body.schema, `The request body of \`${groupPropertyName(group)}.${methodName(operation, isLro(operation))}\``, body.language.default.description);
    }
  }
  for (const schema of schemas.filter(isObject)) {
    for (const property of schema.properties ?? []) {
      note(property.schema, `The type of {@link ${typeName(schema)}.${propertyName(property)}}`, property.language.default.description);
    }
  }
  return uses;
}

/** A property the spec leaves undescribed is described by its type. */
function propertyFallback(property: Property): string {
  const schema = property.schema;
  const item = itemSchema(schema);
  const named = isObject(item) || isChoice(item) ? `{@link ${typeName(item)}}` : `\`${tsType(item)}\``;
  const what = isArray(schema) ? `A list of ${named}` : isDictionary(schema) ? `A map of names to ${named}` : `A ${named}`;
  const description = item.language.default.description;
  return description ? `${what}: ${description}` : `${what}.`;
}

function emitInterface(code: Code, schema: ObjectSchema, uses: Map<Schema, string>): void {
  const parents = (schema.parents?.immediate ?? []).filter(isObject).map(typeName);
  code.doc(schema.language.default.description || uses.get(schema));
  const heritage = parents.length ? ` extends ${parents.join(", ")}` : "";
  code.block(`export interface ${typeName(schema)}${heritage} {`, () => {
    for (const property of schema.properties ?? []) {
      const readonly = property.readOnly ? "readonly " : "";
      const optional = property.required && !isConstant(property.schema) ? "" : "?";
      const notes = [property.language.default.description || propertyFallback(property)];
      if (property.readOnly) notes.push("Set by the service; never sent in requests.");
      if (isConstant(property.schema)) notes.push("Always sent with this value.");
      if (isSecret(property)) notes.push("A secret: the SDK never puts it in a log line, an error message or a serialized poller; keep it out of yours.");
      code.doc(...notes);
      code.line(`${readonly}${key(propertyName(property))}${optional}: ${tsType(property.schema)};`);
    }
  });
}

function emitChoice(code: Code, schema: ChoiceSchema): void {
  const name = typeName(schema);
  const values = schema.choices.map((c) => JSON.stringify(c.value));
  const open = schema.type === SchemaType.Choice;
  code.doc(`Values of {@link ${name}} known to this version of the SDK.`);
  code.block(`export enum Known${name} {`, () => {
    for (const choice of schema.choices) {
      // The spec describes few values; a member still says what it stands for on the wire.
      code.doc(choice.language.default.description || `Sent and received as ${JSON.stringify(choice.value)}.`);
      code.line(`${pascalCase(choice.language.default.name)} = ${JSON.stringify(choice.value)},`);
    }
  });
  code.line();
  code.doc(
    schema.language.default.description,
    open
      ? `The service may send values this SDK does not know yet; they pass through unchanged. Known values: ${values.join(", ")}.`
      : undefined,
  );
  code.line(`export type ${name} = ${values.join(" | ")}${open ? " | (string & {})" : ""};`);
}
