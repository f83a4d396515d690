// The public surface of acr-tokens: the generated client and models, and the task helpers.
// The emulator is its own package (acr-tokens-emulator), so installing the SDK brings none of it.
export * from "./generated/index.js";
export * from "./customizations/index.js";
