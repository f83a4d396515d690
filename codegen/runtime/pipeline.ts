// The request pipeline for ARM, built from core-rest-pipeline's own policies but only those a JSON
// management client needs: the trusted-origins guard (the credential goes only to the endpoint's
// origin), TLS and agent settings, a proxy when one is configured, gzip, user agent, request id,
// retries (429, 5xx, Retry-After), pacing by ARM's throttling headers, tracing when an instrumenter is registered, logging at
// AZURE_LOG_LEVEL, and bearer auth with its claims challenge. Left out: form data and multipart
// (never sent; formDataPolicy alone costs ~15 ms on the first call, loading Node's fetch), redirects
// (ARM answers operations without them, and following one would carry the bearer token elsewhere),
// and the per-request AbortSignal wrapper (the transport takes any AbortSignalLike). No core-client
// (de)serialization policies either: generated code (de)serializes each model directly, and parses
// bodies itself so a malformed body never ends up quoted in an error message.
import type { TokenCredential } from "@azure/core-auth";
import type { AdditionalPolicyConfig } from "@azure/core-client";
import { createTracingClient } from "@azure/core-tracing";
import {
  agentPolicy,
  bearerTokenAuthenticationPolicy,
  createEmptyPipeline,
  decompressResponsePolicy,
  defaultRetryPolicy,
  logPolicy,
  proxyPolicy,
  setClientRequestIdPolicy,
  tlsPolicy,
  tracingPolicy,
  tracingPolicyName,
  userAgentPolicy,
  type InternalPipelineOptions,
  type Pipeline,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import { trustedOrigins, trustedOriginsPolicy, type TrustedOriginOptions } from "./origins.js";
import { armThrottlingPolicy } from "./throttling.js";

// The variables core's proxy policy reads (upper and lower case).
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

export interface ArmPipelineOptions extends InternalPipelineOptions, TrustedOriginOptions {
  /** The client's endpoint: its origin is the one the credential goes to. */
  endpoint: string;
}

export function createArmPipeline(credential: TokenCredential, scopes: string | string[], options: ArmPipelineOptions): Pipeline {
  const origins = trustedOrigins(options.endpoint, options.additionalTrustedOrigins);
  const pipeline = createEmptyPipeline();
  // First of all: a request to another origin is refused before the token is even fetched.
  pipeline.addPolicy(trustedOriginsPolicy(origins), { phase: "Serialize" });
  if (options.agent) pipeline.addPolicy(agentPolicy(options.agent));
  if (options.tlsOptions) pipeline.addPolicy(tlsPolicy(options.tlsOptions));
  // Read once, as core's own policy reads the environment once per client.
  if (options.proxyOptions || PROXY_VARIABLES.some((name) => process.env[name])) pipeline.addPolicy(proxyPolicy(options.proxyOptions));
  pipeline.addPolicy(decompressResponsePolicy());
  pipeline.addPolicy(userAgentPolicy(options.userAgentOptions));
  pipeline.addPolicy(setClientRequestIdPolicy(options.telemetryOptions?.clientRequestIdHeaderName));
  pipeline.addPolicy(defaultRetryPolicy(options.retryOptions), { phase: "Retry" });
  // Every attempt, retries included, waits for ARM's throttling budget.
  pipeline.addPolicy(armThrottlingPolicy(), { afterPhase: "Retry" });
  pipeline.addPolicy(tracingWhenInstrumented(tracingPolicy({ ...options.userAgentOptions, ...options.loggingOptions })), { afterPhase: "Retry" });
  pipeline.addPolicy(logPolicy(options.loggingOptions), { afterPhase: "Sign" });
  // No phase: the token is fetched once per operation, before the retry loop, as core-client does.
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes }));
  return pipeline;
}

/**
 * Adds the policies of the `additionalPolicies` option where core-client's ServiceClient puts
 * them: per call at the end, per retry after signing (so they see every attempt as sent).
 */
export function addAdditionalPolicies(pipeline: Pipeline, policies: readonly AdditionalPolicyConfig[] = []): void {
  for (const { policy, position } of policies) pipeline.addPolicy(policy, position === "perRetry" ? { afterPhase: "Sign" } : {});
}

// A W3C traceparent that any real instrumenter parses; the default (no-op) one returns undefined.
const PROBE_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

/**
 * Core's tracing policy, run only while an instrumenter is registered (with
 * @azure/opentelemetry-instrumentation-azure-sdk, say). Without one it would still sanitize the URL
 * and start a no-op span on every call. The check is made per request, so instrumentation
 * registered after the client was made is still honoured. Keeps the policy's name, so
 * `pipeline.removePolicy({ name: "tracingPolicy" })` works as before.
 */
function tracingWhenInstrumented(tracing: PipelinePolicy): PipelinePolicy {
  const probe = createTracingClient({ namespace: "Microsoft.ContainerRegistry", packageName: "acr-tokens" });
  return {
    name: tracingPolicyName,
    sendRequest: (request, next) => (probe.parseTraceparentHeader(PROBE_TRACEPARENT) === undefined ? next(request) : tracing.sendRequest(request, next)),
  };
}
