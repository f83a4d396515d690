/**
 * In-memory store of registries with their scope maps and tokens, and of the
 * asynchronous operations. Lookups are by lower-cased name in Maps (O(1)); Map
 * insertion order is creation order, which paging relies on. Every mutation is
 * reported to the journal callback synchronously, so the persisted order
 * equals the in-memory order.
 */

import { holdsSecrets, nameKey, type OperationData, type RegistryData, type ResourceGroupData, type ScopeMapData, type TokenData } from "./records.js";

export type JournalEntry =
  | { op: "putResourceGroup"; resourceGroup: ResourceGroupData }
  | { op: "deleteResourceGroup"; subscriptionId: string; resourceGroup: string }
  | { op: "putRegistry"; registry: RegistryData }
  | { op: "deleteRegistry"; registry: string }
  | { op: "putScopeMap"; registry: string; scopeMap: ScopeMapData }
  | { op: "deleteScopeMap"; registry: string; scopeMap: string }
  | { op: "putToken"; registry: string; token: TokenData }
  | { op: "deleteToken"; registry: string; token: string }
  | { op: "putOperation"; operation: OperationData }
  | { op: "reset" };

export interface RegistrySnapshot {
  registry: RegistryData;
  scopeMaps: ScopeMapData[];
  tokens: TokenData[];
}

export interface StateSnapshot {
  nextOrdinal: number;
  registries: RegistrySnapshot[];
  /** Absent in snapshots written before resource groups were kept. */
  resourceGroups?: ResourceGroupData[];
}

/** Everything persistence keeps: the resources and the operations clients may still poll. */
export interface DurableState {
  state: StateSnapshot;
  operations: OperationData[];
}

export interface StateCounts {
  registries: number;
  /** User-defined scope maps only; every registry also has five built-in ones. */
  scopeMaps: number;
  tokens: number;
}

export class RegistryEntry {
  readonly scopeMaps = new Map<string, ScopeMapData>();
  readonly tokens = new Map<string, TokenData>();
  /** Scope map key → keys of the tokens that use it, so "is it in use?" needs no scan. */
  readonly scopeMapUsers = new Map<string, Set<string>>();
  userScopeMapCount = 0;

  constructor(public data: RegistryData) {}

  get key(): string {
    return nameKey(this.data.name);
  }

  usersOf(scopeMapKey: string): ReadonlySet<string> {
    return this.scopeMapUsers.get(scopeMapKey) ?? new Set();
  }
}

/** Finished operations kept for polling; the oldest are forgotten beyond this. */
const RETAINED_OPERATIONS = 100_000;

function groupKey(subscriptionId: string, name: string): string {
  return `${subscriptionId.toLowerCase()}/${nameKey(name)}`;
}

export class Store {
  private readonly resourceGroups = new Map<string, ResourceGroupData>();
  private readonly registries = new Map<string, RegistryEntry>();
  private readonly operations = new Map<string, OperationData>();
  private nextOrdinal = 1;
  private journal: (entry: JournalEntry) => void;

  constructor(journal: (entry: JournalEntry) => void = () => undefined) {
    this.journal = journal;
  }

  setJournal(journal: (entry: JournalEntry) => void): void {
    this.journal = journal;
  }

