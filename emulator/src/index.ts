/**
 * Local emulator of the Azure Container Registry management (ARM) API for
 * registries, scope maps and tokens. `startEmulator()` serves it over HTTPS
 * and returns the endpoint, the certificate to trust and test controls.
 */

import type { AddressInfo } from "node:net";
import { AsyncOperations } from "./arm/asyncOperations.js";
import { loadOrCreateCertificate, type TlsMaterial } from "./front/certificate.js";
import { resolveSettings, checkNonNegativeInteger, checkPageSize, type EmulatorOptions } from "./config.js";
import { FaultController, type Faults } from "./front/faults.js";
import { notPersisted } from "./errors.js";
import { nodeFiles, type StateFileSystem } from "./state/files.js";
import { loadState } from "./state/loading.js";
import { COMPACT_AFTER_LINES, FilePersistence, memoryOnly, PersistenceError, type Persistence } from "./state/persistence.js";
import { operationTaskRunner } from "./resources/operationTasks.js";
import { operationRoutes } from "./arm/operationResults.js";
import { registryRoutes } from "./resources/registries.js";
import { RequestLog, type RequestFilter, type RequestRecord } from "./front/requestLog.js";
import { Router } from "./front/router.js";
import type { Runtime } from "./runtime.js";
import { scopeMapRoutes } from "./resources/scopeMaps.js";
import { createApiServer } from "./front/server.js";
import { Store, type StateCounts, type StateSnapshot } from "./state/store.js";
import { tokenRoutes } from "./resources/tokens.js";
import { AccessTokenSigner } from "./dataplane/accessTokens.js";
import { ContentStore } from "./dataplane/content.js";
import { LoginServers } from "./dataplane/loginServers.js";
import { Uploads } from "./dataplane/uploads.js";
import { join } from "node:path";

export type { EmulatorOptions } from "./config.js";
export { DEFAULT_API_VERSIONS } from "./config.js";
export type { ActiveFault, FaultEffect, FaultRule, Faults, OperationOutcomeRule } from "./front/faults.js";
export type { SkuLimitOverrides, SkuLimits, UserSkuName } from "./state/limits.js";
export { DEFAULT_SKU_LIMITS } from "./state/limits.js";
export type { RequestFilter, RequestRecord } from "./front/requestLog.js";
export type { RequestMatcher } from "./front/requestMatcher.js";
export type { StateCounts, StateSnapshot } from "./state/store.js";
export { BUILTIN_SCOPE_MAPS } from "./resources/builtinScopeMaps.js";
export { createSelfSignedCertificate, type TlsMaterial } from "./front/certificate.js";

export interface EmulatorState {
  /** Registries, user-defined scope maps and tokens currently stored. */
  counts(): StateCounts;
  /** A deep copy of every stored record. */
  snapshot(): StateSnapshot;
}

export interface Emulator {
  /** Base URL, e.g. https://127.0.0.1:51234 — pass it as the client's endpoint. */
  readonly endpoint: string;
  readonly port: number;
  /** PEM certificate the emulator serves; trust it with `tlsOptions: { ca }` or NODE_EXTRA_CA_CERTS. */
  readonly ca: string;
  /** Fault injection and forced operation outcomes. */
  readonly faults: Faults;
  /** API requests received so far (control calls excluded), oldest first. */
  readonly requests: readonly RequestRecord[];
  /** Number of logged API requests matching the filter (all when absent). */
  countRequests(filter?: RequestFilter): number;
  clearRequests(): void;
  /** Delay of asynchronous operations from now on; 0 answers synchronously. */
  setAsyncDelay(ms: number): void;
  setPageSize(size: number): void;
  setRetryAfter(seconds: number): void;
  readonly state: EmulatorState;
  /** Drops all resources, running operations, faults and the request log. */
  reset(): Promise<void>;
  /**
   * With `recover`, what the start set aside (each damaged file and where it went); also a
   * cut-short last journal line it dropped (a write that was never acknowledged). Empty otherwise.
   */
  readonly startupNotes: readonly string[];
  /**
   * host:port of the registry's login server (its data plane: `/oauth2/token` and the Registry API),
   * the registry's `loginServer`. Throws a RangeError for a registry that does not exist.
   */
  loginServer(registryName: string): string;
  /** Data-plane requests (to any login server) received so far, oldest first; paths without host. */
  readonly dataPlaneRequests: readonly RequestRecord[];
  /** How long a new token password takes before it logs in, from now on. */
  setPasswordPropagation(ms: number): void;
  /** Stops taking requests, answers those in flight, and, with a dataDir, writes a final snapshot. */
  close(): Promise<void>;
}

interface OpenedState {
  persistence: Persistence;
  /** What the start dropped or set aside. */
  notes: string[];
}

async function openPersistence(options: EmulatorOptions, store: Store): Promise<OpenedState> {
  const { dataDir } = options;
  if (dataDir === undefined) return { persistence: memoryOnly, notes: [] };
  const files = (options as InternalOptions).fileSystem ?? nodeFiles;
  const loaded = loadState(dataDir, files, options.recover === true);
  store.load(loaded.durable, loaded.entries);
  const persistence = await FilePersistence.open(
    {
      dataDir,
      files,
      durable: () => store.durable(),
      restore: (again) => store.load(again.durable, again.entries),
      compactAfterLines: (options as InternalOptions).compactAfterLines ?? COMPACT_AFTER_LINES,
    },
    loaded,
  );
  store.setJournal((entry) => persistence.record(entry));
  for (const note of loaded.notes) process.stderr.write(`ACR emulator: ${note}\n`);
  return { persistence, notes: loaded.notes };
}

