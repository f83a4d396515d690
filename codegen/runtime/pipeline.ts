// The request pipeline for ARM: core-rest-pipeline's defaults plus bearer authentication.
// No core-client (de)serialization policies: generated code (de)serializes each model directly,
// and parses bodies itself so that a malformed body never ends up quoted in an error message.
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  type InternalPipelineOptions,
  type Pipeline,
} from "@azure/core-rest-pipeline";

export function createArmPipeline(
  credential: TokenCredential,
  scopes: string | string[],
  options: InternalPipelineOptions,
): Pipeline {
  const pipeline = createPipelineFromOptions(options);
  // No phase: the token is fetched once per operation, before the retry loop, as core-client does.
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes }));
  return pipeline;
}
