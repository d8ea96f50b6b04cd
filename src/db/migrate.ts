import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.ts';
import type { Engine } from './dialect.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-money.ts';
import * as m0003 from './migrations/0003-staff.ts';
import * as m0004 from './migrations/0004-request-handling.ts';
import * as m0005 from './migrations/0005-repairs.ts';
import * as m0007 from './migrations/0007-repair-triage.ts';
import * as m0008 from './migrations/0008-communications-unread.ts';
import * as m0009 from './migrations/0009-page-versions.ts';
import * as m0010 from './migrations/0010-page-versions-for-more-pages.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EngineMigration = { up(db: Kysely<any>, engine: Engine): Promise<void> };

/** Listed here rather than read from disk, so the list is typed and bundles cleanly. */
const migrations: Record<string, EngineMigration> = {
  '0001-foundation': m0001,
  '0002-money': m0002,
  '0003-staff': m0003,
  '0004-request-handling': m0004,
  '0005-repairs': m0005,
  '0007-repair-triage': m0007,
  '0008-communications-unread': m0008,
  '0009-page-versions': m0009,
  '0010-page-versions-for-more-pages': m0010,
};

class EngineAwareProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [name, { up: (db) => m.up(db, this.engine) }]),
    );
  }
}

export async function migrateToLatest(db: Kysely<Database>, engine: Engine): Promise<string[]> {
  // Unordered: a database made before 0002 existed still takes it, after 0003.
  // On PostgreSQL the bookkeeping tables go in the connection's own schema: without naming it,
  // Kysely finds another schema's kysely_migration table on a shared server and skips its own.
  const migrationTableSchema = engine === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db, provider: new EngineAwareProvider(engine), allowUnorderedMigrations: true, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}
