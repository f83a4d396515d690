/**
 * Local emulator of the Azure Container Registry management (ARM) API for
 * registries, scope maps and tokens. `startEmulator()` serves it over HTTPS
 * and returns the endpoint, the certificate to trust and test controls.
 */

import type { AddressInfo } from "node:net";
import { AsyncOperations } from "./arm/asyncOperations.js";
import { cloudMetadataRoutes } from "./arm/cloudMetadata.js";
import { PRINCIPAL_ID } from "./arm/identity.js";
import { providerRoutes } from "./arm/provider.js";
import { resourceGroupRoutes } from "./arm/resourceGroups.js";
import { resourceListRoutes } from "./arm/resources.js";
import { subscriptionRoutes, TENANT_ID } from "./arm/subscriptions.js";
import { SubscriptionThrottle, type Throttling } from "./arm/throttling.js";
import { listen } from "./front/http.js";
import { acquireIdentityEndpoint } from "./front/identityServer.js";
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
export { API_VERSIONS, type ApiFamily, type ApiVersionLists } from "./arm/apiVersions.js";
export { ARM_THROTTLING, type BucketSettings, type RequestKind, type Throttling, type ThrottlingOption, type ThrottlingSettings } from "./arm/throttling.js";
export { DEFAULT_SUBSCRIPTION_ID, TENANT_ID } from "./arm/subscriptions.js";
export { DEFAULT_LOCATION } from "./arm/resourceGroups.js";
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

/**
 * The managed-identity endpoint: plain HTTP on the emulator's host, answering like App Service's and
 * Cloud Shell's. MSAL (under \@azure/identity) reads IDENTITY_ENDPOINT and IDENTITY_HEADER once per
 * process, so all emulators of a process share one endpoint, secret and signing key; it closes with
 * the last of them and opens again on the same port with the next.
 */
export interface IdentityEndpoint {
  /** e.g. http://127.0.0.1:51235/msi/token — the value of IDENTITY_ENDPOINT and MSI_ENDPOINT. */
  readonly endpoint: string;
  /** The value of IDENTITY_HEADER: clients send it as X-IDENTITY-HEADER. */
  readonly header: string;
  /**
   * The variables that point credentials at the emulator: `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`
   * (`DefaultAzureCredential`, `ManagedIdentityCredential`), `MSI_ENDPOINT` (`az login --identity`).
   */
  readonly environment: Readonly<Record<"IDENTITY_ENDPOINT" | "IDENTITY_HEADER" | "MSI_ENDPOINT", string>>;
  /** The `tid` of its tokens; every subscription the emulator lists is in this tenant. */
  readonly tenantId: string;
  /** The `oid` of its tokens. */
  readonly principalId: string;
  /** True when `token` is one this endpoint issued and it has not expired (e.g. for `acceptToken`). */
  verify(token: string): boolean;
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
  /** ARM throttling, changeable at run time (`set(true)`, `set({ writes: { bucket: 5, refillPerSecond: 0.01 } })`, `set(false)`). */
  readonly throttling: Throttling;
  /** The managed-identity endpoint and the environment variables that point credentials at it. */
  readonly identity: IdentityEndpoint;
  /** Drops all resources, running operations, faults and the request log; throttling buckets are full again. */
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
  /** Milliseconds for the throttling buckets (a clock the test moves). */
  throttleClock?: () => number;
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
  const router = new Router([
    ...registryRoutes(runtime),
    ...scopeMapRoutes(runtime),
    ...tokenRoutes(runtime),
    ...operationRoutes(runtime),
    ...subscriptionRoutes(runtime),
    ...resourceGroupRoutes(runtime),
    ...resourceListRoutes(runtime),
    ...providerRoutes(runtime),
    ...cloudMetadataRoutes(),
  ]);
  const throttle = new SubscriptionThrottle(options.throttling, (options as InternalOptions).throttleClock);

  const reset = async (): Promise<void> => {
    operations.cancelAll();
    throttle.refillAll();
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
    control: { faults, log, settings, throttling: throttle, counts: () => store.counts(), reset },
    endpoint: () => `https://${urlHost(host, port)}`,
    throttle,
  });

  const { server } = api;
  try {
    await listen(server, port, host);
  } catch (error) {
    await persistence.close();
    throw error;
  }
  const identityLease = await acquireIdentityEndpoint(host, options.identityPort, settings.log).catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    await persistence.close();
    throw error;
  });
  const { issuer, endpoint: identityEndpoint } = identityLease;
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
    throttling: throttle,
    identity: {
      endpoint: identityEndpoint,
      header: issuer.secret,
      environment: { IDENTITY_ENDPOINT: identityEndpoint, IDENTITY_HEADER: issuer.secret, MSI_ENDPOINT: identityEndpoint },
      tenantId: TENANT_ID,
      principalId: PRINCIPAL_ID,
      verify: (token) => issuer.verify(token),
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
        const identityStopped = identityLease.release();
        server.closeIdleConnections();
        api.abortDelays();
        await api.settled();
        server.closeAllConnections();
        await stopped;
        await identityStopped;
        await loginServers.close();
        operations.stop();
        await persistence.close();
      })()),
  };
}
