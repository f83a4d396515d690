// Where the spec's x-ms-secret values sit in wire JSON, for the runtime to redact them from errors:
// [the key holding the object, the secret's key], e.g. ["passwords", "value"] for TokenPassword.
import type { Schema } from "@autorest/codemodel";
import { allProperties, isArray, isDictionary, isObject, isSecret, wirePath } from "./schemas.js";

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
  return [...pairs.values()].sort((a, b) => a.join("/").localeCompare(b.join("/")));
}
