/**
 * Images in the data plane: blobs by digest (shared by a registry's
 * repositories, but readable in a repository only once pushed or mounted
 * into it), manifests by digest and tags, per repository. Kept in memory;
 * with a dataDir also under `<dataDir>/content/<registry>/` (blob files by
 * digest and an index.json), each write complete before it is answered
 * (temporary file, fsync, rename), so pushed images survive a restart.
 */

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

interface RepositoryContent {
  blobs: Set<string>;
  /** digest → media type; the bytes are in the registry's blobs. */
  manifests: Map<string, string>;
  tags: Map<string, string>;
}

interface RegistryContent {
  blobs: Map<string, Buffer>;
  repositories: Map<string, RepositoryContent>;
}

interface IndexFile {
  repositories: Record<string, { blobs: string[]; manifests: Record<string, string>; tags: Record<string, string> }>;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

async function writeDurably(path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const file = await open(temporary, "w");
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dirname(path), "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export class ContentStore {
  private readonly registries = new Map<string, RegistryContent>();
  /** Per registry, the write in progress; writes to one registry's files go one after another. */
  private readonly writes = new Map<string, Promise<void>>();

  /** @param dir Where content is kept on disk; memory only when undefined. */
  constructor(private readonly dir: string | undefined) {}

  blob(registry: string, repository: string, digest: string): Buffer | undefined {
    const content = this.content(registry);
    return content.repositories.get(repository)?.blobs.has(digest) === true ? content.blobs.get(digest) : undefined;
  }

  /** Stores a pushed blob and makes it readable in the repository. */
  async putBlob(registry: string, repository: string, digest: string, bytes: Buffer): Promise<void> {
    const content = this.content(registry);
    const known = content.blobs.has(digest);
    if (!known) content.blobs.set(digest, bytes);
    this.repository(content, repository).blobs.add(digest);
    await this.persist(registry, known ? [] : [digest]);
  }

  async putManifest(registry: string, repository: string, manifest: StoredManifest, tag: string | undefined): Promise<void> {
    const content = this.content(registry);
    const known = content.blobs.has(manifest.digest);
    if (!known) content.blobs.set(manifest.digest, manifest.bytes);
    const target = this.repository(content, repository);
    target.manifests.set(manifest.digest, manifest.mediaType);
    if (tag !== undefined) target.tags.set(tag, manifest.digest);
    await this.persist(registry, known ? [] : [manifest.digest]);
  }

  /** The manifest a tag or digest names in the repository. */
  manifest(registry: string, repository: string, reference: string): StoredManifest | undefined {
    const content = this.content(registry);
    const target = content.repositories.get(repository);
    if (target === undefined) return undefined;
    const digest = isDigest(reference) ? reference : target.tags.get(reference);
    const mediaType = digest === undefined ? undefined : target.manifests.get(digest);
    const bytes = digest === undefined ? undefined : content.blobs.get(digest);
    return mediaType === undefined || bytes === undefined ? undefined : { digest: digest!, mediaType, bytes };
  }

  /** Removes the manifest and the tags that point at it; false when it is not there. */
  async deleteManifest(registry: string, repository: string, digest: string): Promise<boolean> {
    const target = this.content(registry).repositories.get(repository);
    if (target === undefined || !target.manifests.delete(digest)) return false;
    for (const [tag, tagged] of target.tags) if (tagged === digest) target.tags.delete(tag);
    await this.persist(registry, []);
    return true;
  }

  /** Tags in lexical order; undefined when the repository holds no manifest. */
  tags(registry: string, repository: string): string[] | undefined {
    const target = this.content(registry).repositories.get(repository);
    if (target === undefined || target.manifests.size === 0) return undefined;
    return [...target.tags.keys()].sort();
  }

  /** Repositories holding at least one manifest, in lexical order. */
  repositories(registry: string): string[] {
    const names: string[] = [];
    for (const [name, target] of this.content(registry).repositories) if (target.manifests.size > 0) names.push(name);
    return names.sort();
  }

  /** Forgets a deleted registry's content, also on disk. */
  async drop(registry: string): Promise<void> {
    this.registries.delete(registry);
    await this.queue(registry, async () => {
      if (this.dir !== undefined) await rm(join(this.dir, registry), { recursive: true, force: true });
    });
  }

  async dropAll(): Promise<void> {
    const names = new Set([...this.registries.keys(), ...this.writes.keys()]);
    this.registries.clear();
    await Promise.all([...names].map((name) => this.drop(name)));
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
  }

  /** Resolves once every write started so far has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }

  private repository(content: RegistryContent, name: string): RepositoryContent {
    let target = content.repositories.get(name);
    if (target === undefined) {
      target = { blobs: new Set(), manifests: new Map(), tags: new Map() };
      content.repositories.set(name, target);
    }
    return target;
  }

  private content(registry: string): RegistryContent {
    let content = this.registries.get(registry);
    if (content === undefined) {
      content = this.load(registry);
      this.registries.set(registry, content);
    }
    return content;
  }

  private load(registry: string): RegistryContent {
    const content: RegistryContent = { blobs: new Map(), repositories: new Map() };
    if (this.dir === undefined) return content;
    const indexPath = join(this.dir, registry, "index.json");
    if (!existsSync(indexPath)) return content;
    const index = JSON.parse(readFileSync(indexPath, "utf8")) as IndexFile;
    for (const [name, stored] of Object.entries(index.repositories)) {
      const target = { blobs: new Set(stored.blobs), manifests: new Map(Object.entries(stored.manifests)), tags: new Map(Object.entries(stored.tags)) };
      content.repositories.set(name, target);
      for (const digest of [...target.blobs, ...target.manifests.keys()]) {
        if (!content.blobs.has(digest)) content.blobs.set(digest, readFileSync(this.blobPath(registry, digest)));
      }
    }
    return content;
  }

  private blobPath(registry: string, digest: string): string {
    return join(this.dir!, registry, "blobs", digest.replace(":", "/"));
  }

  /** Writes the new blobs, then the index that names them. */
  private persist(registry: string, newBlobs: readonly string[]): Promise<void> {
    if (this.dir === undefined) return Promise.resolve();
    const content = this.content(registry);
    const blobs = newBlobs.map((digest) => ({ digest, bytes: content.blobs.get(digest)! }));
    const index: IndexFile = { repositories: {} };
    for (const [name, target] of content.repositories) {
      index.repositories[name] = { blobs: [...target.blobs], manifests: Object.fromEntries(target.manifests), tags: Object.fromEntries(target.tags) };
    }
    const text = JSON.stringify(index);
    return this.queue(registry, async () => {
      for (const { digest, bytes } of blobs) await writeDurably(this.blobPath(registry, digest), bytes);
      await writeDurably(join(this.dir!, registry, "index.json"), text);
    });
  }

  private queue(registry: string, write: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(registry) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.writes.set(registry, next);
    void next.finally(() => {
      if (this.writes.get(registry) === next) this.writes.delete(registry);
    }).catch(() => undefined);
    return next;
  }
}
