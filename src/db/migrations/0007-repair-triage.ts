import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

/**
 * Repairs triage: staff notes the tenant never sees, and an index that hands the back office its
 * queue of open repairs already in triage order, so a page of it reads a few index entries
 * however many repairs have been closed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = (engine === 'postgres' ? 'serial' : 'integer') as 'integer';
  const idCol = (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('repair_internal_notes')
    .addColumn('id', id, idCol)
    .addColumn('repair_id', 'integer', (c) => c.notNull().references('repairs.id'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repair_internal_notes_repair').on('repair_internal_notes').columns(['repair_id', 'created_at']).execute();

  // These expressions and the WHERE are repeated word for word by the queue's queries
  // (src/features/staff/repairs-triage.repository.ts): both engines use an expression or partial
  // index only for a query that spells them the same way. Rank: emergency, then a possible
  // Awaab's Law hazard, then urgent, then routine. Due: the nearer of the two clocks.
  await sql`
    create index repairs_triage_queue on repairs (
      (case when priority = 'emergency' then 0 when investigate_by is not null or hazard_flags <> '[]' then 1 when priority = 'urgent' then 2 else 3 end),
      (case when investigate_by is not null and investigate_by < target_date then investigate_by else target_date end),
      id
    ) where status not in ('completed', 'cancelled')
  `.execute(db);
  // The same order within one status, for the queue filtered by status (newly reported ones, say).
  await sql`
    create index repairs_triage_queue_status on repairs (
      status,
      (case when priority = 'emergency' then 0 when investigate_by is not null or hazard_flags <> '[]' then 1 when priority = 'urgent' then 2 else 3 end),
      (case when investigate_by is not null and investigate_by < target_date then investigate_by else target_date end),
      id
    ) where status not in ('completed', 'cancelled')
  `.execute(db);
}
