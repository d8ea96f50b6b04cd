import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';
import { pageVersionTriggers } from '../page-versions.ts';

/** Each person's page version and the triggers that raise it (see page-versions.ts, ADR 13). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('page_versions')
    .addColumn('person_id', 'integer', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  for (const statement of pageVersionTriggers(engine)) await sql.raw(statement).execute(db);
}
