// The spec's operations and path parameter rules, read from swagger/ (not from the generated code,
// so the property suites check the generator against the spec), and fast-check arbitraries for
// values that keep or break each rule.
import { readFileSync } from "node:fs";
import fc from "fast-check";

const SPEC = new URL(
  "../../swagger/specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/containerregistry.json",
  import.meta.url,
);

/** The operation groups swagger/README.md exposes, by their operationId prefix. */
const GROUPS = ["Tokens", "ScopeMaps", "Registries"];

export interface PathRule {
  readonly name: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

export interface SpecOperation {
  readonly operationId: string;
  /** `client.<group>.<method>` as the generated client names it. */
  readonly group: string;
  readonly method: string;
  /** The path template, e.g. `/subscriptions/{subscriptionId}/.../tokens/{tokenName}`. */
  readonly path: string;
  /** The method's path parameters, in signature order (the client-level subscriptionId left out). */
  readonly pathParameters: readonly PathRule[];
  readonly hasBody: boolean;
  /** The body parameter's name (as the spec's examples key it), if the operation has one. */
  readonly bodyName: string | undefined;
  /** The file names (without `.json`) of the operation's x-ms-examples. */
  readonly examples: readonly string[];
  readonly longRunning: boolean;
  readonly pageable: boolean;
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

// Each file is read and parsed once, however many $refs and callers reach it.
const documents = new Map<string, any>();
function loadJson(file: URL): any {
  let document = documents.get(file.href);
  if (document === undefined) documents.set(file.href, (document = JSON.parse(readFileSync(file, "utf8"))));
  return document;
}

function resolve(file: URL, ref: string): any {
  const [path, pointer] = ref.split("#");
  return pointer!.split("/").slice(1).reduce((node, key) => node[key], loadJson(path ? new URL(path, file) : file));
}

let operationsCache: SpecOperation[] | undefined;
export function specOperations(): SpecOperation[] {
  return (operationsCache ??= readOperations());
}

function readOperations(): SpecOperation[] {
  const spec = loadJson(SPEC);
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const operation of Object.values<any>(item)) {
      const [group, name] = String(operation.operationId ?? "").split("_");
      if (!GROUPS.includes(group!)) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: any) =>
        p.$ref ? resolve(SPEC, p.$ref) : p,
      );
      const longRunning = !!operation["x-ms-long-running-operation"];
      operations.push({
        operationId: operation.operationId,
        group: lowerFirst(group!),
        method: longRunning ? `begin${name}` : lowerFirst(name!),
        path,
        pathParameters: parameters
          .filter((p) => p.in === "path" && p["x-ms-parameter-location"] !== "client" && p.name !== "subscriptionId")
          .map((p) => ({ name: p.name, minLength: p.minLength, maxLength: p.maxLength, pattern: p.pattern })),
        hasBody: parameters.some((p) => p.in === "body"),
        bodyName: parameters.find((p) => p.in === "body")?.name,
        examples: Object.values<any>(operation["x-ms-examples"] ?? {}).map((e) => String(e.$ref).replace(/^.*\//, "").replace(/\.json$/, "")),
        longRunning,
        pageable: !!operation["x-ms-pageable"],
      });
    }
  }
  return operations;
}

// Characters to build names from: ASCII, and some that URLs, paths and Unicode make interesting.
const POOL = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), "é", "ß", "Ω", "中", "\u00a0", "\t", "\n", "\u0000", "😀"];
// Halves of a surrogate pair on their own: not text, and encodeURIComponent throws on them.
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"];

/**
 * The characters a pattern of the form ^[class]*$ or ^[class]+$ allows. The spec's name patterns
 * all have that form; anything else fails here so the suite is extended rather than fooled.
 */
export function allowedCharacters(rule: PathRule): { allowed: string[]; forbidden: string[] } {
  if (rule.pattern === undefined) return { allowed: POOL, forbidden: [] };
  if (!/^\^\[[^\]]+\][*+]\$$/.test(rule.pattern)) throw new Error(`pattern ${rule.pattern} of ${rule.name} is not a single character class`);
  const regex = new RegExp(rule.pattern);
  return { allowed: POOL.filter((c) => regex.test(c)), forbidden: POOL.filter((c) => !regex.test(c)) };
}

const min = (rule: PathRule) => Math.max(rule.minLength ?? 1, 1);
const max = (rule: PathRule) => rule.maxLength ?? 120;

/** Values that keep every rule (and are not "." or "..", which no path segment can be). */
export function validValue(rule: PathRule): fc.Arbitrary<string> {
  const { allowed } = allowedCharacters(rule);
  return fc
    .string({ unit: fc.constantFrom(...allowed), minLength: min(rule), maxLength: max(rule) })
    .filter((s) => s !== "." && s !== "..");
}

export interface BadValue {
  readonly value: unknown;
  readonly rule: string;
}

