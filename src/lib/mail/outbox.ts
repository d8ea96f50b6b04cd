import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Written in the transaction of its cause; the mail worker sends it after commit. */
export async function queueEmail(db: Kysely<Database>, now: Date, message: EmailMessage): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      created_at: now.toISOString(),
      attempts: 0,
      next_attempt_at: now.toISOString(),
    })
    .execute();
}

export interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  created_at: string;
  attempts: number;
  sent_at: string | null;
  last_error: string | null;
}

export async function listOutbox(db: Kysely<Database>, limit = 50): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'to_address', 'subject', 'text_body', 'created_at', 'attempts', 'sent_at', 'last_error'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
