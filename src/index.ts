// The public surface of acr-tokens: the generated client and models, and the task helpers.
// The emulator is a separate entry point (acr-tokens/emulator) so the client never loads it.
export * from "./generated/index.js";
export * from "./customizations/index.js";
