import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Engine } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = (engine === 'postgres' ? 'serial' : 'integer') as 'integer';
  const idCol = (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  const blob = (engine === 'postgres' ? 'bytea' : 'blob') as 'blob';
  // A landlord with millions of transactions outgrows 32-bit ids on PostgreSQL long before SQLite notices.
  const bigId = (engine === 'postgres' ? 'bigserial' : 'integer') as 'integer';

  await db.schema
    .createTable('charges')
    .addColumn('id', id, idCol)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .execute();
  await db.schema.createIndex('charges_agreement').on('charges').columns(['agreement_id', 'effective_from']).execute();

  await db.schema
    .createTable('benefit_contributions')
    .addColumn('id', id, idCol)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .execute();
  await db.schema.createIndex('benefit_contributions_agreement').on('benefit_contributions').columns(['agreement_id', 'effective_from']).execute();

  // One row per agreement: the balance and the last posting number live here, so a page reads the
  // balance with one key lookup and a posting takes its number with one atomic UPDATE … RETURNING.
  await db.schema
    .createTable('rent_accounts')
    .addColumn('agreement_id', 'integer', (c) => c.primaryKey().references('agreements.id'))
    .addColumn('account_type', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('balance_pence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_payment_date', 'text')
    .addColumn('last_payment_pence', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rent_transactions')
    .addColumn('id', bigId, idCol)
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addColumn('balance_pence', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // (agreement, seq) is unique so two postings racing for the same number cannot both land; dates
  // never go backwards within an agreement, so (agreement, date, seq) serves the newest-first pages,
  // date filters and keyset cursors from one index with no offset scans.
  await db.schema.createIndex('rent_transactions_seq').on('rent_transactions').columns(['agreement_id', 'seq']).unique().execute();
  await db.schema.createIndex('rent_transactions_date').on('rent_transactions').columns(['agreement_id', 'date', 'seq']).execute();

  await db.schema
    .createTable('communications')
    .addColumn('id', id, idCol)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('pdf', blob)
    .addColumn('letter_id', 'integer', (c) => c.references('letters.id').unique())
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('communications_person').on('communications').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('communications_idempotency').on('communications').columns(['person_id', 'idempotency_key']).unique().execute();
}
