// The one way the SDK's tests start an emulator: one per test file, with our client pointed at it.
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "acr-tokens-emulator";
import { ContainerRegistryManagementClient, type ContainerRegistryManagementClientOptionalParams } from "../../src/index.js";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const RG = "e2e";

export interface E2E {
  emulator: Emulator;
  /** Our client on the emulator, retries off so an injected fault is seen once. */
  client: ContainerRegistryManagementClient;
  newClient(options?: ContainerRegistryManagementClientOptionalParams): ContainerRegistryManagementClient;
}

/** Retry-After 0 and synchronous operations unless the options say otherwise. */
export function useEmulator(options: EmulatorOptions = {}): E2E {
  const context = {} as E2E;
  beforeAll(async () => {
    context.emulator = await startEmulator({ asyncDelayMs: 0, retryAfterSeconds: 0, ...options });
    context.newClient = (extra = {}) =>
      new ContainerRegistryManagementClient({ getToken: async () => ({ token: "e2e", expiresOnTimestamp: Date.now() + 3600_000 }) }, SUBSCRIPTION, {
        endpoint: context.emulator.endpoint,
        tlsOptions: { ca: context.emulator.ca },
        retryOptions: { maxRetries: 0 },
        ...extra,
      });
    context.client = context.newClient();
  });
  afterAll(() => context.emulator?.close());
  return context;
}

/** Every item of a paged list. */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}
