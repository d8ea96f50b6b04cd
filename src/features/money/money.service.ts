import type { Deps } from '../../deps.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { FREQUENCY_WORDS, balanceInWords, convertFrequency, formatBalance, formatPence, type Frequency } from '../../lib/money.ts';
import { MoneyRepository, type AgreementSummary, type Benefit, type Charge, type Cursor, type Range, type Transaction } from './money.repository.ts';
import { TXN_PAGE_SIZE } from './money-queries.ts';
import { cursorParam, londonToday, parseCursor } from './money.schemas.ts';
import { shortDateText } from '../../lib/date-text.ts';
import { KeptPerPerson, type Viewer } from '../../lib/kept-per-person.ts';

export type { AgreementSummary, Range, Transaction };

export const PAGE_SIZE = TXN_PAGE_SIZE;
/** What an agreement reference in a URL may look like; anything else is not found without a query. */
const REFERENCE = /^[A-Za-z0-9-]{1,30}$/;
/** The print view shows at most this many; a longer range is asked to be narrowed. */
export const PRINT_LIMIT = 1000;

export interface BreakdownLine {
  label: string;
  weekly: string;
  perPeriod: string;
  total?: boolean;
}

export interface Breakdown {
  /** The charging period in words ("monthly"), or null when it is weekly. */
  period: string | null;
  lines: BreakdownLine[];
}

export interface TransactionRow {
  date: string;
  /** "23 Nov 2026": short enough for a phone's table. */
  dateText: string;
  description: string;
  type: string;
  charge: string;
  credit: string;
  /** One column for a phone: "+£120.00" adds to what is owed, "−£120.00" reduces it. */
  amount: string;
  balance: string;
}

export interface TransactionsPage {
  rows: TransactionRow[];
  /** Query strings for the newer and older pages, when there are any. */
  newer: string | null;
  older: string | null;
}


const TYPE_WORDS: Record<Transaction['type'], string> = { charge: 'Charge', payment: 'Payment', benefit: 'Benefit', adjustment: 'Adjustment', refund: 'Refund' };

export function toRow(t: Transaction): TransactionRow {
  return {
    date: t.date,
    dateText: shortDateText(t.date),
    description: t.description,
    type: TYPE_WORDS[t.type],
    charge: t.amountPence > 0 ? formatPence(t.amountPence) : '',
    credit: t.amountPence < 0 ? formatPence(t.amountPence) : '',
    // A word joiner keeps the sign on the amount's line in a narrow column.
    amount: `${t.amountPence < 0 ? '−' : '+'}\u2060${formatPence(t.amountPence)}`,
    balance: formatBalance(t.balancePence),
  };
}

/** How much of the rent account and My Balance each worker process keeps (ADR 15): a page each for this many. */
const KEPT_ACCOUNTS = 10_000;
const KEPT_TRANSACTION_ROWS = 50_000;

/** The rent account pages: which agreements a person may see, and what each holds. */
export class MoneyService {
  /** Kept per person and page version, so a visit with nothing changed reads only the session (ADR 13, ADR 15). */
  private readonly keptAccounts: KeptPerPerson<{ agreement: AgreementSummary; breakdown: Breakdown }>;
  private readonly keptPages: KeptPerPerson<{ agreement: AgreementSummary; page: TransactionsPage }>;

  constructor(private readonly deps: Deps) {
    const keep = deps.config.keepPages;
    this.keptAccounts = new KeptPerPerson(keep ? KEPT_ACCOUNTS : 0);
    this.keptPages = new KeptPerPerson(keep ? KEPT_TRANSACTION_ROWS : 0, (v) => v.page.rows.length + 1);
  }

  private repo() {
    return new MoneyRepository(this.deps.db);
  }

  today(): string {
    return londonToday(this.deps.clock.now());
  }

  agreements(personId: number): Promise<AgreementSummary[]> {
    return this.repo().agreementsFor(personId);
  }

  /** The agreement named in a URL, if it is this person's; otherwise the page is not found. */
  async agreement(personId: number, reference: unknown): Promise<AgreementSummary> {
    if (typeof reference !== 'string' || !REFERENCE.test(reference)) throw notFound();
    const found = await this.repo().agreementFor(personId, reference);
    if (!found) throw notFound();
    return found;
  }

  /** Where "My Balance" and the other menu items go: the current agreement, or the latest one. */
  async primary(personId: number): Promise<AgreementSummary | undefined> {
    return (await this.agreements(personId))[0];
  }

  /** The rent account page: the agreement named in the URL, if it is this person's, and its breakdown today. */
  async rentAccount(viewer: Viewer, reference: unknown): Promise<{ agreement: AgreementSummary; breakdown: Breakdown }> {
    if (typeof reference !== 'string' || !REFERENCE.test(reference)) throw notFound();
    // The breakdown is of the charges in effect today, so tomorrow is worked out afresh.
    const today = this.today();
    return this.keptAccounts.for(viewer, `${reference} ${today}`, async () => {
      const found = await this.repo().rentAccountFor(viewer.personId, reference, today);
      if (!found) throw notFound();
      return { agreement: found.agreement, breakdown: breakdownOf(found.charges, found.benefits) };
    });
  }

