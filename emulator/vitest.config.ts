import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Emulators start per file; leave headroom on a 2-core CI machine.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