  takeOrdinal(): number {
    return this.nextOrdinal++;
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupData | undefined {
    return this.resourceGroups.get(groupKey(subscriptionId, name));
  }

  /** All resource groups (of one subscription when given), in creation order. */
  *resourceGroupsIn(subscriptionId?: string): Generator<ResourceGroupData> {
    const subscription = subscriptionId?.toLowerCase();
    for (const group of this.resourceGroups.values()) if (subscription === undefined || group.subscriptionId === subscription) yield group;
  }

  putResourceGroup(group: ResourceGroupData): void {
    this.resourceGroups.set(groupKey(group.subscriptionId, group.name), group);
    this.journal({ op: "putResourceGroup", resourceGroup: group });
  }

  deleteResourceGroup(subscriptionId: string, name: string): void {
    if (!this.resourceGroups.delete(groupKey(subscriptionId, name))) return;
    this.journal({ op: "deleteResourceGroup", subscriptionId: subscriptionId.toLowerCase(), resourceGroup: nameKey(name) });
  }

  /** Subscriptions that hold a resource group or a registry. */
  subscriptionsInUse(): Set<string> {
    const ids = new Set<string>();
    for (const group of this.resourceGroups.values()) ids.add(group.subscriptionId);
    for (const entry of this.registries.values()) ids.add(entry.data.subscriptionId);
    return ids;
  }

  /** Every registry, in creation order. */
  allRegistries(): IterableIterator<RegistryEntry> {
    return this.registries.values();
  }

  /** Registry names are unique across subscriptions, so this is the global lookup. */
  registry(name: string): RegistryEntry | undefined {
    return this.registries.get(nameKey(name));
  }

  /** The registry only if it lives in this subscription and resource group. */
  registryIn(subscriptionId: string, resourceGroupName: string, name: string): RegistryEntry | undefined {
    const entry = this.registries.get(nameKey(name));
    if (entry === undefined) return undefined;
    const data = entry.data;
    if (data.subscriptionId !== subscriptionId.toLowerCase()) return undefined;
    if (data.resourceGroupName.toLowerCase() !== resourceGroupName.toLowerCase()) return undefined;
    return entry;
  }

  *registriesIn(subscriptionId: string, resourceGroupName?: string): Generator<RegistryEntry> {
    const subscription = subscriptionId.toLowerCase();
    const group = resourceGroupName?.toLowerCase();
    for (const entry of this.registries.values()) {
      if (entry.data.subscriptionId !== subscription) continue;
      if (group !== undefined && entry.data.resourceGroupName.toLowerCase() !== group) continue;
      yield entry;
    }
  }

  isCurrent(entry: RegistryEntry): boolean {
    return this.registries.get(entry.key) === entry;
  }

  putRegistry(data: RegistryData): RegistryEntry {
    const key = nameKey(data.name);
    let entry = this.registries.get(key);
    if (entry === undefined) {
      entry = new RegistryEntry(data);
      this.registries.set(key, entry);
    } else {
      entry.data = data;
    }
    this.journal({ op: "putRegistry", registry: data });
    return entry;
  }

  deleteRegistry(entry: RegistryEntry): void {
    if (!this.registries.delete(entry.key)) return;
    this.journal({ op: "deleteRegistry", registry: entry.key });
  }

  putScopeMap(entry: RegistryEntry, scopeMap: ScopeMapData): void {
    const key = nameKey(scopeMap.name);
    if (!entry.scopeMaps.has(key) && scopeMap.type === "UserDefined") entry.userScopeMapCount++;
    entry.scopeMaps.set(key, scopeMap);
    this.journal({ op: "putScopeMap", registry: entry.key, scopeMap });
  }

  deleteScopeMap(entry: RegistryEntry, scopeMapKey: string): void {
    const existing = entry.scopeMaps.get(scopeMapKey);
    if (existing === undefined) return;
    entry.scopeMaps.delete(scopeMapKey);
    if (existing.type === "UserDefined") entry.userScopeMapCount--;
    entry.scopeMapUsers.delete(scopeMapKey);
    this.journal({ op: "deleteScopeMap", registry: entry.key, scopeMap: scopeMapKey });
  }

  putToken(entry: RegistryEntry, token: TokenData): void {
    const key = nameKey(token.name);
    const previous = entry.tokens.get(key);
    if (previous !== undefined && previous.scopeMapKey !== token.scopeMapKey) {
      entry.scopeMapUsers.get(previous.scopeMapKey)?.delete(key);
    }
    let users = entry.scopeMapUsers.get(token.scopeMapKey);
    if (users === undefined) {
      users = new Set();
      entry.scopeMapUsers.set(token.scopeMapKey, users);
    }
    users.add(key);
    entry.tokens.set(key, token);
    this.journal({ op: "putToken", registry: entry.key, token });
  }

  deleteToken(entry: RegistryEntry, tokenKey: string): void {
    const existing = entry.tokens.get(tokenKey);
    if (existing === undefined) return;
    entry.tokens.delete(tokenKey);
    entry.scopeMapUsers.get(existing.scopeMapKey)?.delete(tokenKey);
    this.journal({ op: "deleteToken", registry: entry.key, token: tokenKey });
  }

  operation(id: string): OperationData | undefined {
    return this.operations.get(id.toLowerCase());
  }

  putOperation(operation: OperationData): void {
    this.operations.delete(operation.id);
    this.operations.set(operation.id, operation);
    if (this.operations.size > RETAINED_OPERATIONS) {
      for (const [id, old] of this.operations) {
        if (this.operations.size <= RETAINED_OPERATIONS) break;
        if (old.status !== "InProgress") this.operations.delete(id);
      }
    }
    this.journal({ op: "putOperation", operation: persistable(operation) });
  }

  /** Operations that had not finished; after a restart they resume. */
  *runningOperations(): Generator<OperationData> {
    for (const operation of this.operations.values()) if (operation.status === "InProgress") yield operation;
  }

  reset(): void {
    this.resourceGroups.clear();
    this.registries.clear();
    this.operations.clear();
    this.nextOrdinal = 1;
    this.journal({ op: "reset" });
  }

  counts(): StateCounts {
    let scopeMaps = 0;
    let tokens = 0;
    for (const entry of this.registries.values()) {
      scopeMaps += entry.userScopeMapCount;
      tokens += entry.tokens.size;
    }
    return { registries: this.registries.size, scopeMaps, tokens };
  }

  /** Live records (not copies): callers serialise them straight away. */
  snapshot(): StateSnapshot {
    const registries: RegistrySnapshot[] = [];
    for (const entry of this.registries.values()) {
      registries.push({ registry: entry.data, scopeMaps: [...entry.scopeMaps.values()], tokens: [...entry.tokens.values()] });
    }
    return { nextOrdinal: this.nextOrdinal, registries, resourceGroups: [...this.resourceGroups.values()] };
  }

  /** What persistence writes to a snapshot (operation results with secrets left out). */
  durable(): DurableState {
    return { state: this.snapshot(), operations: [...this.operations.values()].map(persistable) };
  }

  /** Replaces the whole state without journaling (loading from disk, or going back to what is on disk). */
  load(durable: DurableState | undefined, entries: readonly JournalEntry[]): void {
    this.withoutJournal(() => {
      this.resourceGroups.clear();
      this.registries.clear();
      this.operations.clear();
      this.nextOrdinal = durable?.state.nextOrdinal ?? 1;
      for (const group of durable?.state.resourceGroups ?? []) this.putResourceGroup(group);
      for (const item of durable?.state.registries ?? []) {
        const entry = this.putRegistry(item.registry);
        for (const scopeMap of item.scopeMaps) this.putScopeMap(entry, scopeMap);
        for (const token of item.tokens) this.putToken(entry, token);
      }
      for (const operation of durable?.operations ?? []) this.putOperation(operation);
    });
    for (const entry of entries) this.replay(entry);
  }

  /** Re-applies one journal entry without journaling it again. */
  replay(entry: JournalEntry): void {
    this.withoutJournal(() => {
      switch (entry.op) {
        case "putResourceGroup":
          this.putResourceGroup(entry.resourceGroup);
          this.bumpOrdinal(entry.resourceGroup.ordinal);
          return;
        case "deleteResourceGroup":
          this.deleteResourceGroup(entry.subscriptionId, entry.resourceGroup);
          return;
        case "putRegistry":
          this.putRegistry(entry.registry);
          this.bumpOrdinal(entry.registry.ordinal);
          return;
        case "deleteRegistry": {
          const registry = this.registries.get(entry.registry);
          if (registry !== undefined) this.deleteRegistry(registry);
          return;
        }
        case "putOperation":
          this.putOperation(entry.operation);
          return;
        case "reset":
          this.reset();
          return;
      }
      const registry = this.registries.get(entry.registry);
      if (registry === undefined) return;
      switch (entry.op) {
        case "putScopeMap":
          this.putScopeMap(registry, entry.scopeMap);
          this.bumpOrdinal(entry.scopeMap.ordinal);
          return;
        case "deleteScopeMap":
          this.deleteScopeMap(registry, entry.scopeMap);
          return;
        case "putToken":
          this.putToken(registry, entry.token);
          this.bumpOrdinal(entry.token.ordinal);
          return;
        case "deleteToken":
          this.deleteToken(registry, entry.token);
          return;
      }
    });
  }

  private bumpOrdinal(ordinal: number): void {
    if (ordinal >= this.nextOrdinal) this.nextOrdinal = ordinal + 1;
  }

  private withoutJournal(action: () => void): void {
    const journal = this.journal;
    this.journal = () => undefined;
    try {
      action();
    } finally {
      this.journal = journal;
    }
  }
}

function persistable(operation: OperationData): OperationData {
  if (operation.result === undefined || !holdsSecrets(operation)) return operation;
  const { result: _secret, ...rest } = operation;
  return rest;
}
