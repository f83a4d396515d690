// The public surface of acr-tokens: the generated client and models, and the task helpers.
export * from "./generated/index.js";
