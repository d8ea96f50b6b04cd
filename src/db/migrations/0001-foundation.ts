import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

type Col = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/** The few types that differ between the engines. */
function types(engine: Engine) {
  return {
    id: (engine === 'postgres' ? 'serial' : 'integer') as 'integer',
    idCol: ((c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement())) as Col,
    blob: (engine === 'postgres' ? 'bytea' : 'blob') as 'blob',
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = types(engine);
  const ref = (table: string, column = 'id'): Col => (c) => c.references(`${table}.${column}`).onDelete('restrict');

  await db.schema
    .createTable('people')
    .addColumn('id', t.id, t.idCol)
    .addColumn('title', 'text')
    .addColumn('forenames', 'text', (c) => c.notNull())
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('properties')
    .addColumn('id', t.id, t.idCol)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address_line1', 'text', (c) => c.notNull())
    .addColumn('address_line2', 'text')
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('county', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('uprn', 'text', (c) => c.unique())
    .addColumn('parent_id', 'integer', ref('properties'))
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', t.id, t.idCol)
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('property_id', 'integer', (c) => ref('properties')(c).notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .execute();
  await db.schema.createIndex('agreements_property').on('agreements').column('property_id').execute();

  await db.schema
    .createTable('agreement_members')
    .addColumn('agreement_id', 'integer', (c) => ref('agreements')(c).notNull())
    .addColumn('person_id', 'integer', (c) => ref('people')(c).notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agreement_members_pk', ['agreement_id', 'person_id'])
    .execute();
  await db.schema.createIndex('agreement_members_person').on('agreement_members').column('person_id').execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', t.id, t.idCol)
    .addColumn('person_id', 'integer', (c) => ref('people')(c).notNull().unique())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secret_question', 'text')
    .addColumn('secret_answer_hash', 'text')
    .addColumn('security_password_hash', 'text')
    .addColumn('preferred_contact', 'text', (c) => c.notNull().defaultTo('email'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute();

  await db.schema
    .createTable('activation_codes')
    .addColumn('id', t.id, t.idCol)
    .addColumn('person_id', 'integer', (c) => ref('people')(c).notNull())
    .addColumn('agreement_id', 'integer', (c) => ref('agreements')(c).notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('activation_codes_person').on('activation_codes').columns(['person_id', 'agreement_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', ref('accounts'))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('remember', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('contact_details')
    .addColumn('id', t.id, t.idCol)
    .addColumn('person_id', 'integer', (c) => ref('people')(c).notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_details_person').on('contact_details').column('person_id').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', t.id, t.idCol)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('person_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_events_person').on('audit_events').columns(['person_id', 'id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', t.id, t.idCol)
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['sent_at', 'next_attempt_at']).execute();

  await db.schema
    .createTable('letters')
    .addColumn('id', t.id, t.idCol)
    .addColumn('person_id', 'integer', (c) => ref('people')(c).notNull())
    .addColumn('agreement_id', 'integer', ref('agreements'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pdf', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('post_by', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text')
    .execute();
  await db.schema.createIndex('letters_person').on('letters').column('person_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', t.id, t.idCol)
    .addColumn('account_id', 'integer', (c) => ref('accounts')(c).notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('email_changes')
    .addColumn('id', t.id, t.idCol)
    .addColumn('account_id', 'integer', (c) => ref('accounts')(c).notNull())
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', t.id, t.idCol)
    .addColumn('person_id', 'integer', ref('people'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
