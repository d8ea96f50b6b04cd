import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface PersonalDetails {
  title: string | null;
  forenames: string;
  surname: string;
  dateOfBirth: string;
  /** Each address as its lines; current tenancies first. */
  addresses: string[][];
}

export interface ContactDetail {
  id: number;
  method: string;
  value: string;
  startDate: string;
  endDate: string | null;
}

/** Person, address, contact details and the change requests a tenant sends to staff. */
export class ProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async personalDetails(personId: number): Promise<PersonalDetails | undefined> {
    const person = await this.db.selectFrom('people').select(['title', 'forenames', 'surname', 'date_of_birth']).where('id', '=', personId).executeTakeFirst();
    if (!person) return undefined;
    const homes = await this.db
      .selectFrom('agreement_members as m')
      .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
      .innerJoin('properties as p', 'p.id', 'a.property_id')
      .select(['a.status', 'a.start_date', 'p.id', 'p.address_line1', 'p.address_line2', 'p.town', 'p.county', 'p.postcode'])
      .where('m.person_id', '=', personId)
      .orderBy('a.start_date', 'desc')
      .execute();
    // The homes of current tenancies; a former tenant sees the last one they had.
    const current = homes.filter((h) => h.status === 'current');
    const shown = current.length ? current : homes.slice(0, 1);
    const seen = new Set<number>();
    const addresses = shown
      .filter((h) => !seen.has(h.id) && seen.add(h.id))
      .map((h) => [h.address_line1, h.address_line2, h.town, h.county, h.postcode].filter((line): line is string => Boolean(line)));
    return { title: person.title, forenames: person.forenames, surname: person.surname, dateOfBirth: person.date_of_birth, addresses };
  }

  async contactDetails(personId: number): Promise<ContactDetail[]> {
    const rows = await this.db
      .selectFrom('contact_details')
      .select(['id', 'method', 'value', 'start_date', 'end_date'])
      .where('person_id', '=', personId)
      .orderBy('start_date', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toContactDetail);
  }

  /** Only ever one of this person's own: another person's id is simply not found. */
  async contactDetail(personId: number, id: number): Promise<ContactDetail | undefined> {
    const row = await this.db.selectFrom('contact_details').select(['id', 'method', 'value', 'start_date', 'end_date']).where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
    return row ? toContactDetail(row) : undefined;
  }

  async insertContactDetail(personId: number, input: { method: string; value: string; startDate: string }, atIso: string): Promise<number> {
    const row = await this.db
      .insertInto('contact_details')
      .values({ person_id: personId, method: input.method, value: input.value, start_date: input.startDate, end_date: null, created_at: atIso, updated_at: atIso })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateContactDetail(personId: number, id: number, input: { method: string; value: string; startDate: string }, atIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('contact_details')
      .set({ method: input.method, value: input.value, start_date: input.startDate, updated_at: atIso })
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The same request sent again shortly after (a resubmitted form), so it is not filed twice. */
  async recentSameRequest(personId: number, kind: string, summary: string, detail: string, sinceIso: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('requests')
      .select('id')
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .where('summary', '=', summary)
      .where('detail', '=', detail)
      .where('created_at', '>=', sinceIso)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row?.id;
  }

  async insertRequest(personId: number, kind: string, summary: string, detail: string, atIso: string): Promise<number> {
    const row = await this.db
      .insertInto('requests')
      .values({ person_id: personId, kind, summary, detail, status: 'open', created_at: atIso })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async requestOf(personId: number, id: number): Promise<{ id: number; summary: string; createdAt: string } | undefined> {
    const row = await this.db.selectFrom('requests').select(['id', 'summary', 'created_at']).where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
    return row ? { id: row.id, summary: row.summary, createdAt: row.created_at } : undefined;
  }
}

function toContactDetail(r: { id: number; method: string; value: string; start_date: string; end_date: string | null }): ContactDetail {
  return { id: r.id, method: r.method, value: r.value, startDate: r.start_date, endDate: r.end_date };
}
