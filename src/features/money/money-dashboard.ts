import { balanceInWords, formatPence } from '../../lib/money.ts';
import type { Tile } from '../../lib/tile.ts';
import type { AgreementSummary, Transaction } from './money.repository.ts';
import { longDateText } from '../../lib/date-text.ts';

export interface BalanceNotice {
  reference: string;
  address: string;
  words: string;
  owes: boolean;
  waysToPayHref: string;
}

export interface MoneyActivity {
  /** A calendar date: transactions have no time of day. */
  at: string;
  text: string;
}

/** How a transaction reads in "Recent activity". */
export function describeTransaction(t: Pick<Transaction, 'type' | 'description' | 'amountPence'>): string {
  const amount = formatPence(t.amountPence);
  switch (t.type) {
    case 'payment':
      return `We received your payment of ${amount}`;
    case 'charge':
      return `${t.description}: ${amount} charged to your rent account`;
    case 'benefit':
      return `${t.description}: ${amount} paid towards your rent`;
    case 'refund':
      return `We refunded ${amount} to you`;
    case 'adjustment':
      return `${t.description}: your account was adjusted by ${t.amountPence < 0 ? '-' : ''}${amount}`;
  }
}

/**
 * What the dashboard shows about money: the balance, the money tiles, payments and charges. It is
 * worked out from the dashboard's one read (see dashboardOfPerson): the person's agreements, their
 * communications counted, and the latest transactions of the current agreements, in any order.
 */
export function moneySummary(
  agreements: AgreementSummary[],
  comms: { total: number; unread: number },
  recent: Transaction[],
  activityLimit: number,
): { balances: BalanceNotice[]; tiles: Tile[]; activity: MoneyActivity[] } {
  const current = agreements.filter((a) => a.status === 'current');
  const primary = agreements[0];
  const balances = current.map((a) => ({
    reference: a.reference,
    address: a.address[0],
    words: balanceInWords(a.account?.balancePence ?? 0),
    owes: (a.account?.balancePence ?? 0) > 0,
    waysToPayHref: `/agreements/${encodeURIComponent(a.reference)}/ways-to-pay`,
  }));

  const tiles: Tile[] = [];
  if (comms.total > 0) {
    tiles.push({ href: '/communications', title: 'My Communications', body: comms.unread ? `${comms.unread} unread of ${comms.total}` : `${comms.total} communication${comms.total === 1 ? '' : 's'}` });
  }
  if (primary) {
    const account = primary.account;
    tiles.push({ href: '/balance', title: 'My Balance', body: balanceInWords(account?.balancePence ?? 0) });
    tiles.push({
      href: '/ways-to-pay',
      title: 'Ways to Pay',
      body: account?.lastPaymentDate ? `Most recent payment ${formatPence(account.lastPaymentPence ?? 0)} on ${longDateText(account.lastPaymentDate)}` : 'See how to pay your rent',
    });
    const former = agreements.length - current.length;
    tiles.push({ href: '/agreements', title: 'My Agreements', body: [current.length ? `${current.length} current` : '', former ? `${former} former` : ''].filter(Boolean).join(', ') });
    tiles.push({ href: '/statement', title: 'Download a Statement', body: 'A PDF of your rent account for the period you choose' });
  }

  const latest = [...recent].sort((a, b) => (a.date === b.date ? b.seq - a.seq : b.date.localeCompare(a.date))).slice(0, activityLimit);
  return { balances, tiles, activity: latest.map((t) => ({ at: t.date, text: describeTransaction(t) })) };
}
