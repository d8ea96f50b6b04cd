import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

/** Staff handle what tenants send: assign it, keep notes, resolve it with a message. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = (engine === 'postgres' ? 'serial' : 'integer') as 'integer';
  const idCol = (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema.alterTable('requests').addColumn('assigned_staff_id', 'integer', (c) => c.references('staff_users.id')).execute();
  await db.schema.alterTable('requests').addColumn('resolved_at', 'text').execute();
  await db.schema.alterTable('requests').addColumn('resolved_by_staff_id', 'integer', (c) => c.references('staff_users.id')).execute();
  await db.schema.alterTable('requests').addColumn('resolution', 'text').execute();
  await db.schema.createIndex('requests_status').on('requests').columns(['status', 'created_at']).execute();
  await db.schema
    .createTable('request_notes')
    .addColumn('id', id, idCol)
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_notes_request').on('request_notes').column('request_id').execute();
}
