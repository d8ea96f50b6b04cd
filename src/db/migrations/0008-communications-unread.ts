import type { Kysely } from 'kysely';

/**
 * The dashboard counts a person's unread communications on every visit. Without this index the
 * count read each of their rows, and a statement's PDF is kept in its row before read_at, so a
 * tenant with many statements paid for reading through them all; now the count reads the index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('communications_unread').on('communications').columns(['person_id', 'read_at']).execute();
}
