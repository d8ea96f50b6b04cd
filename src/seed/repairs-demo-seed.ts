import type { Kysely } from 'kysely';
import type { Database, RepairStatus } from '../db/database.ts';
import { investigateBy, targetDate } from '../features/repairs/repair-rules.ts';
import { londonDate } from '../lib/london-date.ts';
import { findArea, findItem, findLocation, findProblem, repairsCatalogue } from '../features/repairs/repairs-catalogue.ts';
import { RepairsRepository } from '../features/repairs/repairs.repository.ts';
import type { Nation } from '../lib/working-days.ts';
import { prng } from './demo-data.ts';
import { STATUS_PATHS, WORK_ORDER_STATUS } from './repair-seed-paths.ts';

interface RepairsSeedDeps {
  db: Kysely<Database>;
  now: Date;
  nation: Nation;
  /** The demo tenant who signs in: given a repair in every status, and a damp case. */
  demoPersonId: number;
}

interface Spec {
  agreementId: number;
  propertyId: number;
  personId: number | null;
  path: [string, string, string, string];
  description: string;
  status: RepairStatus;
  daysAgo: number;
  damp?: { extent: string; duration: string; health: string };
  accessNotes?: string;
}

const CONTRACTORS: Record<string, { name: string; phone: string }> = {
  Plumbing: { name: 'Northbridge Plumbing Ltd', phone: '01632 960 410' },
  Electrical: { name: 'Brightline Electrical', phone: '01632 960 420' },
  Carpentry: { name: 'Keystone Building Services', phone: '01632 960 430' },
  Glazing: { name: 'Clearview Glazing', phone: '01632 960 440' },
  'Lift engineer': { name: 'Summit Lifts', phone: '01632 960 450' },
  'Damp and mould': { name: 'DryHome Damp Specialists', phone: '01632 960 460' },
  'Gas and heating': { name: 'Warmwise Heating', phone: '01632 960 470' },
};
const fallbackContractor = { name: 'Keystone Building Services', phone: '01632 960 430' };

const NOTES: Partial<Record<RepairStatus, string>> = {
  reported: 'Reported online',
  assigned: 'Passed to the contractor',
  appointment_booked: 'Appointment booked with you',
  in_progress: 'The operative has started work',
  on_hold: 'Waiting for parts',
  completed: 'Work completed',
  cancelled: 'Cancelled by the tenant',
};

const HOME_SAMPLES: Array<Pick<Spec, 'path' | 'description'>> = [
  { path: ['home', 'kitchen', 'tap', 'dripping'], description: 'The hot tap drips all the time, even when turned off hard.' },
  { path: ['home', 'bathroom', 'bath-basin', 'sealant'], description: 'The sealant round the bath has gone black and is peeling.' },
  { path: ['home', 'bedroom-living', 'window', 'draughty'], description: 'Cold air comes in round the frame of the back bedroom window.' },
  { path: ['home', 'heating-water', 'radiator', 'cold'], description: 'The radiator in the living room is cold at the top.' },
  { path: ['home', 'doors-stairs', 'banister', 'loose'], description: 'The banister moves when you lean on it.' },
  { path: ['outside', 'garden', 'fence', 'broken'], description: 'Two fence panels blew down in the storm.' },
  { path: ['home', 'kitchen', 'cupboard', 'door-broken'], description: 'The cupboard door under the sink has come off its hinge.' },
  { path: ['home', 'electrics', 'socket-switch', 'not-working'], description: 'The double socket by the TV has stopped working.' },
];
const STATUS_CYCLE: RepairStatus[] = ['completed', 'completed', 'cancelled', 'completed', 'assigned', 'reported', 'appointment_booked', 'in_progress', 'on_hold'];

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Repairs for the demo landlord: a few per household over the last two years, the demo tenant's in
 * every status with work orders, communal repairs in Beacon Court, and a damp and mould case.
 */
