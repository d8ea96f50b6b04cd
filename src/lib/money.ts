/** Money is integer pence everywhere; these turn it into words for people. */

/** Whole pounds with their thousands grouped as en-GB writes them (1234567 → "1,234,567"); Intl's formatter costs microseconds a call, and a page of transactions makes sixty. */
function pounds(whole: number): string {
  const digits = String(whole);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** 1240 → "£12.40"; always the size of the amount, never its sign. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`not a whole number of pence: ${pence}`);
  const abs = Math.abs(pence);
  // Integer arithmetic, so no float ever rounds a penny away.
  return `£${pounds(Math.trunc(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** A signed amount: "-£3.00" for a negative one. */
export function formatSignedPence(pence: number): string {
  return pence < 0 ? `-${formatPence(pence)}` : formatPence(pence);
}

/** A balance (positive: owed) as a short table cell: "£12.40 owed", "£3.00 in credit", "£0.00". */
export function formatBalance(pence: number): string {
  if (pence > 0) return `${formatPence(pence)} owed`;
  if (pence < 0) return `${formatPence(pence)} in credit`;
  return formatPence(0);
}

/** A balance as a sentence to the tenant. */
export function balanceInWords(pence: number): string {
  if (pence > 0) return `You owe ${formatPence(pence)}`;
  if (pence < 0) return `You are ${formatPence(pence)} in credit`;
  return 'Your account is clear';
}

export type Frequency = 'weekly' | 'four_weekly' | 'monthly';

const WEEKS_PER: Record<Frequency, { num: number; den: number }> = {
  weekly: { num: 1, den: 1 },
  four_weekly: { num: 4, den: 1 },
  monthly: { num: 52, den: 12 },
};

/** Converts an amount charged at one frequency to another, rounding half-pennies up. */
export function convertFrequency(pence: number, from: Frequency, to: Frequency): number {
  if (from === to) return pence;
  const a = WEEKS_PER[from];
  const b = WEEKS_PER[to];
  // pence × (weeks in `from`)⁻¹ × (weeks in `to`), kept as one fraction.
  const num = pence * a.den * b.num;
  const den = a.num * b.den;
  return Math.sign(num) * Math.floor((Math.abs(num) * 2 + den) / (2 * den));
}

export const FREQUENCY_WORDS: Record<Frequency, string> = {
  weekly: 'per week',
  four_weekly: 'per 4 weeks',
  monthly: 'per month',
};

/** The balance after each amount, starting from `opening`: what posting stores, and what tests check. */
export function runningBalances(opening: number, amounts: readonly number[]): number[] {
  const out: number[] = [];
  let balance = opening;
  for (const a of amounts) {
    balance += a;
    out.push(balance);
  }
  return out;
}
