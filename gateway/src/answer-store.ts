import { createHash } from 'node:crypto';
import type { SharedStore } from '@samverkan/common';
import type { CachedAnswer } from './response-cache';

/**
 * Where the response cache keeps answers and each subgraph's data version
 * (raised by every write that reaches it, so answers built before it are not
 * served again).
 */
export interface AnswerStore {
  /** The answer under `key`, if any, and the data versions now; undefined when the store cannot be asked. */
  lookup(key: string): Promise<{ entry?: CachedAnswer; versions: ReadonlyMap<string, number> } | undefined>;
  /** Keeps an answer until it expires; `serialized` is its JSON, already made to check its size. */
  put(key: string, entry: CachedAnswer, serialized: string): void;
  remove(key: string): void;
  bumpVersion(subgraph: string): void;
  /** Answers made under another supergraph are not served under this one. */
  useSupergraph(supergraphSdl: string): void;
  readonly size: number | undefined;
}

/** One instance's answers, the least recently used dropped first. */
export class MemoryAnswerStore implements AnswerStore {
  private readonly entries = new Map<string, CachedAnswer>();
  private readonly versions = new Map<string, number>();

  constructor(private readonly maxEntries: number) {}

  async lookup(key: string) {
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last: the map's first entry is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return { entry, versions: new Map(this.versions) };
  }

  put(key: string, entry: CachedAnswer): void {
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  bumpVersion(subgraph: string): void {
    this.versions.set(subgraph, (this.versions.get(subgraph) ?? 0) + 1);
  }

  useSupergraph(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Answers shared by every gateway instance in Redis: one key per answer,
 * expiring with it (Redis's own eviction bounds the total), and one hash of
 * data versions, so that a write through any instance stops every instance
 * serving what it made stale. Keys carry a digest of the supergraph, so an
 * instance still on the old one during a rollout never serves answers made
 * under the new one, nor the other way round.
 *
 * Redis down: lookups answer "cannot tell" and the request is answered
 * afresh. A version raise that fails is retried before this instance uses
 * the store again; until it is delivered this instance serves nothing from
 * the cache, and other instances may serve the stale answer for at most its
 * remaining max-age once Redis is back.
 */
export class RedisAnswerStore implements AnswerStore {
  private supergraph = 'none';
  private readonly undelivered = new Set<string>();
  private readonly versionsKey: string;

  constructor(private readonly store: SharedStore) {
    this.versionsKey = `${store.keyPrefix}cache:versions`;
  }

  private answerKey(key: string): string {
    return `${this.store.keyPrefix}cache:answer:${this.supergraph}:${createHash('sha256').update(key).digest('hex')}`;
  }

  async lookup(key: string) {
    if (!this.store.available() || !(await this.deliverBumps())) return undefined;
    try {
      const [[versionsError, versions], [answerError, answer]] = (await this.store.client
        .multi()
        .hgetall(this.versionsKey)
        .get(this.answerKey(key))
        .exec())!;
      if (versionsError || answerError) return undefined;
      return {
        entry: typeof answer === 'string' ? (JSON.parse(answer) as CachedAnswer) : undefined,
        versions: new Map(Object.entries(versions as Record<string, string>).map(([s, v]) => [s, Number(v)])),
      };
    } catch {
      return undefined;
    }
  }

  put(key: string, entry: CachedAnswer, serialized: string): void {
    const ttlMs = entry.expiresAt - Date.now();
    if (ttlMs <= 0 || !this.store.available()) return;
    // The result's JSON is already made; the envelope around it is small.
    const value = `{"result":${serialized},"expiresAt":${entry.expiresAt},"storedAt":${entry.storedAt},"versions":${JSON.stringify(entry.versions)}}`;
    this.store.client.set(this.answerKey(key), value, 'PX', ttlMs).catch(() => undefined);
  }

  remove(key: string): void {
    if (this.store.available()) this.store.client.del(this.answerKey(key)).catch(() => undefined);
  }

  bumpVersion(subgraph: string): void {
    this.undelivered.add(subgraph);
    void this.deliverBumps();
  }

  /** Raises the versions not yet raised; true when none is left undelivered. */
  private async deliverBumps(): Promise<boolean> {
    for (const subgraph of [...this.undelivered]) {
      try {
        await this.store.client.hincrby(this.versionsKey, subgraph, 1);
        this.undelivered.delete(subgraph);
      } catch {
        return false;
      }
    }
    return true;
  }

  useSupergraph(supergraphSdl: string): void {
    this.supergraph = createHash('sha256').update(supergraphSdl).digest('hex').slice(0, 16);
  }

  readonly size = undefined;
}
