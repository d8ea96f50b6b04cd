import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Engine } from '../db/dialect.ts';
import { londonToday } from '../features/money/money.schemas.ts';
import { insertAll } from './scale-bulk.ts';
import { ScaleGenerator, usernameFor, type ScaleRows } from './scale-data.ts';
import { insertRepairs, ScaleRepairs } from './scale-repairs.ts';

export interface ScaleSeedOptions {
  db: Kysely<Database>;
  engine: Engine;
  tenancies: number;
  now: Date;
  /** One hash of the shared password, made once: hashing per account would take hours. */
  passwordHash: string;
  /** Households written per database transaction. */
  chunk?: number;
  log?: (line: string) => void;
}

export interface ScaleSeedResult {
  tenancies: number;
  agreements: number;
  people: number;
  accounts: number;
  transactions: number;
  repairs: number;
  seconds: number;
  /** A tenant of the first household, who always has an account. */
  signIn: { username: string };
}

const TABLES_WITH_IDS = ['properties', 'agreements', 'people', 'repairs'] as const;

/**
 * A large landlord, built in chunks of households: each chunk is generated in memory and written
 * in one transaction with multi-row inserts. The transactions table's secondary indexes are built
 * once at the end, which halves the load on both engines (measured at 2,000 tenancies).
 */
export async function seedScale(options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const { db, engine, tenancies, now } = options;
  const log = options.log ?? (() => {});
  const chunk = options.chunk ?? 500;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  const firstIds = { property: 1 + (await maxId(db, 'properties')), agreement: 1 + (await maxId(db, 'agreements')), person: 1 + (await maxId(db, 'people')) };
  const generator = new ScaleGenerator({ today: londonToday(now), nowIso: now.toISOString(), passwordHash: options.passwordHash }, firstIds);
  const repairs = new ScaleRepairs(now, await ScaleRepairs.firstId(db));
  if (engine === 'sqlite') {
    // A bigger page cache for the load only: this connection is closed when the seed ends.
    await sql`pragma cache_size = -262144`.execute(db);
  }

  const totals = { agreements: 0, people: 0, accounts: 0, transactions: 0, repairs: 0 };
  let reported = 0;
  await withIndexesBuiltAfter(db, engine, 'rent_transactions', async () => {
    for (let from = 0; from < tenancies; from += chunk) {
      const to = Math.min(tenancies, from + chunk);
      const rows = generator.households(from, to);
      const repairRows = repairs.forHouseholds(rows);
      await db.transaction().execute(async (trx) => {
        await insertAll(trx, engine, rows);
        await insertRepairs(trx, engine, repairRows);
      });
      count(totals, rows);
      totals.repairs += repairRows.repairs.length;
      if (to === tenancies || elapsed() - reported >= 2) {
        reported = elapsed();
        log(`  ${to.toLocaleString('en-GB')} of ${tenancies.toLocaleString('en-GB')} tenancies, ${totals.transactions.toLocaleString('en-GB')} transactions, ${totals.repairs.toLocaleString('en-GB')} repairs, ${elapsed().toFixed(1)} s`);
      }
    }
    log(`  building the transaction indexes, ${elapsed().toFixed(1)} s`);
  });

  if (engine === 'postgres') {
    // Ids were given explicitly, so each serial sequence is moved past them (a repair's reference is
    // made from its id, so the next repair logged gets the next reference).
    for (const table of TABLES_WITH_IDS) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(db);
    }
    log(`  analysing tables, ${elapsed().toFixed(1)} s`);
    await sql`analyze`.execute(db);
  } else {
    log(`  analysing tables, ${elapsed().toFixed(1)} s`);
    // A sample is enough for the planner and keeps this to seconds on millions of rows.
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze`.execute(db);
  }
  return { tenancies, ...totals, seconds: elapsed(), signIn: { username: usernameFor(0) } };
}

/**
 * Runs the load with the table's secondary indexes dropped, then builds them again from their own
 * stored definitions (so they stay exactly what the migrations made). Only for an empty table: an
 * index over existing rows is left alone.
 */
async function withIndexesBuiltAfter(db: Kysely<Database>, engine: Engine, table: 'rent_transactions', load: () => Promise<void>): Promise<void> {
  const empty = !(await db.selectFrom(table).select('id').limit(1).executeTakeFirst());
  const indexes = !empty
    ? []
    : engine === 'postgres'
      ? (await sql<{ name: string; definition: string }>`select i.indexname as name, i.indexdef as definition from pg_indexes i join pg_index x on x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass where i.tablename = ${table} and i.schemaname = current_schema() and not x.indisprimary`.execute(db)).rows
      : (await sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db)).rows;
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    await load();
  } finally {
    for (const index of indexes) await sql.raw(index.definition).execute(db);
  }
}

function count(totals: { agreements: number; people: number; accounts: number; transactions: number; repairs: number }, rows: ScaleRows): void {
  totals.agreements += rows.agreements.length;
  totals.people += rows.people.length;
  totals.accounts += rows.accounts.length;
  totals.transactions += rows.rent_transactions.length;
}

async function maxId(db: Kysely<Database>, table: (typeof TABLES_WITH_IDS)[number]): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

export function describeScaleSeed(r: ScaleSeedResult, password: string): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  return [
    `Seeded a large landlord: ${n(r.tenancies)} tenancies (${n(r.agreements)} agreements with former ones), ${n(r.people)} people, ${n(r.accounts)} portal accounts, ${n(r.transactions)} rent transactions, ${n(r.repairs)} repairs in ${r.seconds.toFixed(1)} s.`,
    `Sign in:   username ${r.signIn.username} / password ${password} (every fifth household's lead tenant is tenant<reference>, same password)`,
  ].join('\n');
}
