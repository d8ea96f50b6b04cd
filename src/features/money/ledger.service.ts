import type { Kysely } from 'kysely';
import type { Database, TransactionType } from '../../db/database.ts';
import { runningBalances } from '../../lib/money.ts';
import { MoneyRepository, type Benefit, type Charge } from './money.repository.ts';

export interface Posting {
  date: string;
  type: TransactionType;
  description: string;
  /** Signed: charges and refunds increase what is owed, payments and benefit reduce it. */
  amountPence: number;
  reference?: string | null;
}

export class LedgerError extends Error {}

/**
 * Writes to rent accounts. Each posting stores the balance after it, so no page ever sums a
 * history; the price is that postings are append-only and in date order (a late correction is a
 * new adjustment dated today, which is also how a statement already sent stays true).
 */
export class LedgerService {
  constructor(private readonly db: Kysely<Database>, private readonly now: () => Date) {}

  async openAccount(agreementId: number, options: { accountType?: string; paymentMethod: string }): Promise<void> {
    await new MoneyRepository(this.db).ensureAccount(agreementId, options.accountType ?? 'Rent account', options.paymentMethod, this.now().toISOString());
  }

  /** Posts in order, in one database transaction; answers the balance after the last one. */
  async post(agreementId: number, postings: readonly Posting[]): Promise<number> {
    const nowIso = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const repo = new MoneyRepository(trx);
      let balance = 0;
      for (const p of postings) {
        if (!Number.isSafeInteger(p.amountPence)) throw new LedgerError(`amount is not whole pence: ${p.amountPence}`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date)) throw new LedgerError(`not a date: ${p.date}`);
        const payment = p.type === 'payment' ? { date: p.date, pence: -p.amountPence } : null;
        // Advance first: it locks the account row, so the last date read next cannot move under us.
        const next = await repo.advance(agreementId, p.amountPence, payment, nowIso);
        if (!next) throw new LedgerError(`agreement ${agreementId} has no rent account`);
        const lastDate = await repo.lastDate(agreementId);
        if (lastDate && p.date < lastDate) throw new LedgerError(`posting dated ${p.date} is before the last one (${lastDate})`);
        await repo.insertTransaction(agreementId, { seq: next.seq, date: p.date, type: p.type, description: p.description, amountPence: p.amountPence, balancePence: next.balancePence, reference: p.reference ?? null }, nowIso);
        balance = next.balancePence;
      }
      return balance;
    });
  }

  /**
   * A whole history at once (from the housing management system, or a seed): the same rules as
   * `post`, with the running balances worked out here and the rows written in batches.
   */
  async importHistory(agreementId: number, postings: readonly Posting[]): Promise<number> {
    const nowIso = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const repo = new MoneyRepository(trx);
      const start = await repo.account(agreementId);
      if (!start) throw new LedgerError(`agreement ${agreementId} has no rent account`);
      let lastDate = await repo.lastDate(agreementId);
      let seq = start.lastSeq;
      let lastPayment: { date: string; pence: number } | null = null;
      const balances = runningBalances(start.balancePence, postings.map((p) => p.amountPence));
      const rows = postings.map((p, i) => {
        if (!Number.isSafeInteger(p.amountPence)) throw new LedgerError(`amount is not whole pence: ${p.amountPence}`);
        if (lastDate && p.date < lastDate) throw new LedgerError(`posting dated ${p.date} is before the last one (${lastDate})`);
        lastDate = p.date;
        if (p.type === 'payment') lastPayment = { date: p.date, pence: -p.amountPence };
        return { seq: ++seq, date: p.date, type: p.type, description: p.description, amountPence: p.amountPence, balancePence: balances[i], reference: p.reference ?? null };
      });
      await repo.insertTransactions(agreementId, rows, nowIso);
      const balance = balances.length ? balances[balances.length - 1] : start.balancePence;
      await repo.setAccountPosition(agreementId, { lastSeq: seq, balancePence: balance, lastPayment, updatedAt: nowIso });
      return balance;
    });
  }

  async addCharge(agreementId: number, charge: Charge & { effectiveFrom: string; effectiveTo?: string | null }): Promise<void> {
    await new MoneyRepository(this.db).addCharge(agreementId, charge);
  }

  async addBenefit(agreementId: number, benefit: Benefit & { effectiveFrom: string; effectiveTo?: string | null }): Promise<void> {
    await new MoneyRepository(this.db).addBenefit(agreementId, benefit);
  }
}