  balanceWords(agreement: AgreementSummary): string {
    return balanceInWords(agreement.account?.balancePence ?? 0);
  }

  /**
   * One page of transactions of the agreement named in a URL, if it is this person's, newest first,
   * found by keyset: `older` and `newer` are cursors taken from the last page's edges, so page 1,000
   * costs what page 1 does.
   */
  async transactionsPage(viewer: Viewer, reference: unknown, range: Range, query: { older?: unknown; newer?: unknown }): Promise<{ agreement: AgreementSummary; page: TransactionsPage }> {
    if (typeof reference !== 'string' || !REFERENCE.test(reference)) throw notFound();
    const older = parseCursor(query.older);
    const newer = parseCursor(query.newer);
    if (older === 'invalid' || newer === 'invalid' || (older && newer)) {
      // Someone else's agreement is not found, whatever the link says.
      await this.agreement(viewer.personId, reference);
      throw new HttpError(400, 'bad_cursor', 'We could not read that page link. Go back to My Balance and try again.');
    }
    // Everything the page depends on, as it was read: the same page asked for twice is the same key.
    const key = [reference, range.from ?? '', range.to ?? '', older ? `older ${older.date} ${older.seq}` : '', newer ? `newer ${newer.date} ${newer.seq}` : ''].join(' ');
    return this.keptPages.for(viewer, key, () => this.readPage(viewer.personId, reference, range, older, newer));
  }

  private async readPage(personId: number, reference: string, range: Range, older: Cursor | null, newer: Cursor | null): Promise<{ agreement: AgreementSummary; page: TransactionsPage }> {
    const found = await this.repo().pageFor(personId, reference, range, { older, newer });
    if (!found) throw notFound();
    let items = found.items;
    let hasNewer: boolean;
    let hasOlder: boolean;
    if (newer) {
      // Read oldest first: the extra row is the newest, beyond this page.
      hasNewer = items.length > PAGE_SIZE;
      items = items.slice(0, PAGE_SIZE).reverse();
      hasOlder = items.length > 0 && found.otherWay;
    } else {
      hasOlder = items.length > PAGE_SIZE;
      items = items.slice(0, PAGE_SIZE);
      hasNewer = older !== null && items.length > 0 && found.otherWay;
    }
    return {
      agreement: found.agreement,
      page: {
        rows: items.map(toRow),
        newer: hasNewer ? `newer=${cursorParam(items[0])}` : null,
        older: hasOlder ? `older=${cursorParam(items[items.length - 1])}` : null,
      },
    };
  }

  /** Oldest first with the balances either side, for printing and for statements. */
  async period(agreement: AgreementSummary, range: Range, limit: number): Promise<{ opening: number; items: Transaction[]; closing: number; truncated: boolean }> {
    const repo = this.repo();
    const opening = range.from ? await repo.balanceBefore(agreement.id, range.from) : 0;
    const fetched = await repo.between(agreement.id, range, limit + 1);
    const truncated = fetched.length > limit;
    const items = truncated ? fetched.slice(0, limit) : fetched;
    const closing = items.length ? items[items.length - 1].balancePence : opening;
    return { opening, items, closing, truncated };
  }
}

/** Rent, service and other charges, gross, benefits and net, each weekly and per charging period. */
export function breakdownOf(charges: Charge[], benefits: Benefit[]): Breakdown {
  // The charging period is the rent's own; an account with no rent charge is shown weekly.
  const period: Frequency = charges.find((c) => c.kind === 'rent')?.frequency ?? 'weekly';
  const sum = (items: Array<{ amountPence: number; frequency: Frequency }>, to: Frequency) => items.reduce((n, i) => n + convertFrequency(i.amountPence, i.frequency, to), 0);
  const line = (label: string, items: Array<{ amountPence: number; frequency: Frequency }>, sign = 1, total = false): BreakdownLine => ({
    label,
    weekly: formatPence(sign * sum(items, 'weekly')),
    perPeriod: formatPence(sign * sum(items, period)),
    total,
  });
  const rent = charges.filter((c) => c.kind === 'rent');
  const service = charges.filter((c) => c.kind === 'service_charge');
  const other = charges.filter((c) => c.kind === 'other');
  const lines = [line('Rent', rent), line('Service charge', service)];
  if (other.length) lines.push(line('Other charges', other));
  lines.push(line('Gross rent', charges, 1, true));
  if (benefits.length) lines.push(line('Benefit contributions', benefits));
  const net = (to: Frequency) => sum(charges, to) - sum(benefits, to);
  lines.push({ label: 'Net rent', weekly: formatPence(Math.max(0, net('weekly'))), perPeriod: formatPence(Math.max(0, net(period))), total: true });
  return { period: period === 'weekly' ? null : FREQUENCY_WORDS[period], lines };
}
