import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';

/**
 * Several lists in one read, a JSON array each: one round trip instead of one per list. The two
 * engines write JSON arrays differently, so Kysely's helper for the database's engine is chosen;
 * a query built once (see reusableQuery) makes the choice once.
 */
export function jsonArrayFor(db: Kysely<Database>): typeof sqliteJsonArray {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresJsonArray : sqliteJsonArray;
}

/**
 * A JSON array as the driver hands it over: PostgreSQL's driver parses it, SQLite's gives text.
 * SQLite also gives text for an array nested in another one's objects, because its mark that a
 * value is JSON does not survive a subquery.
 */
export function jsonList<T>(value: T[] | string | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
