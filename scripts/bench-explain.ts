import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import type { Engine } from '../src/db/dialect.ts';
import { DEMO_PASSWORD } from '../src/seed/demo-seed.ts';
import { referenceFor, usernameFor } from '../src/seed/scale-data.ts';
import { Agent } from '../test/helpers/agent.ts';
import { benchDatabaseUrl } from './bench-database.ts';

// npm run bench:explain -- --engine postgres --tenancies 20000
// Walks a tenant's money pages against a seeded database, records every statement the app sends,
// and prints each one's query plan, marking any full scan of a table that grows with the landlord.
const { values } = parseArgs({ options: { engine: { type: 'string', default: 'sqlite' }, tenancies: { type: 'string', default: '20000' }, household: { type: 'string', default: '0' } } });
const engine = values.engine as Engine;
const url = benchDatabaseUrl(engine, Number(values.tenancies));
const GROWING = ['rent_transactions', 'rent_accounts', 'agreements', 'agreement_members', 'people', 'accounts', 'properties', 'charges', 'benefit_contributions', 'communications', 'contact_details', 'letters', 'audit_events', 'repairs', 'repair_status_history', 'work_orders', 'repair_photos'];

const seen = new Map<string, readonly unknown[]>();
const log = (event: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
  if (!seen.has(event.query.sql)) seen.set(event.query.sql, event.query.parameters);
};
const db =
  engine === 'postgres'
    ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }), log })
    : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(url.replace(/^sqlite:/, '')) }), log });

const config = { ...loadConfig({ NODE_ENV: 'test', APP_SECRET: 'explain-only-secret-explain-only-secret' }), databaseUrl: url };
const app = await buildApp({ config, db, engine });
await app.ready();
const agent = new Agent(app);
const household = Number(values.household);
const signedIn = await agent.post('/sign-in', { identifier: usernameFor(household), password: DEMO_PASSWORD }, { from: '/sign-in' });
if (signedIn.statusCode !== 303) throw new Error(`signing in answered ${signedIn.statusCode}`);
const ref = referenceFor(household);
// PostgreSQL rightly reads a table of a few pages whole rather than through an index: only a
// scan of a table with real numbers of rows is a problem.
const sizes = new Map<string, number>();
if (engine === 'postgres') {
  const { rows } = await db.executeQuery<{ relname: string; n: number }>(CompiledQuery.raw(`select relname, reltuples::int as n from pg_class where relkind = 'r' and relnamespace = current_schema()::regnamespace`, []));
  for (const r of rows) sizes.set(r.relname, Number(r.n));
}
const large = (table: string) => engine !== 'postgres' || (sizes.get(table) ?? 0) > 1000;

// Only what the pages ask for from here on: signing in is not a money page.
seen.clear();
for (const path of ['/dashboard', '/agreements', `/agreements/${ref}`, `/agreements/${ref}/ways-to-pay`, `/agreements/${ref}/transactions`, `/agreements/${ref}/transactions?from-day=1&from-month=1&from-year=2025&to-day=31&to-month=3&to-year=2025`, `/agreements/${ref}/transactions/print?from-day=1&from-month=4&from-year=2025&to-day=30&to-month=9&to-year=2025`, '/communications']) {
  const res = await agent.get(path);
  if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
}
let page = await agent.get(`/agreements/${ref}/transactions`);
for (let i = 0, older = /href="([^"]*older=[^"]*)"/.exec(page.body); older && i < 5; i++, older = /href="([^"]*older=[^"]*)"/.exec(page.body)) {
  page = await agent.get(older[1].replaceAll('&amp;', '&'));
}
const newer = /href="([^"]*newer=[^"]*)"/.exec(page.body);
if (newer) await agent.get(newer[1].replaceAll('&amp;', '&'));
const statement = await agent.post(`/agreements/${ref}/statement`, { period: 'last-12-months', key: `explain_${Date.now()}_statement` }, { from: `/agreements/${ref}/statement` });
if (statement.statusCode !== 303) throw new Error(`the statement answered ${statement.statusCode}`);
await agent.get(statement.headers.location as string);
// The repairs pages: the household's list, one of its repairs, its address and its block.
for (const path of ['/repairs', '/repairs/address', '/repairs/communal']) {
  const res = await agent.get(path);
  if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
  const repair = /href="(\/repairs\/R\d{7,})"/.exec(res.body)?.[1];
  if (repair && (await agent.get(repair)).statusCode !== 200) throw new Error(`${repair} did not open`);
}

let problems = 0;
for (const [text, parameters] of seen) {
  if (!/^\s*(select|update|delete)/i.test(text)) continue;
  const plan = engine === 'postgres' ? await explainPostgres(text, parameters) : await explainSqlite(text, parameters);
  const scans = plan.filter((line) => GROWING.some((t) => large(t) && (engine === 'postgres' ? new RegExp(`Seq Scan on ${t}\\b`) : new RegExp(`\\bSCAN ${t}\\b(?! USING)`)).test(line)));
  problems += scans.length;
  console.log(`${scans.length ? 'SCAN ' : 'ok   '} ${text.replace(/\s+/g, ' ').slice(0, 220)}`);
  for (const line of plan) console.log(`        ${line}`);
}
console.log(problems ? `\n${problems} full scans of growing tables on ${engine}.` : `\nNo full scans of growing tables on ${engine}: every money and repairs page query is answered from an index.`);
await app.close();
await db.destroy();
process.exitCode = problems ? 1 : 0;

async function explainPostgres(text: string, parameters: readonly unknown[]): Promise<string[]> {
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${text}`, [...parameters]));
  return rows.map((r) => r['QUERY PLAN']);
}

async function explainSqlite(text: string, parameters: readonly unknown[]): Promise<string[]> {
  const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
  return rows.map((r) => r.detail);
}
