import { shortDateText } from '../../lib/date-text.ts';
import { STATUS_WORDS, type RepairStatusName } from './repair-rules.ts';
import type { RepairsCatalogue } from './repairs-catalogue.ts';
import type { RepairSummary } from './repairs.service.ts';
import { DAMP_QUESTIONS, DAYS, TIMES } from './repairs.schemas.ts';

export const SLOT_WORDS: Record<string, string> = { am: 'morning (8am to 12pm)', pm: 'afternoon (12pm to 5pm)', all_day: 'all day (8am to 5pm)' };
export const WORK_ORDER_WORDS: Record<string, string> = { issued: 'Passed to contractor', appointment_booked: 'Appointment booked', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' };

export const LOCATION_WORDS = { home: 'In the home', communal: 'Communal area', outside: 'Outside' } as const;

export function statusTag(status: RepairStatusName) {
  return STATUS_WORDS[status];
}

export interface RepairRow {
  reference: string;
  href: string | null;
  what: string;
  where: string;
  description: string;
  reported: string;
  target: string;
  status: { text: string; tag: string };
}

export function toRepairRow(r: RepairSummary, linkable: boolean): RepairRow {
  return {
    reference: r.reference,
    href: linkable ? `/repairs/${r.reference}` : null,
    what: `${r.item}: ${r.problem.charAt(0).toLowerCase()}${r.problem.slice(1)}`,
    where: r.location === 'communal' ? `Communal: ${r.area}` : r.area,
    description: r.description,
    reported: shortDateText(r.reportedAt),
    target: shortDateText(r.targetDate),
    status: statusTag(r.status),
  };
}

export function priorityLabel(catalogue: RepairsCatalogue, priority: keyof RepairsCatalogue['priorities']): string {
  return catalogue.priorities[priority].label;
}

export function availabilityText(a: { days?: string[]; times?: string[] }): string {
  const days = DAYS.filter((d) => a.days?.includes(d.id)).map((d) => d.label);
  const times = TIMES.filter((t) => a.times?.includes(t.id)).map((t) => `${t.label.toLowerCase()} (${t.hint})`);
  if (!days.length && !times.length) return 'Not given';
  return `${days.join(', ')}${times.length ? ` — ${times.join(' or ')}` : ''}`;
}

export function dampAnswers(damp: Record<string, string> | null | undefined): Array<{ question: string; answer: string; name: string }> {
  if (!damp) return [];
  return DAMP_QUESTIONS.map((q) => ({ name: q.name, question: q.legend, answer: q.options.find((o) => o.id === damp[q.name])?.label ?? '' }));
}
