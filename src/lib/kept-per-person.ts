import { LRUCache } from 'lru-cache';

/**
 * What a page worked out for each person, kept in this process's memory with the person's page
 * version at the time (db/page-versions.ts) and handed back while their version is unchanged. The
 * version must be read before the work starts: a write landing in between then makes the kept
 * value look older than it is, which costs a read next time and never shows old data.
 *
 * Values are shared between requests, so nothing may change them once kept.
 */
export class KeptPerPerson<T extends object> {
  private readonly kept: LRUCache<number, { version: number; value: T }>;

  /** `max` people are kept; past that the one unused longest goes. */
  constructor(max: number) {
    this.kept = new LRUCache({ max });
  }

  async get(personId: number, version: number, work: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(personId);
    if (hit && hit.version === version) return hit.value;
    const value = await work();
    // A slower request that read an older version must not replace a newer one.
    const now = this.kept.get(personId);
    if (!now || now.version <= version) this.kept.set(personId, { version, value });
    return value;
  }

  get size(): number {
    return this.kept.size;
  }
}
