#!/usr/bin/env node
/**
 * Runs the emulator until SIGINT/SIGTERM.
 *
 *   acr-emulator [--port 8443] [--host 127.0.0.1] [--data-dir DIR] [--async-delay MS]
 *                [--page-size N] [--retry-after S] [--ca-file FILE] [--recover] [--log]
 *                [--identity-port N] [--strict-resource-groups] [--throttling]
 *
 * Prints its PID, writes the certificate to trust to a file (removed again on exit) and prints
 * how to use it.
 * No top-level await or import.meta: this file is also compiled to CommonJS.
 */

import { rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions } from "./index.js";

const USAGE = `Usage: acr-emulator [options]
  --port <n>          port to listen on (default 8443; 0 picks a free one)
  --host <address>    interface to listen on (default 127.0.0.1)
  --data-dir <dir>    keep state (and the certificate) in this directory
  --async-delay <ms>  run PUT/PATCH/DELETE/POST as async operations taking this long (default 0)
  --page-size <n>     items per page of list results (default 100)
  --retry-after <s>   Retry-After seconds on async responses (default 1)
  --ca-file <file>    where to write the certificate to trust (removed on exit)
  --recover           with --data-dir: set a damaged journal or snapshot aside and start from what is intact
  --identity-port <n> port of the managed-identity endpoint (plain HTTP; default: a free one)
  --strict-resource-groups  answer ResourceGroupNotFound for resource groups never created
  --throttling        ARM's subscription throttling (reads 250 + 25/s, writes and deletes 200 + 10/s)
  --log               print one line per request
  --help              show this text`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} needs a non-negative integer, got '${value}'`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "async-delay": { type: "string" },
      "page-size": { type: "string" },
      "retry-after": { type: "string" },
      "ca-file": { type: "string" },
      recover: { type: "boolean" },
      "identity-port": { type: "string" },
      "strict-resource-groups": { type: "boolean" },
      throttling: { type: "boolean" },
      log: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = values["data-dir"] === undefined ? undefined : resolve(values["data-dir"]);
  const options: EmulatorOptions = {
    port: integer("port", values.port) ?? 8443,
    logRequests: values.log === true,
  };
  if (values.host !== undefined) options.host = values.host;
  if (dataDir !== undefined) options.dataDir = dataDir;
  if (values.recover === true) options.recover = true;
  const identityPort = integer("identity-port", values["identity-port"]);
  if (identityPort !== undefined) options.identityPort = identityPort;
  if (values["strict-resource-groups"] === true) options.strictResourceGroups = true;
  if (values.throttling === true) options.throttling = true;
  const asyncDelayMs = integer("async-delay", values["async-delay"]);
  if (asyncDelayMs !== undefined) options.asyncDelayMs = asyncDelayMs;
  const pageSize = integer("page-size", values["page-size"]);
  if (pageSize !== undefined) options.pageSize = pageSize;
  const retryAfterSeconds = integer("retry-after", values["retry-after"]);
  if (retryAfterSeconds !== undefined) options.retryAfterSeconds = retryAfterSeconds;

  const emulator = await startEmulator(options);
  // Listen before the certificate file is written and the banner printed: a signal that arrived
  // after the banner but before the listeners would end the process by default, leaving the file
  // behind. During start-up a signal still ends the process at once, before there is a file.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    // `npm run` may stop its script's process group with SIGHUP when the terminal goes away.
    // The listeners stay: a second Ctrl+C while stopping is ignored.
    for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(name, resolve);
  });
  const caFile = resolve(values["ca-file"] ?? (dataDir !== undefined ? join(dataDir, "emulator-ca.pem") : join(tmpdir(), `acr-emulator-${emulator.port}-ca.pem`)));
  await writeFile(caFile, emulator.ca);

  process.stdout.write(
    [
      `ACR management emulator listening on ${emulator.endpoint} (PID ${process.pid})`,
      `Certificate to trust: ${caFile}`,
      ``,
      `SDK clients: pass the endpoint and the certificate, e.g.`,
      `  const ca = readFileSync(${JSON.stringify(caFile)}, "utf8");`,
      `  new ContainerRegistryManagementClient(credential, subscriptionId, {`,
      `    endpoint: ${JSON.stringify(emulator.endpoint)},`,
      `    tlsOptions: { ca },`,
      `  });`,
      `Any bearer token is accepted.`,
      ``,
      `Managed identity (DefaultAzureCredential, ManagedIdentityCredential, az login --identity): set`,
      ...Object.entries(emulator.identity.environment).map(([name, value]) => `  export ${name}=${value}`),
      `Azure CLI: REQUESTS_CA_BUNDLE=${caFile} az cloud register -n AcrEmulator --endpoint-resource-manager ${emulator.endpoint}/ --suffix-acr-login-server-endpoint .azurecr.io`,
      `  then az cloud set -n AcrEmulator && az login --identity`,
      ``,
      `Other Node.js tools: NODE_EXTRA_CA_CERTS=${caFile}`,
      `curl: curl --cacert ${caFile} -H "Authorization: Bearer x" "${emulator.endpoint}/subscriptions/<uuid>/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01"`,
      `Control endpoint: ${emulator.endpoint}/_emulator/ (faults, requests, settings, state, reset)`,
      dataDir !== undefined ? `State is kept in ${dataDir}` : `State is in memory only (use --data-dir to keep it)`,
      ...emulator.startupNotes,
      `Press Ctrl+C to stop.`,
      ``,
    ].join("\n"),
  );

  const signal = await stopSignal;
  process.stdout.write(`Received ${signal}, stopping...\n`);
  const closed = await emulator.close().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  rmSync(caFile, { force: true });
  if (closed !== undefined) {
    process.stderr.write(`Failed to stop cleanly: ${closed.message}\n`);
    process.exit(1);
  }
  process.stdout.write("Stopped.\n");
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`acr-emulator: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(1);
});
