// The built package (npm test builds it first) loads through its "exports" map as ESM and CommonJS.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

describe("package entry points", () => {
  it("imports as ESM by package name", async () => {
    const esm = await import("acr-tokens");
    expect(typeof esm.ContainerRegistryManagementClient).toBe("function");
    expect(typeof esm.getContinuationToken).toBe("function");
    expect(esm.KnownTokenStatus.Disabled).toBe("disabled");
  });

  it("requires as CommonJS by package name", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("acr-tokens")).toMatch(/dist[\\/]commonjs[\\/]index\.js$/);
    const cjs = require("acr-tokens");
    expect(typeof cjs.ContainerRegistryManagementClient).toBe("function");
    expect(new cjs.InvalidParameterError("p", "rule", "m")).toBeInstanceOf(RangeError);
  });
});
