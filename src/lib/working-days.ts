import holidays from './bank-holidays.json' with { type: 'json' };

export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';

/** Extra closures (e.g. a staff training day) or days to treat as open, on top of bank holidays. */
export interface WorkingDayOverrides {
  closed?: readonly string[];
  open?: readonly string[];
}

const byNation: Record<Nation, Set<string>> = {
  'england-and-wales': new Set(holidays['england-and-wales'].events.map((e) => e.date)),
  scotland: new Set(holidays.scotland.events.map((e) => e.date)),
  'northern-ireland': new Set(holidays['northern-ireland'].events.map((e) => e.date)),
};

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addCalendarDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDate(d);
}

export function isWorkingDay(date: string, nation: Nation, overrides: WorkingDayOverrides = {}): boolean {
  if (overrides.open?.includes(date)) return true;
  if (overrides.closed?.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !byNation[nation].has(date);
}

/**
 * The date `n` working days after `from` (the day of receipt does not count, as the
 * regulators count it). `n = 0` gives `from` itself.
 */
export function addWorkingDays(from: string, n: number, nation: Nation, overrides: WorkingDayOverrides = {}): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let date = from;
  let left = n;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date, nation, overrides)) left -= 1;
  }
  return date;
}

/** Working days strictly after `from` up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, nation: Nation, overrides: WorkingDayOverrides = {}): number {
  if (to < from) return -workingDaysBetween(to, from, nation, overrides);
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d, nation, overrides)) count += 1;
  }
  return count;
}
