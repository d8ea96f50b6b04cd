import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Stands in for a value while the query is built once; its place among the parameters is noted. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query built and compiled by Kysely once, then run with new values: building a query through
 * Kysely's immutable builders takes tens of microseconds, as long as SQLite takes to run it, and
 * the pages that everyone opens send the same few queries on every request.
 *
 * Only for queries whose shape never depends on the values (no `in` lists, no optional clauses):
 * `build` is called once per database (SQLite and PostgreSQL write different SQL), with stand-ins,
 * and its SQL kept. Each value must go in as a parameter, never as a name or a literal, or the
 * first call fails ("a value was not a parameter").
 */
/**
 * A reusableQuery for each key: for queries whose SQL holds a value written in as a literal (a
 * limit, which PostgreSQL must see to keep one plan), built the first time each key is asked for.
 * The keys must be few (a page's fixed limits), as each one keeps its query.
 */
export function reusableQueryPerKey<K, A extends unknown[], O>(make: (key: K) => (db: Kysely<Database>, ...values: A) => Promise<O[]>): (key: K) => (db: Kysely<Database>, ...values: A) => Promise<O[]> {
  const made = new Map<K, (db: Kysely<Database>, ...values: A) => Promise<O[]>>();
  return (key) => {
    let query = made.get(key);
    if (!query) made.set(key, (query = make(key)));
    return query;
  };
}

export function reusableQuery<A extends unknown[], O>(build: (db: Kysely<Database>, ...values: A) => Compilable<O>): (db: Kysely<Database>, ...values: A) => Promise<O[]> {
  // Keyed by the dialect's adapter: one per database opened, shared by its transactions.
  const byDatabase = new WeakMap<object, { compiled: CompiledQuery<O>; from: number[] }>();
  return async (db, ...values) => {
    const adapter = db.getExecutor().adapter;
    let kept = byDatabase.get(adapter);
    if (!kept) {
      const slots = values.map((_, i) => new Slot(i)) as unknown as A;
      const compiled = build(db, ...slots).compile();
      const from = compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1));
      if (new Set(from.filter((i) => i >= 0)).size !== values.length) throw new Error('reusableQuery: a value was not a parameter of the query');
      kept = { compiled, from };
      byDatabase.set(adapter, kept);
    }
    const { compiled, from } = kept;
    const parameters = compiled.parameters.map((p, k) => (from[k] >= 0 ? values[from[k]] : p));
    const result = await db.executeQuery<O>({ ...compiled, parameters });
    return result.rows;
  };
}
