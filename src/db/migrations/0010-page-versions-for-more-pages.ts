import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';
import { dropPageVersionTriggers, pageVersionTriggers, WATCHED_TABLES } from '../page-versions.ts';

/**
 * Page versions for the rent account, My Balance and the repairs pages as well as the dashboard
 * (ADR 15): the triggers are made again from the wider set of watched tables. A block's homes are
 * found by `parent_id` whenever one of its repairs is written, hence the index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.createIndex('properties_parent').on('properties').column('parent_id').execute();
  for (const statement of dropPageVersionTriggers(engine, Object.keys(WATCHED_TABLES))) await sql.raw(statement).execute(db);
  for (const statement of pageVersionTriggers(engine)) await sql.raw(statement).execute(db);
}
