import { londonDate } from '../../lib/london-date.ts';
import { addWorkingDays, type Nation, type WorkingDayOverrides } from '../../lib/working-days.ts';
import type { CatalogueProblem, PrioritySettings, RightToRepairSettings } from './repairs-catalogue.ts';

/** The heating season of the Right to Repair schedule (1 November to 30 April by default), which wraps the new year. */
export function inHeatingSeason(date: string, settings: RightToRepairSettings['heating']): boolean {
  const md = date.slice(5);
  const { winterStartsMonthDay: start, winterEndsMonthDay: end } = settings;
  return start <= end ? md >= start && md <= end : md >= start || md <= end;
}

/** Working days the Right to Repair schedule allows for a problem, or null when the schedule does not cover it. */
export function rightToRepairDays(problem: Pick<CatalogueProblem, 'rightToRepair'>, reportDate: string, settings: RightToRepairSettings): number | null {
  switch (problem.rightToRepair) {
    case undefined:
      return null;
    case 'heating':
      return inHeatingSeason(reportDate, settings.heating) ? settings.heating.winterWorkingDays : settings.heating.summerWorkingDays;
    default:
      return settings[problem.rightToRepair];
  }
}

export interface TargetRules {
  priorities: PrioritySettings;
  rightToRepair: RightToRepairSettings;
  nation: Nation;
  overrides?: WorkingDayOverrides;
}

/**
 * The date a repair should be done by. Emergencies: within the emergency hours of the report,
 * whatever the day. Others: the priority's working days, or the Right to Repair schedule's when
 * that is sooner — a tenant's statutory deadline is never later than the landlord's own target.
 */
export function targetDate(problem: Pick<CatalogueProblem, 'priority' | 'rightToRepair'>, reportedAt: Date, rules: TargetRules): string {
  if (problem.priority === 'emergency') {
    return londonDate(new Date(reportedAt.getTime() + rules.priorities.emergency.hours * 3_600_000));
  }
  const reportDate = londonDate(reportedAt);
  const own = rules.priorities[problem.priority].workingDays;
  const statutory = rightToRepairDays(problem, reportDate, rules.rightToRepair);
  const days = statutory === null ? own : Math.min(own, statutory);
  return addWorkingDays(reportDate, days, rules.nation, rules.overrides);
}

/** Awaab's Law: a possible significant hazard (damp and mould) must be investigated within this many working days. */
export function investigateBy(reportedAt: Date, workingDays: number, nation: Nation, overrides?: WorkingDayOverrides): string {
  return addWorkingDays(londonDate(reportedAt), workingDays, nation, overrides);
}

export const REPAIR_STATUSES = ['reported', 'assigned', 'appointment_booked', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const;
export type RepairStatusName = (typeof REPAIR_STATUSES)[number];

/** What a tenant reads for each status, and the GOV.UK tag colour. */
export const STATUS_WORDS: Record<RepairStatusName, { text: string; tag: string }> = {
  reported: { text: 'Reported', tag: 'govuk-tag--blue' },
  assigned: { text: 'Passed to contractor', tag: 'govuk-tag--light-blue' },
  appointment_booked: { text: 'Appointment booked', tag: 'govuk-tag--purple' },
  in_progress: { text: 'In progress', tag: 'govuk-tag--yellow' },
  on_hold: { text: 'On hold', tag: 'govuk-tag--orange' },
  completed: { text: 'Completed', tag: 'govuk-tag--green' },
  cancelled: { text: 'Cancelled', tag: 'govuk-tag--grey' },
};

export const CLOSED_STATUSES: readonly RepairStatusName[] = ['completed', 'cancelled'];

/** A tenant may cancel only what no one has started: not yet booked, on site or finished. */
export function tenantMayCancel(status: RepairStatusName): boolean {
  return status === 'reported' || status === 'assigned';
}
