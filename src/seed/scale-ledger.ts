/**
 * The rent history of one tenancy at scale: weekly charges, benefit credits and the household's
 * payments, with the running balance worked out as it goes. Pure and deterministic: the same
 * random source and dates give the same rows.
 */

const DAY_MS = 86_400_000;
const isoByDay = new Map<number, string>();

/** Days since 1970-01-01 (a Thursday). */
export const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

export function isoOf(day: number): string {
  let iso = isoByDay.get(day);
  if (!iso) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoByDay.set(day, iso);
  }
  return iso;
}

/** The Monday on or after a day. */
export const mondayFrom = (day: number) => day + ((7 - ((day + 3) % 7)) % 7);

/** The financial year (April to March) a date falls in, named by the year it starts. */
export const fyOf = (iso: string) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);

export type PaymentPattern = 'weekly' | 'fortnightly' | 'monthly' | 'housing-benefit';
export type Behaviour = 'steady' | 'arrears' | 'credit' | 'arrangement';

export interface LedgerPlan {
  agreementId: number;
  reference: string;
  /** First and last day of the history (inclusive). */
  fromDay: number;
  toDay: number;
  /** Weekly rent in the financial year `rentYear`, rising 4% a year before and after it. */
  weeklyRent: number;
  rentYear: number;
  weeklyService: number;
  /** Share of the rent met by Housing Benefit (0 for none). */
  benefitShare: number;
  pattern: PaymentPattern;
  behaviour: Behaviour;
  method: string;
  /** Owed (positive) or in credit (negative) when the history starts. */
  broughtForward: number;
  /** A former tenancy closes with its account cleared. */
  clearAtEnd: boolean;
}

/** agreement_id, seq, date, type, description, amount_pence, balance_pence, reference, created_at */
export type TransactionRow = [number, number, string, string, string, number, number, string | null, string];

export interface LedgerResult {
  rows: TransactionRow[];
  balance: number;
  lastPayment: { date: string; pence: number } | null;
}

export const rentFor = (plan: Pick<LedgerPlan, 'weeklyRent' | 'rentYear'>, fy: number) => Math.round(plan.weeklyRent * 1.04 ** (fy - plan.rentYear));

export function buildLedger(plan: LedgerPlan, random: () => number): LedgerResult {
  const rows: TransactionRow[] = [];
  let balance = 0;
  let lastPayment: LedgerResult['lastPayment'] = null;
  let lastDay = plan.fromDay;
  const post = (day: number, type: string, description: string, amount: number, reference: string | null = null) => {
    if (day < lastDay) throw new Error(`postings must not go back in time (${plan.reference})`);
    lastDay = day;
    balance += amount;
    const date = isoOf(day);
    // Postings land in the overnight run after the day they belong to.
    rows.push([plan.agreementId, rows.length + 1, date, type, description, amount, balance, reference, `${date}T02:00:00.000Z`]);
  };
  const pay = (day: number, due: number) => {
    if (day > plan.toDay || due <= 0) return;
    let amount = due;
    const roll = random();
    if (plan.behaviour === 'arrears') amount = roll < 0.08 ? 0 : roll < 0.25 ? due - 500 - Math.floor(random() * 15) * 100 : due;
    else if (plan.behaviour === 'credit') amount = roll < 0.3 ? due + 200 + Math.floor(random() * 4) * 100 : due;
    else if (plan.behaviour === 'arrangement') amount = roll < 0.03 ? 0 : due + (balance > 0 ? 500 : 0);
    if (amount <= 0) return;
    const date = isoOf(day);
    post(day, 'payment', `Payment, ${plan.method}`, -amount, `${plan.reference}-${date.replaceAll('-', '')}`);
    lastPayment = { date, pence: amount };
  };

  if (plan.broughtForward) post(plan.fromDay, 'adjustment', 'Balance brought forward', plan.broughtForward);
  const offset = plan.method.startsWith('Direct Debit') ? 0 : 1 + Math.floor(random() * 4);
  const monthlyPayDay = 1 + Math.floor(random() * 28);
  let week = 0;
  for (let monday = mondayFrom(plan.fromDay); monday <= plan.toDay; monday += 7, week++) {
    const rent = rentFor(plan, fyOf(isoOf(monday)));
    const gross = rent + plan.weeklyService;
    post(monday, 'charge', plan.weeklyService ? 'Rent and service charge' : 'Rent', gross);
    const benefit = Math.round(rent * plan.benefitShare);
    if (benefit) post(monday, 'benefit', 'Housing Benefit', -benefit);
    const due = gross - benefit;
    if (plan.pattern === 'weekly' || plan.pattern === 'housing-benefit') pay(monday + offset, due);
    else if (plan.pattern === 'fortnightly' && week % 2 === 1) pay(monday + offset, due * 2);
    else if (plan.pattern === 'monthly') {
      // Universal Credit arrives monthly: the tenant pays a month's rent in the week it lands.
      for (let d = monday; d < monday + 7; d++) if (Number(isoOf(d).slice(8, 10)) === monthlyPayDay) pay(d, Math.round((due * 52) / 12));
    }
    // A large credit is refunded on request, as the landlord's policy allows.
    const refundDay = Math.max(lastDay, monday + 3);
    if (plan.behaviour === 'credit' && balance < -30000 && refundDay <= plan.toDay && random() < 0.1) post(refundDay, 'refund', 'Refund of credit', -balance);
  }
  if (plan.clearAtEnd && balance !== 0) {
    post(plan.toDay, balance < 0 ? 'refund' : 'adjustment', balance < 0 ? 'Refund of credit on leaving' : 'Balance written off on leaving', -balance);
  }
  return { rows, balance, lastPayment };
}