export async function seedRepairsDemo({ db, now, nation, demoPersonId }: RepairsSeedDeps): Promise<{ repairs: number }> {
  const catalogue = repairsCatalogue();
  const random = prng(2718281);
  const rules = { priorities: catalogue.priorities, rightToRepair: catalogue.rightToRepair, nation };
  const homes = await db
    .selectFrom('agreements as a')
    .innerJoin('properties as p', 'p.id', 'a.property_id')
    .innerJoin('agreement_members as m', (j) => j.onRef('m.agreement_id', '=', 'a.id').on('m.role', '=', 'lead'))
    .select(['a.id as agreementId', 'p.id as propertyId', 'p.parent_id as blockId', 'm.person_id as personId'])
    .where('a.status', '=', 'current')
    .orderBy('a.id')
    .execute();
  const demo = homes.find((h) => h.personId === demoPersonId) ?? homes[0];
  if (!demo) return { repairs: 0 };

  let count = 0;
  const add = async (spec: Spec) => {
    const [l, a, i, p] = spec.path;
    const location = findLocation(catalogue, l)!;
    const area = findArea(location, a)!;
    const item = findItem(area, i)!;
    const problem = findProblem(item, p)!;
    const reportedAt = new Date(now.getTime() - spec.daysAgo * 86_400_000 - Math.floor(random() * 8) * 3_600_000);
    const reportedIso = reportedAt.toISOString();
    const target = targetDate(problem, reportedAt, rules);
    const steps = STATUS_PATHS[spec.status];
    const stepAt = (k: number) => new Date(Math.min(now.getTime() - 3_600_000, reportedAt.getTime() + k * 2 * 86_400_000)).toISOString();
    const last = stepAt(steps.length - 1);
    await db.transaction().execute(async (trx) => {
      const repo = new RepairsRepository(trx);
      const reference = await repo.insert({
        property_id: spec.propertyId,
        agreement_id: spec.agreementId,
        reported_by_person_id: spec.personId,
        channel: random() < 0.7 ? 'portal' : 'phone',
        location: location.id,
        area_id: area.id,
        area: area.label,
        item_id: item.id,
        item: item.label,
        problem_id: problem.id,
        problem: problem.label,
        trade: problem.trade,
        description: spec.description,
        priority: problem.priority,
        status: spec.status,
        reported_at: reportedIso,
        target_date: target,
        investigate_by: problem.damp ? investigateBy(reportedAt, catalogue.dampInvestigationWorkingDays, nation) : null,
        hazard_flags: JSON.stringify(problem.damp ? ['damp_mould', ...(spec.damp?.health === 'yes' ? ['health_affected'] : [])] : []),
        damp_details: spec.damp ? JSON.stringify(spec.damp) : null,
        access_notes: spec.accessNotes ?? null,
        availability: JSON.stringify({ days: ['monday', 'wednesday', 'friday'], times: ['morning'] }),
        idempotency_key: null,
        created_at: reportedIso,
        updated_at: last,
        completed_at: spec.status === 'completed' ? last : null,
        cancelled_at: spec.status === 'cancelled' ? last : null,
      });
      const repair = (await repo.byReference(reference))!;
      for (const [k, status] of steps.entries()) await repo.addHistory(repair.id, status, stepAt(k), k === 0 || status === 'cancelled' ? 'tenant' : 'staff', NOTES[status] ?? null);
      const woStatus = WORK_ORDER_STATUS[spec.status];
      if (woStatus) {
        const contractor = CONTRACTORS[problem.trade] ?? fallbackContractor;
        const booked = woStatus === 'appointment_booked' || woStatus === 'in_progress' || woStatus === 'completed';
        const reportDate = londonDate(reportedAt);
        const appointment = booked ? (spec.status === 'appointment_booked' ? addDays(londonDate(now), 3) : addDays(reportDate, 2)) : null;
        await trx
          .insertInto('work_orders')
          .values({
            repair_id: repair.id,
            reference: `${reference}-01`,
            contractor_name: contractor.name,
            contractor_phone: contractor.phone,
            trade: problem.trade,
            target_date: target,
            status: woStatus,
            appointment_date: appointment,
            appointment_slot: appointment ? (random() < 0.5 ? 'am' : 'pm') : null,
            created_at: stepAt(1),
            updated_at: last,
          })
          .execute();
      }
    });
    count += 1;
  };

  const mine = { agreementId: demo.agreementId, propertyId: demo.propertyId, personId: demo.personId };
  // The demo tenant: one repair in every status, and a damp case still to be investigated.
  await add({ ...mine, path: ['home', 'kitchen', 'tap', 'dripping'], description: 'The cold tap in the kitchen drips all night.', status: 'reported', daysAgo: 1 });
  await add({ ...mine, path: ['home', 'bathroom', 'extractor-fan', 'not-working'], description: 'The bathroom fan makes a noise but does not turn.', status: 'assigned', daysAgo: 4 });
  await add({ ...mine, path: ['home', 'bedroom-living', 'window', 'broken-glass'], description: 'The outer pane of the bedroom window is cracked across the corner.', status: 'appointment_booked', daysAgo: 6, accessNotes: 'Please call 30 minutes before you arrive.' });
  await add({ ...mine, path: ['home', 'heating-water', 'boiler', 'pressure'], description: 'The boiler pressure drops below 1 bar every few days.', status: 'in_progress', daysAgo: 9 });
  await add({ ...mine, path: ['home', 'doors-stairs', 'front-door', 'draughty'], description: 'The front door sticks at the bottom and lets in a draught.', status: 'on_hold', daysAgo: 15 });
  await add({ ...mine, path: ['home', 'kitchen', 'sink', 'blocked'], description: 'The kitchen sink drains very slowly.', status: 'completed', daysAgo: 120 });
  await add({ ...mine, path: ['home', 'bathroom', 'toilet', 'seat'], description: 'The toilet seat hinge has snapped.', status: 'completed', daysAgo: 300 });
  await add({ ...mine, path: ['home', 'bedroom-living', 'floor', 'squeaky'], description: 'A floorboard in the hall squeaks loudly.', status: 'cancelled', daysAgo: 200 });
  await add({
    ...mine,
    path: ['home', 'bedroom-living', 'walls-ceiling', 'damp-mould'],
    description: 'Black mould is spreading on the wall behind the bed in the small bedroom.',
    status: 'reported',
    daysAgo: 3,
    damp: { extent: 'large', duration: 'months', health: 'yes' },
  });

  // Communal repairs of the demo tenant's block, reported by different households in it.
  if (demo.blockId !== null) {
    const neighbours = homes.filter((h) => h.blockId === demo.blockId);
    const by = (n: number) => neighbours[n % neighbours.length];
    const communal = (n: number) => ({ agreementId: by(n).agreementId, propertyId: demo.blockId!, personId: by(n).personId });
    await add({ ...communal(1), path: ['communal', 'lift', 'lift', 'not-working'], description: 'The lift is stuck on the second floor with its doors open.', status: 'completed', daysAgo: 40 });
    await add({ ...communal(2), path: ['communal', 'entrance', 'entryphone', 'not-working'], description: 'The entry phone for flats 1 to 6 does not ring.', status: 'assigned', daysAgo: 5 });
    await add({ ...communal(3), path: ['communal', 'stairs-corridors', 'lighting', 'one-out'], description: 'The light on the third-floor landing is out.', status: 'in_progress', daysAgo: 8 });
    await add({ ...communal(4), path: ['communal', 'stairs-corridors', 'walls-ceiling', 'damp-mould'], description: 'Water is coming through the ceiling of the top-floor corridor after rain.', status: 'appointment_booked', daysAgo: 4 });
    await add({ ...communal(0), path: ['communal', 'bin-store', 'door', 'broken'], description: 'The bin store door will not latch.', status: 'reported', daysAgo: 2 });
  }

  // Every other household: a short history.
  for (const [n, h] of homes.entries()) {
    if (h.agreementId === demo.agreementId) continue;
    const howMany = Math.floor(random() * 4);
    for (let k = 0; k < howMany; k++) {
      const sample = HOME_SAMPLES[(n * 3 + k) % HOME_SAMPLES.length];
      const status = STATUS_CYCLE[(n + k * 5) % STATUS_CYCLE.length];
      const open = status !== 'completed' && status !== 'cancelled';
      await add({ agreementId: h.agreementId, propertyId: h.propertyId, personId: h.personId, ...sample, status, daysAgo: open ? 1 + Math.floor(random() * 20) : 30 + Math.floor(random() * 600) });
    }
  }
  return { repairs: count };
}