/** @internal Options for the emulator's own tests (a failing file system, early compaction); not part of the API. */
export interface InternalOptions extends EmulatorOptions {
  /** The file system under `dataDir`, e.g. one that fills up. */
  fileSystem?: StateFileSystem;
  /** Journal lines after which a write compacts into a snapshot. */
  compactAfterLines?: number;
}

async function tlsMaterial(options: EmulatorOptions): Promise<TlsMaterial> {
  if (options.cert !== undefined && options.key !== undefined) return { cert: options.cert, key: options.key };
  if (options.cert !== undefined || options.key !== undefined) throw new TypeError("cert and key must be given together");
  return loadOrCreateCertificate(options.dataDir);
}

function urlHost(host: string, port: number): string {
  // A wildcard address is not something a client can connect to.
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return reachable.includes(":") ? `[${reachable}]:${port}` : `${reachable}:${port}`;
}

/** A login server for every stored registry, on the port its record names when that is free; records follow the port. */
async function openLoginServers(store: Store, loginServers: LoginServers, commit: () => Promise<void>): Promise<void> {
  let changed = false;
  for (const { registry } of store.snapshot().registries) {
    const loginServer = await loginServers.open(registry.name, registry.loginServer);
    if (loginServer === registry.loginServer) continue;
    store.putRegistry({ ...registry, loginServer });
    changed = true;
  }
  if (changed) await commit();
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = resolveSettings(options);
  const host = options.host ?? "127.0.0.1";
  const tls = await tlsMaterial(options);
  const faults = new FaultController();
  const log = new RequestLog();
  const store = new Store();
  const { persistence, notes } = await openPersistence(options, store);
  const commit = () =>
    persistence.flush().catch((error: unknown) => {
      throw error instanceof PersistenceError ? notPersisted(error.reason, settings.retryAfterSeconds) : error;
    });
  const operations = new AsyncOperations(settings, store, faults, commit);
  operations.setTaskRunner(operationTaskRunner(store));
  const dataPlaneLog = new RequestLog();
  const loginServers = new LoginServers(
    {
      store,
      content: new ContentStore(options.dataDir === undefined ? undefined : join(options.dataDir, "content")),
      uploads: new Uploads(),
      signer: new AccessTokenSigner(),
      rules: settings,
    },
    { tls, host, urlHost: urlHost(host, 0).replace(/:0$/, ""), log: dataPlaneLog, logLine: settings.log },
  );
  store.setJournal((entry) => {
    persistence.record(entry);
    loginServers.observe(entry);
  });
  const runtime: Runtime = { store, operations, settings, commit, openLoginServer: (name) => loginServers.open(name) };
  const router = new Router([...registryRoutes(runtime), ...scopeMapRoutes(runtime), ...tokenRoutes(runtime), ...operationRoutes(runtime)]);

  const reset = async (): Promise<void> => {
    operations.cancelAll();
    store.reset();
    faults.clear();
    log.clear();
    dataPlaneLog.clear();
    await loginServers.closeAll();
    await commit();
  };

  let port = options.port ?? 0;
  const api = createApiServer(tls, {
    runtime,
    router,
    faults,
    log,
    control: { faults, log, settings, counts: () => store.counts(), reset },
    endpoint: () => `https://${urlHost(host, port)}`,
  });
  const { server } = api;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await persistence.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  try {
    await openLoginServers(store, loginServers, commit);
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await loginServers.close();
    await persistence.close();
    throw error;
  }
  operations.resumeAll();

  let closing: Promise<void> | undefined;
  return {
    endpoint: `https://${urlHost(host, port)}`,
    port,
    // PEM readers such as Python's want every certificate to end with a newline.
    ca: tls.cert.endsWith("\n") ? tls.cert : `${tls.cert}\n`,
    faults,
    get requests() {
      return log.entries;
    },
    countRequests: (filter) => log.count(filter),
    clearRequests: () => log.clear(),
    setAsyncDelay: (ms) => {
      settings.asyncDelayMs = checkNonNegativeInteger("asyncDelayMs", ms);
    },
    setPageSize: (size) => {
      settings.pageSize = checkPageSize(size);
    },
    setRetryAfter: (seconds) => {
      settings.retryAfterSeconds = checkNonNegativeInteger("retryAfterSeconds", seconds);
    },
    state: {
      counts: () => store.counts(),
      snapshot: () => structuredClone(store.snapshot()),
    },
    loginServer: (registryName) => {
      const loginServer = store.registry(registryName) === undefined ? undefined : loginServers.loginServer(registryName);
      if (loginServer === undefined) throw new RangeError(`The emulator has no registry named ${JSON.stringify(registryName)}.`);
      return loginServer;
    },
    get dataPlaneRequests() {
      return dataPlaneLog.entries;
    },
    setPasswordPropagation: (ms) => {
      settings.passwordPropagationMs = checkNonNegativeInteger("passwordPropagationMs", ms);
    },
    reset,
    startupNotes: notes,
    close: () =>
      (closing ??= (async () => {
        // Stop taking connections, let the requests in flight finish (a fault delay ends early), then close the rest.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        api.abortDelays();
        await api.settled();
        server.closeAllConnections();
        await stopped;
        await loginServers.close();
        operations.stop();
        await persistence.close();
      })()),
  };
}
