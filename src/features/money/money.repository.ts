import type { Kysely } from 'kysely';
import type { ChargeFrequency, Database, TransactionType } from '../../db/database.ts';
import { jsonList } from '../../db/json-arrays.ts';
import {
  ALL_DATES,
  agreementOfPerson,
  agreementsOfPerson,
  balanceBeforeDate,
  newerPageOfPerson,
  newestPageOfPerson,
  olderPageOfPerson,
  rentAccountOfPerson,
  txnsOldestFirst,
  type TxnRow,
} from './money-queries.ts';

export interface AgreementSummary {
  id: number;
  reference: string;
  type: string;
  status: 'current' | 'former';
  startDate: string;
  endDate: string | null;
  role: 'lead' | 'joint';
  address: string[];
  account: RentAccount | null;
}

export interface RentAccount {
  accountType: string;
  paymentMethod: string;
  balancePence: number;
  lastPaymentDate: string | null;
  lastPaymentPence: number | null;
  updatedAt: string;
}

export interface Charge {
  kind: 'rent' | 'service_charge' | 'other';
  description: string;
  amountPence: number;
  frequency: ChargeFrequency;
}

export interface Benefit {
  kind: string;
  amountPence: number;
  frequency: ChargeFrequency;
}

export interface Transaction {
  seq: number;
  date: string;
  type: TransactionType;
  description: string;
  amountPence: number;
  balancePence: number;
  reference: string | null;
}

/** A position in an agreement's history: dates never go backwards as `seq` rises. */
export interface Cursor {
  date: string;
  seq: number;
}

export interface Range {
  from: string | null;
  to: string | null;
}

export const toTxn = (r: TxnRow): Transaction => ({ seq: r.seq, date: r.date, type: r.type, description: r.description, amountPence: r.amount_pence, balancePence: r.balance_pence, reference: r.reference });

/** An open end of a range is the earliest or latest date there is, so every range reads with one shape of query. */
const bounds = (range: Range) => ({ from: range.from ?? ALL_DATES.from, to: range.to ?? ALL_DATES.to });

