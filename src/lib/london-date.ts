import { keptAnswers } from './kept-answers.ts';

const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

// UK clocks change on the hour (01:00 UTC), so every instant of one UTC hour has the same date in
// London: the date is worked out once an hour instead of on every request.
const dateOfHour = keptAnswers((hour) => format.format(new Date(`${hour}:00:00.000Z`)), 1000);

/** The calendar date (YYYY-MM-DD) in the UK at an instant: 00:30 BST on 1 June is 1 June, not 31 May. */
export function londonDate(instant: Date): string {
  return dateOfHour(instant.toISOString().slice(0, 13));
}
