import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Engine } from '../src/db/dialect.ts';

/** Where the benchmark keeps its databases: one per engine and size, reused while it matches. */
export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function benchDatabaseUrl(engine: Engine, tenancies: number): string {
  return engine === 'postgres' ? `${PG_SERVER}/doorstep_bench_${tenancies}` : `sqlite:data/bench/doorstep-${tenancies}.sqlite`;
}

/** Current tenancies with a rent account, or null when the database is missing or unseeded. */
async function seededTenancies(url: string, engine: Engine): Promise<number | null> {
  if (engine === 'sqlite' && !existsSync(url.replace(/^sqlite:/, ''))) return null;
  const { db, close } = openDatabase(url, { poolSize: 1 });
  try {
    const row = await db
      .selectFrom('agreements as a')
      .innerJoin('rent_accounts as r', 'r.agreement_id', 'a.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.status', '=', 'current')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  } catch {
    return null;
  } finally {
    await close();
  }
}

async function recreatePostgres(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

/** Runs `npm run db:seed` as a user would, so the benchmark measures the seed that ships. */
function runSeed(url: string, tenancies: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/seed/seed-cli.ts', '--tenancies', String(tenancies), '--database', url], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the seed failed with exit code ${code}`))));
  });
}

/**
 * A database of exactly `tenancies` seeded tenancies: reused when one is there, otherwise built.
 * Answers its URL and how long the build took (null when reused).
 */
export async function ensureBenchDatabase(engine: Engine, tenancies: number, rebuild: boolean): Promise<{ url: string; seedSeconds: number | null }> {
  const url = benchDatabaseUrl(engine, tenancies);
  if (!rebuild && (await seededTenancies(url, engine)) === tenancies) return { url, seedSeconds: null };
  console.log(`Building ${url} with ${tenancies.toLocaleString('en-GB')} tenancies…`);
  if (engine === 'postgres') await recreatePostgres(`doorstep_bench_${tenancies}`);
  else for (const suffix of ['', '-wal', '-shm']) rmSync(`${url.replace(/^sqlite:/, '')}${suffix}`, { force: true });
  const started = performance.now();
  await runSeed(url, tenancies);
  return { url, seedSeconds: (performance.now() - started) / 1000 };
}

/** Statements made by earlier runs are removed, so every run starts from the same data. */
export async function forgetBenchStatements(url: string): Promise<void> {
  const { db, close } = openDatabase(url, { poolSize: 1 });
  try {
    await db.deleteFrom('communications').where('kind', '=', 'statement').execute();
    await db.deleteFrom('sessions').execute();
  } finally {
    await close();
  }
}