export class MoneyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every agreement the person is or was on: current first, then the most recent. Read on most pages. */
  async agreementsFor(personId: number): Promise<AgreementSummary[]> {
    return (await agreementsOfPerson(this.db, personId)).map(toSummary);
  }

  /** One agreement, only if this person is on it: the check every URL with a reference goes through. */
  async agreementFor(personId: number, reference: string): Promise<AgreementSummary | undefined> {
    const [row] = await agreementOfPerson(this.db, personId, reference);
    return row ? toSummary(row) : undefined;
  }

  /** The rent account page's one read: the agreement, only if this person is on it, with the charges and benefits in effect on the date. */
  async rentAccountFor(personId: number, reference: string, date: string): Promise<{ agreement: AgreementSummary; charges: Charge[]; benefits: Benefit[] } | undefined> {
    const [row] = await rentAccountOfPerson(this.db, personId, reference, date);
    if (!row) return undefined;
    // In the order they were added, as the breakdown lists them; an aggregate keeps no order of its own.
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    return {
      agreement: toSummary(row),
      charges: jsonList(row.charges).sort(byId).map((r) => ({ kind: r.kind, description: r.description, amountPence: r.amount_pence, frequency: r.frequency })),
      benefits: jsonList(row.benefits).sort(byId).map((r) => ({ kind: r.kind, amountPence: r.amount_pence, frequency: r.frequency })),
    };
  }

  /**
   * A page of My Balance with its agreement, only if this person is on it, in one read: one row
   * more than a page, newest first (oldest first after a `newer` cursor), and whether anything lies
   * the other way from the cursor (see olderPageOfPerson).
   */
  async pageFor(personId: number, reference: string, range: Range, cursor: { older: Cursor | null; newer: Cursor | null }): Promise<{ agreement: AgreementSummary; items: Transaction[]; otherWay: boolean } | undefined> {
    const { from, to } = bounds(range);
    const { older, newer } = cursor;
    const [row] = newer
      ? await newerPageOfPerson(this.db, personId, reference, from, to, newer.date, newer.seq)
      : older
        ? await olderPageOfPerson(this.db, personId, reference, from, to, older.date, older.seq)
        : await newestPageOfPerson(this.db, personId, reference, from, to);
    if (!row) return undefined;
    // An aggregate keeps no order of its own: the page is put back in the order it was read in.
    const items = jsonList(row.items).sort(newer ? (a, b) => a.seq - b.seq : (a, b) => b.seq - a.seq);
    return { agreement: toSummary(row), items: items.map(toTxn), otherWay: Boolean(row.other_way) };
  }

  /** Oldest first, for statements and the print view; `limit` keeps a huge range bounded. */
  async between(agreementId: number, range: Range, limit: number): Promise<Transaction[]> {
    const { from, to } = bounds(range);
    return (await txnsOldestFirst(this.db, agreementId, from, to, limit)).map(toTxn);
  }

  /** The balance brought forward into a period: the running balance of the last earlier transaction. */
  async balanceBefore(agreementId: number, date: string): Promise<number> {
    const [row] = await balanceBeforeDate(this.db, agreementId, date);
    return row?.balance_pence ?? 0;
  }

  async ensureAccount(agreementId: number, accountType: string, paymentMethod: string, nowIso: string): Promise<void> {
    await this.db
      .insertInto('rent_accounts')
      .values({ agreement_id: agreementId, account_type: accountType, payment_method: paymentMethod, balance_pence: 0, last_seq: 0, updated_at: nowIso })
      .onConflict((oc) => oc.column('agreement_id').doNothing())
      .execute();
  }

  /**
   * Takes the next posting number and moves the balance in one statement, which locks the
   * account row until the surrounding transaction ends: postings to one account queue up.
   */
  async advance(agreementId: number, amountPence: number, payment: { date: string; pence: number } | null, nowIso: string): Promise<{ seq: number; balancePence: number } | undefined> {
    const row = await this.db
      .updateTable('rent_accounts')
      .set((eb) => ({
        last_seq: eb('last_seq', '+', 1),
        balance_pence: eb('balance_pence', '+', amountPence),
        updated_at: nowIso,
        ...(payment ? { last_payment_date: payment.date, last_payment_pence: payment.pence } : {}),
      }))
      .where('agreement_id', '=', agreementId)
      .returning(['last_seq', 'balance_pence'])
      .executeTakeFirst();
    return row ? { seq: row.last_seq, balancePence: row.balance_pence } : undefined;
  }

  async lastDate(agreementId: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('rent_transactions')
      .select('date')
      .where('agreement_id', '=', agreementId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.date ?? null;
  }

  async insertTransaction(agreementId: number, t: Transaction, nowIso: string): Promise<void> {
    await this.db
      .insertInto('rent_transactions')
      .values({ agreement_id: agreementId, seq: t.seq, date: t.date, type: t.type, description: t.description, amount_pence: t.amountPence, balance_pence: t.balancePence, reference: t.reference, created_at: nowIso })
      .execute();
  }

  /** Many postings at once, numbered and balanced by the caller (history imports, seeds). */
  async insertTransactions(agreementId: number, items: readonly Transaction[], nowIso: string): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      await this.db
        .insertInto('rent_transactions')
        .values(items.slice(i, i + 500).map((t) => ({ agreement_id: agreementId, seq: t.seq, date: t.date, type: t.type, description: t.description, amount_pence: t.amountPence, balance_pence: t.balancePence, reference: t.reference, created_at: nowIso })))
        .execute();
    }
  }

  async account(agreementId: number): Promise<{ lastSeq: number; balancePence: number } | undefined> {
    const row = await this.db.selectFrom('rent_accounts').select(['last_seq', 'balance_pence']).where('agreement_id', '=', agreementId).executeTakeFirst();
    return row ? { lastSeq: row.last_seq, balancePence: row.balance_pence } : undefined;
  }

  async setAccountPosition(agreementId: number, p: { lastSeq: number; balancePence: number; lastPayment: { date: string; pence: number } | null; updatedAt: string }): Promise<void> {
    await this.db
      .updateTable('rent_accounts')
      .set({ last_seq: p.lastSeq, balance_pence: p.balancePence, updated_at: p.updatedAt, ...(p.lastPayment ? { last_payment_date: p.lastPayment.date, last_payment_pence: p.lastPayment.pence } : {}) })
      .where('agreement_id', '=', agreementId)
      .execute();
  }

  async addCharge(agreementId: number, c: Charge & { effectiveFrom: string; effectiveTo?: string | null }): Promise<void> {
    await this.db
      .insertInto('charges')
      .values({ agreement_id: agreementId, kind: c.kind, description: c.description, amount_pence: c.amountPence, frequency: c.frequency, effective_from: c.effectiveFrom, effective_to: c.effectiveTo ?? null })
      .execute();
  }

  async addBenefit(agreementId: number, b: Benefit & { effectiveFrom: string; effectiveTo?: string | null }): Promise<void> {
    await this.db
      .insertInto('benefit_contributions')
      .values({ agreement_id: agreementId, kind: b.kind, amount_pence: b.amountPence, frequency: b.frequency, effective_from: b.effectiveFrom, effective_to: b.effectiveTo ?? null })
      .execute();
  }
}

export type SummaryRow = {
  id: number; reference: string; type: string; status: 'current' | 'former'; start_date: string; end_date: string | null; role: 'lead' | 'joint';
  address_line1: string; address_line2: string | null; town: string; county: string | null; postcode: string;
  account_type: string | null; payment_method: string | null; balance_pence: number | null; last_payment_date: string | null; last_payment_pence: number | null; updated_at: string | null;
};

export function toSummary(r: SummaryRow): AgreementSummary {
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    role: r.role,
    address: [r.address_line1, r.address_line2, r.town, r.county, r.postcode].filter((x): x is string => Boolean(x)),
    account:
      r.account_type === null
        ? null
        : { accountType: r.account_type, paymentMethod: r.payment_method ?? '', balancePence: r.balance_pence ?? 0, lastPaymentDate: r.last_payment_date, lastPaymentPence: r.last_payment_pence, updatedAt: r.updated_at ?? '' },
  };
}
