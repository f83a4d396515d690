// The built package, as users install it (npm run bench builds it first). Loaded by file URL because
// tsconfig.json maps "acr-tokens" to src/ for tsx, which would measure transpiled sources instead.
export const BUILT_ENTRY = new URL("../dist/esm/index.js", import.meta.url).href;

export const loadBuiltPackage = () => import(BUILT_ENTRY) as Promise<typeof import("acr-tokens")>;
