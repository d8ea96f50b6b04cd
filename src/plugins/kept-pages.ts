import { LRUCache } from 'lru-cache';

/**
 * Whole pages as sent, kept with the data they were drawn from (ADR 17).
 *
 * A page whose data a feature keeps per person while their page version stands (KeptPerPerson,
 * ADR 13) is handed the very same object on every visit until something of theirs changes. Its
 * HTML is then the same too, as long as everything else the templates read is the same: the
 * request's part of the context (CSRF token, the signed-in account, the path, the page's own
 * model). So a page is kept under that object, with the rest of the context written out as its
 * `vary` text; a visit with the same object and the same text gets the same bytes, and anything
 * else draws the page again.
 *
 * Drawing the dashboard and encoding it was more than a third of what a visit cost the server.
 *
 * The bytes are bounded in all; the least recently used page goes first. An object whose person
 * has moved on to a new version is simply never asked for again and ages out.
 */
export class KeptPages {
  private readonly pages: LRUCache<object, { vary: string; body: Buffer }> | null;

  /** `maxBytes` 0 keeps nothing (KEEP_PAGES=off). */
  constructor(maxBytes: number) {
    // The count bounds the keys too: objects of versions gone by stay until they are pushed out.
    this.pages = maxBytes === 0 ? null : new LRUCache({ max: Math.ceil(maxBytes / 1024), maxSize: maxBytes, sizeCalculation: (page) => page.body.length + page.vary.length });
  }

  /** The page kept for `data` drawn with the same `vary` text, or what `draw` makes now (and keeps). */
  bodyFor(data: object, vary: string, draw: () => string): Buffer {
    const kept = this.pages?.get(data);
    if (kept && kept.vary === vary) return kept.body;
    const body = Buffer.from(draw());
    this.pages?.set(data, { vary, body });
    return body;
  }

  get bytes(): number {
    return this.pages?.calculatedSize ?? 0;
  }
}
