/**
 * The system-defined scope maps every registry has. They cannot be changed or
 * deleted, and they do not count against the scope map limit.
 */

export interface BuiltinScopeMap {
  name: string;
  description: string;
  actions: string[];
}

export const BUILTIN_SCOPE_MAPS: readonly BuiltinScopeMap[] = [
  {
    name: "_repositories_pull",
    description: "Pull from every repository of the registry.",
    actions: ["repositories/*/content/read"],
  },
  {
    name: "_repositories_pull_metadata_read",
    description: "Pull from, and read metadata of, every repository of the registry.",
    actions: ["repositories/*/content/read", "repositories/*/metadata/read"],
  },
  {
    name: "_repositories_push",
    description: "Push to and pull from every repository of the registry.",
    actions: ["repositories/*/content/read", "repositories/*/content/write"],
  },
  {
    name: "_repositories_push_metadata_write",
    description: "Push to, pull from, and read and write metadata of, every repository of the registry.",
    actions: ["repositories/*/metadata/read", "repositories/*/metadata/write", "repositories/*/content/read", "repositories/*/content/write"],
  },
  {
    name: "_repositories_admin",
    description: "Full access to every repository of the registry.",
    actions: [
      "repositories/*/metadata/read",
      "repositories/*/metadata/write",
      "repositories/*/content/read",
      "repositories/*/content/write",
      "repositories/*/content/delete",
    ],
  },
];

const BUILTIN_KEYS: ReadonlySet<string> = new Set(BUILTIN_SCOPE_MAPS.map((scopeMap) => scopeMap.name.toLowerCase()));

export function isBuiltinScopeMap(name: string): boolean {
  return BUILTIN_KEYS.has(name.toLowerCase());
}
