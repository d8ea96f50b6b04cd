import { FormErrors, parseDateInput, type FormBody } from '../../lib/forms.ts';
import { londonDate } from '../../lib/london-date.ts';
import type { Range } from './money.repository.ts';

/** Today's calendar date where the landlord is, not in UTC: a payment at 00:30 BST is today's. */
export function londonToday(now: Date): string {
  return londonDate(now);
}

export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The same day n months away, or the month's last day when it has no such day (31 May − 3 → 28 Feb). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const hasAny = (body: FormBody, name: string) => ['day', 'month', 'year'].some((p) => (body[`${name}-${p}`] ?? '').trim() !== '');

/** One end of a date range: real, not in the future; empty is allowed only when `required` is false. */
function rangeEnd(body: FormBody, name: 'from' | 'to', today: string, errors: FormErrors, required: boolean): string | null {
  const label = name === 'from' ? 'Start date' : 'End date';
  if (!required && !hasAny(body, name)) return null;
  return parseDateInput(body, { name, label, missing: `Enter the ${label.toLowerCase()}`, today, notAfter: { date: today, message: `${label} must be today or in the past` } }, errors);
}

function checkOrder(range: Range, errors: FormErrors): void {
  if (range.from && range.to && range.to < range.from) errors.add('to', 'End date must be the same as or after the start date', '#to-day');
}

/** The My Balance filter: either end may be left empty. */
export function parseRangeFilter(query: FormBody, today: string): { range: Range; errors: FormErrors } {
  const errors = new FormErrors();
  const range: Range = { from: rangeEnd(query, 'from', today, errors, false), to: rangeEnd(query, 'to', today, errors, false) };
  checkOrder(range, errors);
  return { range, errors };
}

export const PERIODS = ['last-3-months', 'last-6-months', 'last-12-months', 'this-financial-year', 'last-financial-year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

/** The dates each fixed period covers on a given day; financial years run April to March. */
export function periodRange(period: Exclude<Period, 'custom'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number);
  const fyStart = m >= 4 ? y : y - 1;
  switch (period) {
    case 'last-3-months':
      return { from: addDays(addMonths(today, -3), 1), to: today };
    case 'last-6-months':
      return { from: addDays(addMonths(today, -6), 1), to: today };
    case 'last-12-months':
      return { from: addDays(addMonths(today, -12), 1), to: today };
    case 'this-financial-year':
      return { from: `${fyStart}-04-01`, to: today };
    case 'last-financial-year':
      return { from: `${fyStart - 1}-04-01`, to: `${fyStart}-03-31` };
  }
}

export const PERIOD_LABELS: Record<Period, string> = {
  'last-3-months': 'The last 3 months',
  'last-6-months': 'The last 6 months',
  'last-12-months': 'The last 12 months',
  'this-financial-year': 'This financial year',
  'last-financial-year': 'Last financial year',
  custom: 'Choose the dates',
};

/** The statement form: a period, or a custom range where both ends are needed. */
export function parseStatementRequest(body: FormBody, today: string): { period: Period | null; range: { from: string; to: string } | null; errors: FormErrors } {
  const errors = new FormErrors();
  const period = (PERIODS as readonly string[]).includes(body.period ?? '') ? (body.period as Period) : null;
  if (!period) {
    errors.add('period', 'Select the period you want a statement for');
    return { period, range: null, errors };
  }
  if (period !== 'custom') return { period, range: periodRange(period, today), errors };
  const from = rangeEnd(body, 'from', today, errors, true);
  const to = rangeEnd(body, 'to', today, errors, true);
  checkOrder({ from, to }, errors);
  return { period, range: errors.empty && from && to ? { from, to } : null, errors };
}

/** Keyset cursors in links: `2026-03-02_123` (a date and a posting number). */
export function parseCursor(value: unknown): { date: string; seq: number } | null | 'invalid' {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') return 'invalid';
  const m = /^(\d{4}-\d{2}-\d{2})_([1-9]\d{0,9})$/.exec(value);
  if (!m) return 'invalid';
  return { date: m[1], seq: Number(m[2]) };
}

export const cursorParam = (t: { date: string; seq: number }) => `${t.date}_${t.seq}`;
