/**
 * Reads by key asked for in the same turn of the event loop, sent to the database as one statement.
 * Each read still starts after it was asked for, so it sees everything committed before then: the
 * answer is what a statement of its own would have given, and a statement's fixed cost on the
 * database server is paid once for the turn rather than once for each request in it.
 */
export class BatchedReads<K, V> {
  private pending: Array<{ key: K; resolve: (value: V | undefined) => void; reject: (err: unknown) => void }> = [];

  /** `readMany` answers the rows found for the keys it is given; `max` keys at most go in one statement. */
  constructor(
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly max = 100,
  ) {}

  read(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      // The first read of a turn sends the batch once the turn's other requests have asked too.
      if (this.pending.push({ key, resolve, reject }) === 1) setImmediate(() => this.send());
    });
  }

  private send(): void {
    const waiting = this.pending;
    this.pending = [];
    for (let i = 0; i < waiting.length; i += this.max) {
      const batch = waiting.slice(i, i + this.max);
      // Through a promise, so that even a `readMany` that throws at once fails only its batch.
      Promise.resolve([...new Set(batch.map((w) => w.key))]).then((keys) => this.readMany(keys)).then(
        (found) => batch.forEach((w) => w.resolve(found.get(w.key))),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      );
    }
  }
}
