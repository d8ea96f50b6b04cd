import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

/** Repairs reported by tenants, their status history, the contractors' work orders and photos. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = (engine === 'postgres' ? 'serial' : 'integer') as 'integer';
  const idCol = (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('repairs')
    .addColumn('id', id, idCol)
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    // The home, or the block for a repair to its communal areas.
    .addColumn('property_id', 'integer', (c) => c.notNull().references('properties.id'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id'))
    .addColumn('reported_by_person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    // Catalogue ids and the words shown when it was reported, so a later catalogue edit keeps history readable.
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('problem_id', 'text', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('trade', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('investigate_by', 'text')
    .addColumn('hazard_flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('damp_details', 'text')
    .addColumn('access_notes', 'text')
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('repairs_agreement').on('repairs').columns(['agreement_id', 'reported_at']).execute();
  await db.schema.createIndex('repairs_property').on('repairs').columns(['property_id', 'reported_at']).execute();
  await db.schema.createIndex('repairs_status').on('repairs').columns(['status', 'reported_at']).execute();
  await db.schema.createIndex('repairs_idempotency').on('repairs').columns(['reported_by_person_id', 'idempotency_key']).unique().execute();

  await db.schema
    .createTable('repair_status_history')
    .addColumn('id', id, idCol)
    .addColumn('repair_id', 'integer', (c) => c.notNull().references('repairs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repair_status_history_repair').on('repair_status_history').columns(['repair_id', 'at']).execute();

  await db.schema
    .createTable('work_orders')
    .addColumn('id', id, idCol)
    .addColumn('repair_id', 'integer', (c) => c.notNull().references('repairs.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('contractor_name', 'text', (c) => c.notNull())
    .addColumn('contractor_phone', 'text', (c) => c.notNull())
    .addColumn('trade', 'text', (c) => c.notNull())
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('appointment_date', 'text')
    .addColumn('appointment_slot', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_orders_repair').on('work_orders').column('repair_id').execute();

  await db.schema
    .createTable('repair_photos')
    .addColumn('id', id, idCol)
    .addColumn('repair_id', 'integer', (c) => c.notNull().references('repairs.id'))
    // A random name under the uploads directory; never the name the file was sent with.
    .addColumn('stored_name', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by_person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repair_photos_repair').on('repair_photos').column('repair_id').execute();
}
