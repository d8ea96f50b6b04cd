import type { RepairPriority, RepairStatus, WorkOrderStatus } from '../../db/database.ts';
import { londonDate } from '../../lib/london-date.ts';
import { workingDaysBetween, type Nation } from '../../lib/working-days.ts';
import { longDateText } from '../../lib/date-text.ts';

/** The words the back office uses; the values are the ones the tenant side stores. */
export const STATUS_LABELS: Record<RepairStatus, string> = {
  reported: 'Reported',
  // The tenant's words for the same status, so staff on the phone and the tenant's page agree.
  assigned: 'Passed to contractor',
  appointment_booked: 'Appointment booked',
  in_progress: 'In progress',
  on_hold: 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const PRIORITY_LABELS: Record<RepairPriority, string> = { emergency: 'Emergency', urgent: 'Urgent', routine: 'Routine' };

export const WORK_ORDER_STATUS_LABELS: Record<WorkOrderStatus, string> = {
  issued: 'Issued to contractor',
  appointment_booked: 'Appointment booked',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const SLOT_LABELS: Record<string, string> = { am: 'Morning', pm: 'Afternoon', all_day: 'All day' };

export function isKey<T extends string>(labels: Record<T, string>, value: unknown): value is T {
  return typeof value === 'string' && Object.hasOwn(labels, value);
}

export interface ClockTag {
  text: string;
  /** A govuk-tag colour modifier. */
  colour: 'red' | 'orange' | 'yellow';
}

/**
 * How close a deadline is, counted in the landlord's working days: overdue is red, due today or
 * on the next working day orange, within three working days yellow; later ones need no flag.
 */
export function clockTag(due: string | null, today: string, nation: Nation): ClockTag | null {
  if (!due) return null;
  if (due < today) return { text: 'Overdue', colour: 'red' };
  if (due === today) return { text: 'Due today', colour: 'orange' };
  const left = workingDaysBetween(today, due, nation);
  if (left <= 1) return { text: 'Due next working day', colour: 'orange' };
  if (left <= 3) return { text: `Due in ${left} working days`, colour: 'yellow' };
  return null;
}

/** The calendar date in the UK at an instant. */
export function londonToday(now: Date): string {
  return londonDate(now);
}

export function appointmentText(date: string | null, slot: string | null): string | null {
  if (!date) return null;
  return slot && SLOT_LABELS[slot] ? `${longDateText(date)}, ${SLOT_LABELS[slot].toLowerCase()}` : longDateText(date);
}

