// The request pipeline for ARM: core-rest-pipeline's defaults, the trusted-origins guard, and bearer
// authentication. No core-client (de)serialization policies: generated code (de)serializes each model
// directly, and parses bodies itself so that a malformed body never ends up quoted in an error message.
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  type InternalPipelineOptions,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { trustedOrigins, trustedOriginsPolicy, type TrustedOriginOptions } from "./origins.js";

export interface ArmPipelineOptions extends InternalPipelineOptions, TrustedOriginOptions {
  /** The client's endpoint: its origin is the one the credential goes to. */
  endpoint: string;
}

export function createArmPipeline(credential: TokenCredential, scopes: string | string[], options: ArmPipelineOptions): Pipeline {
  const origins = trustedOrigins(options.endpoint, options.additionalTrustedOrigins);
  const pipeline = createPipelineFromOptions(options);
  // First of all: a request to another origin is refused before the token is even fetched.
  pipeline.addPolicy(trustedOriginsPolicy(origins), { phase: "Serialize" });
  // No phase: the token is fetched once per operation, before the retry loop, as core-client does.
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes }));
  return pipeline;
}
