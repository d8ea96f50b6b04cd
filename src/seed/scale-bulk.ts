import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Engine } from '../db/dialect.ts';
import type { ScaleRows } from './scale-data.ts';

type PgType = 'int4' | 'text' | 'bytea';
export type Columns = ReadonlyArray<readonly [name: string, pgType: PgType]>;

/** The columns each generated row fills, in order; tables are listed parents first. */
export const SCALE_TABLES: { [T in keyof ScaleRows]: Columns } = {
  properties: [['id', 'int4'], ['kind', 'text'], ['address_line1', 'text'], ['address_line2', 'text'], ['town', 'text'], ['county', 'text'], ['postcode', 'text'], ['uprn', 'text'], ['parent_id', 'int4']],
  agreements: [['id', 'int4'], ['reference', 'text'], ['type', 'text'], ['status', 'text'], ['property_id', 'int4'], ['start_date', 'text'], ['end_date', 'text']],
  people: [['id', 'int4'], ['title', 'text'], ['forenames', 'text'], ['surname', 'text'], ['date_of_birth', 'text'], ['created_at', 'text']],
  agreement_members: [['agreement_id', 'int4'], ['person_id', 'int4'], ['role', 'text']],
  contact_details: [['person_id', 'int4'], ['method', 'text'], ['value', 'text'], ['start_date', 'text'], ['end_date', 'text'], ['created_at', 'text'], ['updated_at', 'text']],
  accounts: [['person_id', 'int4'], ['username', 'text'], ['email', 'text'], ['password_hash', 'text'], ['must_change_password', 'int4'], ['preferred_contact', 'text'], ['status', 'text'], ['created_at', 'text']],
  charges: [['agreement_id', 'int4'], ['kind', 'text'], ['description', 'text'], ['amount_pence', 'int4'], ['frequency', 'text'], ['effective_from', 'text'], ['effective_to', 'text']],
  benefit_contributions: [['agreement_id', 'int4'], ['kind', 'text'], ['amount_pence', 'int4'], ['frequency', 'text'], ['effective_from', 'text'], ['effective_to', 'text']],
  rent_accounts: [['agreement_id', 'int4'], ['account_type', 'text'], ['payment_method', 'text'], ['balance_pence', 'int4'], ['last_seq', 'int4'], ['last_payment_date', 'text'], ['last_payment_pence', 'int4'], ['updated_at', 'text']],
  rent_transactions: [['agreement_id', 'int4'], ['seq', 'int4'], ['date', 'text'], ['type', 'text'], ['description', 'text'], ['amount_pence', 'int4'], ['balance_pence', 'int4'], ['reference', 'text'], ['created_at', 'text']],
  communications: [['person_id', 'int4'], ['agreement_id', 'int4'], ['kind', 'text'], ['title', 'text'], ['body', 'text'], ['pdf', 'bytea'], ['letter_id', 'int4'], ['idempotency_key', 'text'], ['created_at', 'text'], ['read_at', 'text']],
};

/** SQLite binds at most 32,766 parameters to one statement. */
const SQLITE_MAX_PARAMETERS = 32_766;
/** PostgreSQL takes each column as one array parameter, so only the message size bounds a batch. */
const PG_BATCH_ROWS = 20_000;

/**
 * Inserts many rows with few statements. SQLite gets multi-row VALUES lists as long as its
 * parameter limit allows; PostgreSQL gets one array per column, unnested into rows, which keeps the
 * statement text and parameter count small however many rows travel.
 */
export async function bulkInsert(db: Kysely<Database>, engine: Engine, table: keyof ScaleRows, rows: readonly unknown[][]): Promise<void> {
  await insertRows(db, engine, table, SCALE_TABLES[table], rows);
}

/** The same multi-row insert for any table, given the columns its rows fill. */
export async function insertRows(db: Kysely<Database>, engine: Engine, table: string, columns: Columns, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  if (engine === 'postgres') {
    const arrays = columns.map(([, type], c) => `$${c + 1}::${type}[]`);
    const text = `insert into ${table} (${names}) select * from unnest(${arrays.join(', ')}) as u(${columns.map((_, c) => `c${c}`).join(', ')})`;
    for (let start = 0; start < rows.length; start += PG_BATCH_ROWS) {
      const batch = rows.slice(start, start + PG_BATCH_ROWS);
      const parameters = columns.map((_, c) => batch.map((row) => row[c]));
      await db.executeQuery(CompiledQuery.raw(text, parameters));
    }
    return;
  }
  const perBatch = Math.floor(SQLITE_MAX_PARAMETERS / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statements = new Map<number, string>();
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    let text = statements.get(batch.length);
    if (!text) {
      text = `insert into ${table} (${names}) values ${Array.from({ length: batch.length }, () => tuple).join(', ')}`;
      statements.set(batch.length, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, batch.flat()));
  }
}

export async function insertAll(db: Kysely<Database>, engine: Engine, rows: ScaleRows): Promise<void> {
  for (const table of Object.keys(SCALE_TABLES) as Array<keyof ScaleRows>) await bulkInsert(db, engine, table, rows[table]);
}
