import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { engineOf, openDatabase, type Engine } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ManualClock } from '../../src/lib/clock.ts';

/** Tests run on the engine DATABASE_URL names: SQLite in memory by default, or PostgreSQL. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'sqlite::memory:';
export const TEST_ENGINE: Engine = engineOf(TEST_DATABASE_URL);

let pgReachable: Promise<boolean> | null = null;
/** On a machine without PostgreSQL the PostgreSQL run says it skipped, rather than failing. */
export function databaseUnavailable(): Promise<string | false> {
  if (TEST_ENGINE !== 'postgres') return Promise.resolve(false);
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  })();
  return pgReachable.then((ok) => (ok ? false : `PostgreSQL at ${TEST_DATABASE_URL} is not reachable`));
}

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
  /** The PostgreSQL schema the test's tables are in (none on SQLite). */
  schema?: string;
  close(): Promise<void>;
}

export const TEST_NOW = new Date('2026-11-23T10:00:00Z');

/** A fresh, migrated database (its own schema on PostgreSQL) and the app on top of it. */
export async function createTestApp(overrides: Partial<Config> = {}, now = TEST_NOW): Promise<TestApp> {
  const config: Config = { ...loadConfig({ NODE_ENV: 'test', APP_SECRET: 'test-secret-test-secret-test-secret!' }), ...overrides };
  let schema: string | undefined;
  if (TEST_ENGINE === 'postgres') {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const opened = openDatabase(TEST_DATABASE_URL, { schema, poolSize: 4 });
  await migrateToLatest(opened.db, opened.engine);
  const clock = new ManualClock(now);
  const app = await buildApp({ config: { ...config, databaseUrl: TEST_DATABASE_URL }, db: opened.db, engine: opened.engine, clock });
  await app.ready();
  return {
    app,
    clock,
    config,
    schema,
    async close() {
      await app.close();
      await opened.close();
      if (schema) {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}
