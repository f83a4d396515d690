/** What the route handlers share: state, operations, live settings and the durability barrier. */

import type { AsyncOperations } from "./arm/asyncOperations.js";
import type { Settings } from "./config.js";
import type { Store } from "./state/store.js";

export interface Runtime {
  readonly store: Store;
  readonly operations: AsyncOperations;
  readonly settings: Settings;
  /** Resolves once every mutation made so far is durable; await it before acknowledging one. */
  commit(): Promise<void>;
  /** host:port of the registry's data-plane login server, opened if it is not running yet. */
  openLoginServer(registryName: string): Promise<string>;
}
