import type { Kysely } from 'kysely';
import type { Database, TransactionType } from '../../db/database.ts';
import { jsonArrayFor } from '../../db/json-arrays.ts';
import { reusableQuery } from '../../db/reusable-query.ts';

/**
 * The reads of the money pages and the dashboard, built once each (see reusableQuery). A range's
 * open end is given as the earliest or latest possible date, so one query serves every range.
 */

/** Dates are ISO calendar dates: every one sorts between these. */
export const ALL_DATES = { from: '0001-01-01', to: '9999-12-31' };

export const TXN_COLUMNS = ['seq', 'date', 'type', 'description', 'amount_pence', 'balance_pence', 'reference'] as const;
export type TxnRow = { seq: number; date: string; type: TransactionType; description: string; amount_pence: number; balance_pence: number; reference: string | null };

/** Every agreement the person is or was on, with its home and rent account (unordered). */
export const agreementsQuery = (db: Kysely<Database>, personId: number) =>
  db
    .selectFrom('agreement_members as m')
    .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
    .innerJoin('properties as p', 'p.id', 'a.property_id')
    .leftJoin('rent_accounts as r', 'r.agreement_id', 'a.id')
    .select([
      'a.id', 'a.reference', 'a.type', 'a.status', 'a.start_date', 'a.end_date', 'm.role',
      'p.address_line1', 'p.address_line2', 'p.town', 'p.county', 'p.postcode',
      'r.account_type', 'r.payment_method', 'r.balance_pence', 'r.last_payment_date', 'r.last_payment_pence', 'r.updated_at',
    ])
    .where('m.person_id', '=', personId);

// Every money page and the dashboard start with one of these.
export const agreementsOfPerson = reusableQuery((db, personId: number) =>
  agreementsQuery(db, personId).orderBy('a.status', 'asc').orderBy('a.start_date', 'desc').orderBy('a.id', 'desc'),
);
export const agreementOfPerson = reusableQuery((db, personId: number, reference: string) => agreementsQuery(db, personId).where('a.reference', '=', reference));

/**
 * The rent account page in one read: the agreement, only if this person is on it, with the charges
 * and benefit contributions in effect on the date as JSON arrays (see jsonArrayFor).
 */
export const rentAccountOfPerson = reusableQuery((db, personId: number, reference: string, date: string) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return agreementsQuery(db, personId)
    .where('a.reference', '=', reference)
    .select((eb) => [
      jsonArrayFrom(
        eb.selectFrom('charges as c').select(['c.id', 'c.kind', 'c.description', 'c.amount_pence', 'c.frequency']).whereRef('c.agreement_id', '=', 'a.id')
          .where('c.effective_from', '<=', date)
          .where((w) => w.or([w('c.effective_to', 'is', null), w('c.effective_to', '>=', date)])),
      ).as('charges'),
      jsonArrayFrom(
        eb.selectFrom('benefit_contributions as b').select(['b.id', 'b.kind', 'b.amount_pence', 'b.frequency']).whereRef('b.agreement_id', '=', 'a.id')
          .where('b.effective_from', '<=', date)
          .where((w) => w.or([w('b.effective_to', 'is', null), w('b.effective_to', '>=', date)])),
      ).as('benefits'),
    ]);
});

const inRange = (db: Kysely<Database>, agreementId: number, from: string, to: string) =>
  db.selectFrom('rent_transactions').select(TXN_COLUMNS).where('agreement_id', '=', agreementId).where('date', '>=', from).where('date', '<=', to);

/** The newest transactions in a range (a first page, or recent activity). */
export const txnsNewest = reusableQuery((db, agreementId: number, from: string, to: string, limit: number) =>
  inRange(db, agreementId, from, to).orderBy('date', 'desc').orderBy('seq', 'desc').limit(limit),
);
/** Older than a cursor, newest first: the date bound lets the (agreement, date, seq) index start at the cursor. */
export const txnsOlder = reusableQuery((db, agreementId: number, from: string, to: string, cursorDate: string, cursorSeq: number, limit: number) =>
  inRange(db, agreementId, from, to).where('date', '<=', cursorDate).where('seq', '<', cursorSeq).orderBy('date', 'desc').orderBy('seq', 'desc').limit(limit),
);
/** Newer than a cursor, oldest first. */
export const txnsNewer = reusableQuery((db, agreementId: number, from: string, to: string, cursorDate: string, cursorSeq: number, limit: number) =>
  inRange(db, agreementId, from, to).where('date', '>=', cursorDate).where('seq', '>', cursorSeq).orderBy('date', 'asc').orderBy('seq', 'asc').limit(limit),
);
export const txnsOldestFirst = reusableQuery((db, agreementId: number, from: string, to: string, limit: number) =>
  inRange(db, agreementId, from, to).orderBy('date', 'asc').orderBy('seq', 'asc').limit(limit),
);
export const balanceBeforeDate = reusableQuery((db, agreementId: number, date: string) =>
  db.selectFrom('rent_transactions').select('balance_pence').where('agreement_id', '=', agreementId).where('date', '<', date).orderBy('date', 'desc').orderBy('seq', 'desc').limit(1),
);
