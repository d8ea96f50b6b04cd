import { keptAnswers } from './kept-answers.ts';

/**
 * Dates as people read them, in UK time. Each takes a calendar date (YYYY-MM-DD, read at midday so
 * no time zone moves it to another day) or an instant (an ISO timestamp). Intl's formatting costs
 * microseconds a call and pages show the same dates over and over, so the answers are kept.
 */
const format = (options: Intl.DateTimeFormatOptions) => {
  const formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Europe/London' });
  return keptAnswers((iso) => formatter.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)));
};

/** "3 March 2026" */
export const longDateText = format({ day: 'numeric', month: 'long', year: 'numeric' });
/** "3 Mar 2026" */
export const shortDateText = format({ day: 'numeric', month: 'short', year: 'numeric' });
/** "03/03/2026" */
export const numericDateText = format({ day: '2-digit', month: '2-digit', year: 'numeric' });

const clock = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' });

/** An instant's time of day as GOV.UK writes it: "2:05pm", "9am", "midday", "midnight". */
function timeText(instant: Date): string {
  const parts = Object.fromEntries(clock.formatToParts(instant).map((p) => [p.type, p.value]));
  const period = String(parts.dayPeriod).toLowerCase();
  if (parts.hour === '12' && parts.minute === '00') return period === 'am' ? 'midnight' : 'midday';
  return `${parts.hour}${parts.minute === '00' ? '' : `:${parts.minute}`}${period}`;
}

/** "3 March 2026 at 2:05pm" for an instant. */
export const dateTimeText = keptAnswers((iso) => `${longDateText(iso)} at ${timeText(new Date(iso))}`);
