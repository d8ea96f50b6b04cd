import type { RepairPriority, RepairStatus } from '../../src/db/database.ts';
import type { Deps } from '../../src/deps.ts';
import type { Household } from './factories.ts';

let counter = 0;

export interface RepairOptions {
  priority?: RepairPriority;
  status?: RepairStatus;
  targetDate?: string;
  investigateBy?: string | null;
  hazardFlags?: string[];
  dampDetails?: Record<string, unknown> | null;
  reportedAt?: string;
  description?: string;
  accessNotes?: string | null;
  availability?: { days: string[]; times: string[] };
  problem?: string;
}

export interface TestRepair {
  id: number;
  reference: string;
}

/** A repair to the household's home, as the tenant side stores one, with its first history row. */
export async function createRepair(deps: Deps, household: Household, options: RepairOptions = {}): Promise<TestRepair> {
  const n = ++counter;
  const now = deps.clock.now().toISOString();
  const reportedAt = options.reportedAt ?? now;
  const status = options.status ?? 'reported';
  const reference = `RT${String(100000 + n)}${Math.floor(Math.random() * 10)}`;
  const row = await deps.db
    .insertInto('repairs')
    .values({
      reference,
      property_id: household.propertyId,
      agreement_id: household.agreementId,
      reported_by_person_id: household.people[0].personId,
      channel: 'portal',
      location: 'home',
      area_id: 'kitchen',
      area: 'Kitchen',
      item_id: 'tap',
      item: 'Tap',
      problem_id: 'dripping',
      problem: options.problem ?? 'Dripping',
      trade: 'Plumbing',
      description: options.description ?? 'The cold tap drips all the time.',
      priority: options.priority ?? 'routine',
      status,
      reported_at: reportedAt,
      target_date: options.targetDate ?? '2026-12-21',
      investigate_by: options.investigateBy ?? null,
      hazard_flags: JSON.stringify(options.hazardFlags ?? []),
      damp_details: options.dampDetails ? JSON.stringify(options.dampDetails) : null,
      access_notes: options.accessNotes ?? null,
      availability: JSON.stringify(options.availability ?? { days: [], times: [] }),
      idempotency_key: null,
      created_at: reportedAt,
      updated_at: reportedAt,
      completed_at: status === 'completed' ? now : null,
      cancelled_at: status === 'cancelled' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await deps.db.insertInto('repair_status_history').values({ repair_id: row.id, status: 'reported', note: null, actor_type: 'tenant', at: reportedAt }).execute();
  return { id: row.id, reference };
}

/** A damp and mould report: a possible significant hazard under Awaab's Law. */
export function dampRepair(deps: Deps, household: Household, options: RepairOptions & { investigateBy: string }): Promise<TestRepair> {
  return createRepair(deps, household, {
    priority: 'urgent',
    hazardFlags: ['damp_mould'],
    dampDetails: { rooms: ['bedroom'], children: true, healthConditions: false },
    problem: 'Damp or mould',
    ...options,
  });
}
