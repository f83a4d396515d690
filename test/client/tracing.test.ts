// Tracing costs nothing until an instrumenter is registered, and works once one is: the real
// @azure/opentelemetry-instrumentation-azure-sdk with OpenTelemetry's in-memory exporter. (In its
// own file: registering an instrumenter is process-wide.)
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createAzureSdkInstrumentation } from "@azure/opentelemetry-instrumentation-azure-sdk";
import * as coreTracing from "@azure/core-tracing";
import { describe, expect, it } from "vitest";
import { createTestClient, registryPath, type TestServer, useTestServer } from "../support/testServer.js";

let server: TestServer;
useTestServer((s) => (server = s));
const TOKEN_PATH = `${registryPath()}/tokens/myToken`;

/**
 * What OpenTelemetry's registerInstrumentations does when @azure/core-tracing loads: the
 * instrumentation patches the module, which installs its instrumenter. Its require hook cannot
 * see a module loaded as ESM (as vitest loads it), so the patch is applied to the module here.
 */
function enableAzureSdkInstrumentation(): void {
  const instrumentation = createAzureSdkInstrumentation() as unknown as { init(): { patch(exports: unknown): unknown } };
  instrumentation.init().patch(coreTracing);
}

describe("tracing", () => {
  it("sends no trace context while no instrumenter is registered", async () => {
    server.on("GET", TOKEN_PATH, { status: 200, body: { name: "myToken" } });
    await createTestClient(server).tokens.get("myResourceGroup", "myRegistry", "myToken");
    expect(server.requests[0]!.headers.traceparent).toBeUndefined();
  });

  it("records a span per request, and propagates it, once OpenTelemetry instrumentation is registered", async () => {
    const client = createTestClient(server); // made before instrumentation: still traced
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    enableAzureSdkInstrumentation();

    server.on("GET", TOKEN_PATH, { status: 200, body: { name: "myToken" } });
    await client.tokens.get("myResourceGroup", "myRegistry", "myToken");

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(["HTTP GET"]);
    expect(spans[0]!.attributes["http.status_code"]).toBe(200);
    expect(String(spans[0]!.attributes["url.full"] ?? spans[0]!.attributes["http.url"])).toContain("/tokens/myToken");
    const traceparent = server.requests[0]!.headers.traceparent;
    expect(traceparent).toMatch(new RegExp(`^00-${spans[0]!.spanContext().traceId}-${spans[0]!.spanContext().spanId}-01$`));
  });
});