/** Values that break exactly one rule, each with the rule it breaks. */
export function invalidValue(rule: PathRule): fc.Arbitrary<BadValue> {
  const { allowed, forbidden } = allowedCharacters(rule);
  const unit = fc.constantFrom(...allowed);
  const choices: fc.Arbitrary<BadValue>[] = [
    fc.constantFrom<unknown>("", undefined, null, 42, {}, ["abcdef"]).map((value) => ({ value, rule: "required" })),
  ];
  if (min(rule) > 1) {
    choices.push(fc.string({ unit, minLength: 1, maxLength: min(rule) - 1 }).map((value) => ({ value, rule: "minLength" })));
  }
  if (rule.maxLength !== undefined) {
    choices.push(
      fc.string({ unit, minLength: rule.maxLength + 1, maxLength: rule.maxLength + 40 }).map((value) => ({ value, rule: "maxLength" })),
    );
  }
  if (forbidden.length > 0) {
    // A valid-length value with one or more forbidden characters spliced in (the length kept).
    choices.push(
      fc
        .tuple(fc.string({ unit, minLength: min(rule), maxLength: max(rule) }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...forbidden)), { minLength: 1, maxLength: 3 }))
        .map(([base, swaps]) => {
          const chars = [...base];
          for (const [at, ch] of swaps) chars[at % chars.length] = ch;
          return chars.join("");
        })
        .filter((s) => s.length >= min(rule) && s.length <= max(rule))
        .map((value) => ({ value, rule: "pattern" })),
    );
  }
  if (rule.pattern === undefined) {
    choices.push(
      fc
        .tuple(fc.string({ unit, maxLength: 10 }), fc.constantFrom(...LONE_SURROGATES), fc.string({ unit, maxLength: 10 }))
        .map(([before, half, after]) => ({ value: before + half + after, rule: "wellFormed" })),
    );
  }
  // "." and ".." keep the spec's rules where a pattern allows dots, but a URL resolves them away.
  const dots = [".", ".."].filter((s) => s.length >= min(rule) && s.length <= max(rule) && (rule.pattern === undefined || new RegExp(rule.pattern).test(s)));
  if (dots.length > 0) choices.push(fc.constantFrom(...dots).map((value) => ({ value, rule: "dotSegment" })));
  return fc.oneof(...choices);
}

/** The spec's rule for a path parameter, by name (e.g. "tokenName"). */
export function pathRule(name: string): PathRule {
  for (const operation of specOperations()) {
    const rule = operation.pathParameters.find((p) => p.name === name);
    if (rule) return rule;
  }
  throw new Error(`no path parameter ${name} in the spec`);
}

export interface BodyStringRule extends PathRule {
  readonly operation: SpecOperation;
  /** The body parameter's name, as in the method signature. */
  readonly parameter: string;
  /** The property's path in the SDK's model (flattened containers left out). */
  readonly modelPath: readonly string[];
  /** The property's path in the JSON body sent. */
  readonly wirePath: readonly string[];
}

/** Every string property with length or pattern rules in the request bodies of the operations. */
export function bodyStringRules(): BodyStringRule[] {
  const spec = loadJson(SPEC);
  const found: BodyStringRule[] = [];
  const walk = (schema: any, file: URL, operation: SpecOperation, parameter: string, modelPath: string[], wirePath: string[], seen: Set<any>) => {
    if (schema?.$ref) {
      const target = resolve(file, schema.$ref);
      if (seen.has(target)) return;
      return walk(target, schema.$ref.startsWith("#") ? file : new URL(schema.$ref.split("#")[0]!, file), operation, parameter, modelPath, wirePath, new Set([...seen, target]));
    }
    for (const part of schema?.allOf ?? []) walk(part, file, operation, parameter, modelPath, wirePath, seen);
    for (const [name, property] of Object.entries<any>(schema?.properties ?? {})) {
      if (property.readOnly) continue;
      const flattened = !!property["x-ms-client-flatten"];
      const nextModel = flattened ? modelPath : [...modelPath, name];
      if (property.minLength !== undefined || property.maxLength !== undefined || property.pattern !== undefined) {
        found.push({ operation, parameter, name: [parameter, ...nextModel].join("."), minLength: property.minLength, maxLength: property.maxLength, pattern: property.pattern, modelPath: nextModel, wirePath: [...wirePath, name] });
      }
      walk(property, file, operation, parameter, nextModel, [...wirePath, name], seen);
    }
  };
  for (const operation of specOperations()) {
    const raw = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item)).find((o) => o.operationId === operation.operationId);
    for (const p of raw.parameters ?? []) {
      const parameter = p.$ref ? resolve(SPEC, p.$ref) : p;
      if (parameter.in === "body") walk(parameter.schema, SPEC, operation, parameter.name, [], [], new Set());
    }
  }
  return found;
}

/**
 * The rule of a path parameter anywhere in the spec (any operation group, `$ref`s to common-types
 * followed), with its `format`; throws when no operation has it.
 */
export function specPathRule(name: string): PathRule & { readonly format?: string } {
  const spec = loadJson(SPEC);
  for (const item of Object.values<any>(spec.paths)) {
    for (const operation of Object.values<any>(item)) {
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const p = raw.$ref ? resolve(SPEC, raw.$ref) : raw;
        if (p.in === "path" && p.name === name) return { name, minLength: p.minLength, maxLength: p.maxLength, pattern: p.pattern, format: p.format };
      }
    }
  }
  throw new Error(`no path parameter ${name} in the spec`);
}
