import { sql, type Kysely, type SqlBool } from 'kysely';
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
/** One agreement by reference, only if the person is on it: every URL that names one goes through this. */
const agreementOfPersonNamed = (db: Kysely<Database>, personId: number, reference: string) => agreementsQuery(db, personId).where('a.reference', '=', reference);
export const agreementOfPerson = reusableQuery(agreementOfPersonNamed);

/**
 * The rent account page in one read: the agreement, only if this person is on it, with the charges
 * and benefit contributions in effect on the date as JSON arrays (see jsonArrayFor).
 */
export const rentAccountOfPerson = reusableQuery((db, personId: number, reference: string, date: string) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return agreementOfPersonNamed(db, personId, reference).select((eb) => [
    jsonArrayFrom(
      eb
        .selectFrom('charges as c')
        .select(['c.id', 'c.kind', 'c.description', 'c.amount_pence', 'c.frequency'])
        .whereRef('c.agreement_id', '=', 'a.id')
        .where('c.effective_from', '<=', date)
        .where((w) => w.or([w('c.effective_to', 'is', null), w('c.effective_to', '>=', date)])),
    ).as('charges'),
    jsonArrayFrom(
      eb
        .selectFrom('benefit_contributions as b')
        .select(['b.id', 'b.kind', 'b.amount_pence', 'b.frequency'])
        .whereRef('b.agreement_id', '=', 'a.id')
        .where('b.effective_from', '<=', date)
        .where((w) => w.or([w('b.effective_to', 'is', null), w('b.effective_to', '>=', date)])),
    ).as('benefits'),
  ]);
});

const inRange = (db: Kysely<Database>, agreementId: number, from: string, to: string) =>
  db.selectFrom('rent_transactions').select(TXN_COLUMNS).where('agreement_id', '=', agreementId).where('date', '>=', from).where('date', '<=', to);

export const txnsOldestFirst = reusableQuery((db, agreementId: number, from: string, to: string, limit: number) =>
  inRange(db, agreementId, from, to).orderBy('date', 'asc').orderBy('seq', 'asc').limit(limit),
);
export const balanceBeforeDate = reusableQuery((db, agreementId: number, date: string) =>
  db.selectFrom('rent_transactions').select('balance_pence').where('agreement_id', '=', agreementId).where('date', '<', date).orderBy('date', 'desc').orderBy('seq', 'desc').limit(1),
);

/** Transactions on a page of My Balance. */
export const TXN_PAGE_SIZE = 20;

// The agreement row that a page's correlated reads below belong to (agreementsQuery names it `a`).
const AGREEMENT_ID = sql.ref<number>('a.id');
const txnsOfAgreementInRange = (db: Kysely<Database>, from: string, to: string) =>
  db.selectFrom('rent_transactions as t').where('t.agreement_id', '=', AGREEMENT_ID).where('t.date', '>=', from).where('t.date', '<=', to);
const T_COLUMNS = TXN_COLUMNS.map((c) => `t.${c}` as const);

/**
 * The latest transactions of the agreement row named `a` in the query this sits in, newest first:
 * the dashboard's recent activity. The limit is written into the SQL (see dashboardOfPerson).
 */
export const latestTxnsOfAgreement = (db: Kysely<Database>, limit: number) =>
  db.selectFrom('rent_transactions as t').select(T_COLUMNS).where('t.agreement_id', '=', AGREEMENT_ID).orderBy('t.date', 'desc').orderBy('t.seq', 'desc').limit(sql.lit(limit));

/**
 * A page of My Balance in one read: the agreement, only if this person is on it, with one more row
 * than a page holds (as a JSON array, see jsonArrayFor; the extra row says there is a page beyond)
 * and, for a page reached by a cursor, whether anything lies the other way. A cursor's row was on
 * the page the link came from, and dates never go backwards as `seq` rises, so "anything the other
 * way" is "the cursor's row or anything beyond it". The limit is written into the SQL, for the
 * reason given at dashboardOfPerson.
 */
const pageRead = (db: Kysely<Database>, personId: number, reference: string, items: ReturnType<typeof txnsOfAgreementInRange>, other: ReturnType<typeof txnsOfAgreementInRange> | null) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return agreementOfPersonNamed(db, personId, reference).select((eb) => [
    jsonArrayFrom(items.select(T_COLUMNS).limit(sql.lit(TXN_PAGE_SIZE + 1))).as('items'),
    other ? eb.exists(other.select('t.seq')).as('other_way') : sql<SqlBool>`0`.as('other_way'),
  ]);
};

/** The newest page: newest first. */
export const newestPageOfPerson = reusableQuery((db, personId: number, reference: string, from: string, to: string) =>
  pageRead(db, personId, reference, txnsOfAgreementInRange(db, from, to).orderBy('t.date', 'desc').orderBy('t.seq', 'desc'), null),
);
/**
 * Beyond a cursor: older ones newest first, with `other_way` saying whether anything is newer; or
 * newer ones oldest first, with `other_way` saying whether anything is older.
 */
const beyondCursor = (older: boolean) =>
  reusableQuery((db, personId: number, reference: string, from: string, to: string, cursorDate: string, cursorSeq: number) => {
    const [onDate, onSeq, backOnDate, backOnSeq, order] = older ? (['<=', '<', '>=', '>=', 'desc'] as const) : (['>=', '>', '<=', '<=', 'asc'] as const);
    return pageRead(
      db,
      personId,
      reference,
      txnsOfAgreementInRange(db, from, to).where('t.date', onDate, cursorDate).where('t.seq', onSeq, cursorSeq).orderBy('t.date', order).orderBy('t.seq', order),
      txnsOfAgreementInRange(db, from, to).where('t.date', backOnDate, cursorDate).where('t.seq', backOnSeq, cursorSeq),
    );
  });
export const olderPageOfPerson = beyondCursor(true);
export const newerPageOfPerson = beyondCursor(false);
