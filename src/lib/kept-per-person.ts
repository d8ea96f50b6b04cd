import { LRUCache } from 'lru-cache';

/** Who is looking: the signed-in person and their page version, read with the session (CurrentAccount has both). */
export interface Viewer {
  personId: number;
  pagesVersion: number;
}

/**
 * What a page worked out for each person, kept in this process's memory with the person's page
 * version at the time (db/page-versions.ts) and handed back while their version is unchanged. The
 * version must be read before the work starts: a write landing in between then makes the kept
 * value look older than it is, which costs a read next time and never shows old data.
 *
 * A page that differs by what the URL names (an agreement, a repair, a page of transactions) keeps
 * one value per `key` for each person; a kept value for another key is never handed back.
 *
 * Values are shared between requests, so nothing may change them once kept.
 */
export class KeptPerPerson<T extends object> {
  private readonly kept: LRUCache<string, { version: number; value: T }> | null;

  /**
   * `max` values are kept; past that the one unused longest goes. With `sizeOf` (a value's rows,
   * say), `max` bounds the sum of their sizes instead, for pages whose values differ a lot in size.
   * With `max` 0 nothing is kept: every visit does the work (KEEP_PAGES=off).
   */
  constructor(max: number, sizeOf?: (value: T) => number) {
    this.kept = max === 0 ? null : sizeOf ? new LRUCache({ maxSize: max, sizeCalculation: (kept) => Math.max(1, sizeOf(kept.value)) }) : new LRUCache({ max });
  }

  /** As `get`, for the signed-in person: their id and the page version their session's read brought. */
  for(viewer: Viewer, key: string, work: () => Promise<T>): Promise<T> {
    return this.get(viewer.personId, viewer.pagesVersion, work, key);
  }

  async get(personId: number, version: number, work: () => Promise<T>, key = ''): Promise<T> {
    if (!this.kept) return work();
    // A person's id has no space in it, so one person's key can never read as another's.
    const at = `${personId} ${key}`;
    const hit = this.kept.get(at);
    if (hit && hit.version === version) return hit.value;
    const value = await work();
    // A slower request that read an older version must not replace a newer one.
    const now = this.kept.get(at);
    if (!now || now.version <= version) this.kept.set(at, { version, value });
    return value;
  }

  get size(): number {
    return this.kept?.size ?? 0;
  }
}
