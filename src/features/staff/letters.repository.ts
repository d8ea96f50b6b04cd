import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface QueuedLetter {
  id: number;
  kind: string;
  title: string;
  personId: number;
  personName: string;
  createdAt: string;
  postBy: string;
  postedAt: string | null;
}

export class LettersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(values: { personId: number; agreementId: number | null; kind: string; title: string; pdf: Buffer; createdAt: string; postBy: string }): Promise<number> {
    const row = await this.db
      .insertInto('letters')
      .values({ person_id: values.personId, agreement_id: values.agreementId, kind: values.kind, title: values.title, pdf: values.pdf, created_at: values.createdAt, post_by: values.postBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Letters waiting to be posted, the most urgent first; then the most recently posted. */
  async queue(posted: boolean, limit: number): Promise<QueuedLetter[]> {
    let q = this.db
      .selectFrom('letters as l')
      .innerJoin('people as p', 'p.id', 'l.person_id')
      .select(['l.id', 'l.kind', 'l.title', 'l.person_id', 'p.forenames', 'p.surname', 'l.created_at', 'l.post_by', 'l.posted_at']);
    q = posted ? q.where('l.posted_at', 'is not', null).orderBy('l.posted_at', 'desc') : q.where('l.posted_at', 'is', null).orderBy('l.post_by').orderBy('l.id');
    const rows = await q.limit(limit).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, personId: r.person_id, personName: `${r.forenames} ${r.surname}`, createdAt: r.created_at, postBy: r.post_by, postedAt: r.posted_at }));
  }

  async pdfs(ids: number[]): Promise<Array<{ id: number; pdf: Uint8Array }>> {
    if (!ids.length) return [];
    return this.db.selectFrom('letters').select(['id', 'pdf']).where('id', 'in', ids).orderBy('post_by').orderBy('id').execute();
  }

  async markPosted(ids: number[], atIso: string): Promise<number> {
    if (!ids.length) return 0;
    const result = await this.db.updateTable('letters').set({ posted_at: atIso }).where('id', 'in', ids).where('posted_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** People on current agreements with no portal account and no code that still works. */
  async unregisteredWithoutLiveCode(nowIso: string, limit: number): Promise<Array<{ personId: number; agreementId: number }>> {
    const rows = await this.db
      .selectFrom('agreement_members as m')
      .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
      .select(['m.person_id', 'm.agreement_id'])
      .where('a.status', '=', 'current')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('accounts').select('accounts.id').whereRef('accounts.person_id', '=', 'm.person_id'))))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('activation_codes as c')
              .select('c.id')
              .whereRef('c.person_id', '=', 'm.person_id')
              .whereRef('c.agreement_id', '=', 'm.agreement_id')
              .where('c.used_at', 'is', null)
              .where('c.revoked_at', 'is', null)
              .where('c.expires_at', '>', nowIso),
          ),
        ),
      )
      .orderBy('m.person_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ personId: r.person_id, agreementId: r.agreement_id }));
  }

  /** Name and tenancy address for a letter, if the person is a member of that current agreement. */
  async addressee(personId: number, agreementId: number): Promise<{ name: string; address: string[]; reference: string; registered: boolean } | undefined> {
    const row = await this.db
      .selectFrom('agreement_members as m')
      .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
      .innerJoin('properties as pr', 'pr.id', 'a.property_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .leftJoin('accounts as acc', 'acc.person_id', 'p.id')
      .select(['p.title', 'p.forenames', 'p.surname', 'a.reference', 'pr.address_line1', 'pr.address_line2', 'pr.town', 'pr.county', 'pr.postcode', 'acc.id as account_id'])
      .where('m.person_id', '=', personId)
      .where('m.agreement_id', '=', agreementId)
      .where('a.status', '=', 'current')
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      name: [row.title, row.forenames, row.surname].filter(Boolean).join(' '),
      address: [row.address_line1, row.address_line2, row.town, row.county, row.postcode].filter((x): x is string => Boolean(x)),
      reference: row.reference,
      registered: row.account_id !== null,
    };
  }
}
