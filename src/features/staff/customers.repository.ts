import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface CustomerHit {
  personId: number;
  name: string;
  dateOfBirth: string;
  agreementReference: string | null;
  address: string | null;
}

export interface CustomerRepair {
  id: number;
  reference: string;
  what: string;
  priority: string;
  status: string;
  reportedAt: string;
  targetDate: string;
}

export interface CustomerRecord {
  personId: number;
  title: string | null;
  forenames: string;
  surname: string;
  dateOfBirth: string;
  agreements: Array<{ id: number; reference: string; type: string; status: string; role: string; startDate: string; endDate: string | null; address: string }>;
  account: { id: number; username: string; email: string | null; status: string; mustChangePassword: boolean; lastSignInAt: string | null; createdAt: string; preferredContact: string } | null;
  contacts: Array<{ method: string; value: string; startDate: string; endDate: string | null }>;
}

const address = (p: { address_line1: string; address_line2: string | null; town: string; postcode: string }) => [p.address_line1, p.address_line2, p.town, p.postcode].filter(Boolean).join(', ');

export class CustomersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Finds people by name, agreement reference, address or postcode, email or phone. Matching is
   * case-insensitive; phone numbers match on their digits.
   */
  async search(term: string, limit: number): Promise<CustomerHit[]> {
    const like = `%${term.toLowerCase().replace(/[%_\\]/g, '')}%`;
    const digits = term.replace(/\D/g, '');
    const rows = await this.db
      .selectFrom('people as p')
      .leftJoin('agreement_members as m', 'm.person_id', 'p.id')
      .leftJoin('agreements as a', 'a.id', 'm.agreement_id')
      .leftJoin('properties as pr', 'pr.id', 'a.property_id')
      .leftJoin('accounts as acc', 'acc.person_id', 'p.id')
      .select(['p.id', 'p.forenames', 'p.surname', 'p.date_of_birth', 'a.reference', 'a.status', 'pr.address_line1', 'pr.address_line2', 'pr.town', 'pr.postcode'])
      .where((eb) =>
        eb.or([
          eb(sql`lower(p.forenames || ' ' || p.surname)`, 'like', like),
          eb(sql`lower(p.surname)`, 'like', like),
          eb('a.reference', '=', term.trim()),
          eb(sql`lower(pr.address_line1 || ' ' || coalesce(pr.address_line2, '') || ' ' || pr.postcode)`, 'like', like),
          eb(sql`lower(acc.email)`, 'like', like),
          eb.exists(
            eb
              .selectFrom('contact_details as c')
              .select('c.id')
              .whereRef('c.person_id', '=', 'p.id')
              .where((c) => c.or([c(sql`lower(c.value)`, 'like', like), ...(digits.length >= 6 ? [c(sql`replace(c.value, ' ', '')`, 'like', `%${digits}%`)] : [])])),
          ),
        ]),
      )
      .orderBy('p.surname')
      .orderBy('p.forenames')
      .orderBy('p.id')
      .limit(limit * 3)
      .execute();
    // One line a person: their current agreement if they have one.
    const byPerson = new Map<number, CustomerHit & { current: boolean }>();
    for (const r of rows) {
      const hit = { personId: r.id, name: `${r.forenames} ${r.surname}`, dateOfBirth: r.date_of_birth, agreementReference: r.reference, address: r.address_line1 ? address({ address_line1: r.address_line1, address_line2: r.address_line2, town: r.town!, postcode: r.postcode! }) : null, current: r.status === 'current' };
      const seen = byPerson.get(r.id);
      if (!seen || (!seen.current && hit.current)) byPerson.set(r.id, hit);
    }
    return [...byPerson.values()].slice(0, limit).map(({ current: _c, ...hit }) => hit);
  }

  async record(personId: number): Promise<CustomerRecord | undefined> {
    const person = await this.db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
    if (!person) return undefined;
    const agreements = await this.db
      .selectFrom('agreement_members as m')
      .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
      .innerJoin('properties as pr', 'pr.id', 'a.property_id')
      .select(['a.id', 'a.reference', 'a.type', 'a.status', 'm.role', 'a.start_date', 'a.end_date', 'pr.address_line1', 'pr.address_line2', 'pr.town', 'pr.postcode'])
      .where('m.person_id', '=', personId)
      .orderBy('a.status')
      .orderBy('a.start_date', 'desc')
      .execute();
    const account = await this.db.selectFrom('accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
    const contacts = await this.db.selectFrom('contact_details').select(['method', 'value', 'start_date', 'end_date']).where('person_id', '=', personId).orderBy('start_date', 'desc').execute();
    return {
      personId: person.id,
      title: person.title,
      forenames: person.forenames,
      surname: person.surname,
      dateOfBirth: person.date_of_birth,
      agreements: agreements.map((a) => ({ id: a.id, reference: a.reference, type: a.type, status: a.status, role: a.role, startDate: a.start_date, endDate: a.end_date, address: address(a) })),
      account: account
        ? { id: account.id, username: account.username, email: account.email, status: account.status, mustChangePassword: account.must_change_password === 1, lastSignInAt: account.last_sign_in_at, createdAt: account.created_at, preferredContact: account.preferred_contact }
        : null,
      contacts: contacts.map((c) => ({ method: c.method, value: c.value, startDate: c.start_date, endDate: c.end_date })),
    };
  }

  /** The newest repairs on any of this person's agreements, whoever reported them. */
  async repairs(agreementIds: number[], limit = 20): Promise<CustomerRepair[]> {
    if (!agreementIds.length) return [];
    const rows = await this.db
      .selectFrom('repairs')
      .select(['id', 'reference', 'item', 'problem', 'priority', 'status', 'reported_at', 'target_date'])
      .where('agreement_id', 'in', agreementIds)
      .orderBy('reported_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, reference: r.reference, what: `${r.item}: ${r.problem.toLowerCase()}`, priority: r.priority, status: r.status, reportedAt: r.reported_at, targetDate: r.target_date }));
  }

  async setAccountStatus(accountId: number, status: 'active' | 'disabled'): Promise<void> {
    await this.db.updateTable('accounts').set({ status }).where('id', '=', accountId).execute();
  }
}
