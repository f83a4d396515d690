// Identifier conventions of the emitted TypeScript.

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

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  const camel = pascal.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|^[A-Z]/, (m) => m.toLowerCase());
  return RESERVED.has(camel) ? `${camel}Param` : camel;
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
