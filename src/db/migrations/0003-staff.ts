import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = (engine === 'postgres' ? 'serial' : 'integer') as 'integer';
  const idCol = (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('staff_users')
    .addColumn('id', id, idCol)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_confirmed_at', 'text')
    .addColumn('totp_last_counter', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('id', id, idCol)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('staff_recovery_codes_staff').on('staff_recovery_codes').column('staff_id').execute();

  await db.schema
    .createTable('staff_invitations')
    .addColumn('id', id, idCol)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // Staff sessions share the sessions table; `kind` keeps a tenant's cookie from ever being read as staff.
  await db.schema.alterTable('sessions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('tenant')).execute();
  await db.schema.alterTable('sessions').addColumn('staff_id', 'integer', (c) => c.references('staff_users.id')).execute();
  await db.schema.createIndex('sessions_staff').on('sessions').column('staff_id').execute();
}
