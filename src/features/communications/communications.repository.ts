import type { ExpressionBuilder, Kysely } from 'kysely';
import type { CommunicationsTable, Database } from '../../db/database.ts';

export interface CommunicationSummary {
  id: number;
  kind: CommunicationsTable['kind'];
  title: string;
  createdAt: string;
  readAt: string | null;
}

export interface Communication extends CommunicationSummary {
  agreementId: number | null;
  body: string | null;
  hasPdf: boolean;
}

/**
 * What the dashboard's tile counts, as three columns of its one read: everything listed, what is
 * unread, and letters not yet listed (they join the list, unread, when it is next opened).
 */
export const communicationCounts = (eb: ExpressionBuilder<Database, never>, personId: number) => [
  eb.selectFrom('communications').select(eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).as('comms_total'),
  eb.selectFrom('communications').select(eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).where('read_at', 'is', null).as('comms_unread'),
  eb
    .selectFrom('letters as l')
    .select(eb.fn.countAll<number>().as('n'))
    .where('l.person_id', '=', personId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('communications as c').select('c.id').whereRef('c.letter_id', '=', 'l.id'))))
    .as('letters_waiting'),
];

export function countsOf(row: { comms_total: number | string | null; comms_unread: number | string | null; letters_waiting: number | string | null }): { total: number; unread: number } {
  const waiting = Number(row.letters_waiting);
  return { total: Number(row.comms_total) + waiting, unread: Number(row.comms_unread) + waiting };
}

export class CommunicationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Letters we posted (the registration letter, for one) are listed with everything else. The
   * letters table belongs to the features that write letters, so each letter is mirrored here once,
   * on first sight, to give it a read/unread state; the unique letter_id makes a race harmless.
   */
  async adoptLetters(personId: number): Promise<void> {
    const waiting = await this.db
      .selectFrom('letters as l')
      .leftJoin('communications as c', 'c.letter_id', 'l.id')
      .select(['l.id', 'l.agreement_id', 'l.title', 'l.created_at'])
      .where('l.person_id', '=', personId)
      .where('c.id', 'is', null)
      .execute();
    for (const l of waiting) {
      await this.db
        .insertInto('communications')
        .values({ person_id: personId, agreement_id: l.agreement_id, kind: 'letter', title: l.title, body: null, pdf: null, letter_id: l.id, idempotency_key: null, created_at: l.created_at, read_at: null })
        .onConflict((oc) => oc.column('letter_id').doNothing())
        .execute();
    }
  }

  async list(personId: number, limit: number): Promise<CommunicationSummary[]> {
    const rows = await this.db
      .selectFrom('communications')
      .select(['id', 'kind', 'title', 'created_at', 'read_at'])
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, createdAt: r.created_at, readAt: r.read_at }));
  }

  /** Only this person's: anyone else's answers undefined, and the page a 404. */
  async find(personId: number, id: number): Promise<Communication | undefined> {
    const row = await this.db
      .selectFrom('communications')
      .select((eb) => ['id', 'kind', 'title', 'created_at', 'read_at', 'agreement_id', 'body', eb.or([eb('pdf', 'is not', null), eb('letter_id', 'is not', null)]).as('has_pdf')])
      .where('person_id', '=', personId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, kind: row.kind, title: row.title, createdAt: row.created_at, readAt: row.read_at, agreementId: row.agreement_id, body: row.body, hasPdf: Boolean(row.has_pdf) };
  }

  async pdf(personId: number, id: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('communications as c')
      .leftJoin('letters as l', (j) => j.onRef('l.id', '=', 'c.letter_id').on('l.person_id', '=', personId))
      .select(['c.pdf', 'l.pdf as letter_pdf'])
      .where('c.person_id', '=', personId)
      .where('c.id', '=', id)
      .executeTakeFirst();
    return row?.pdf ?? row?.letter_pdf ?? undefined;
  }

  async markRead(personId: number, id: number, nowIso: string): Promise<void> {
    await this.db.updateTable('communications').set({ read_at: nowIso }).where('person_id', '=', personId).where('id', '=', id).where('read_at', 'is', null).execute();
  }

  async findByKey(personId: number, key: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('communications').select('id').where('person_id', '=', personId).where('idempotency_key', '=', key).executeTakeFirst();
    return row?.id;
  }

  /** Inserts unless this person already sent this key; either way answers the record's id. */
  async insertOnce(values: { personId: number; agreementId: number | null; kind: CommunicationsTable['kind']; title: string; body: string | null; pdf: Uint8Array | null; key: string | null; nowIso: string }): Promise<number> {
    const inserted = await this.db
      .insertInto('communications')
      .values({ person_id: values.personId, agreement_id: values.agreementId, kind: values.kind, title: values.title, body: values.body, pdf: values.pdf, letter_id: null, idempotency_key: values.key, created_at: values.nowIso, read_at: null })
      .onConflict((oc) => oc.columns(['person_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted.id;
    return (await this.findByKey(values.personId, values.key ?? ''))!;
  }
}
