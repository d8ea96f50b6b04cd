import type { Kysely } from 'kysely';
import type { Database, RepairStatus } from '../db/database.ts';
import type { Engine } from '../db/dialect.ts';
import { investigateBy, targetDate, type TargetRules } from '../features/repairs/repair-rules.ts';
import { londonDate } from '../lib/london-date.ts';
import { repairsCatalogue, type CatalogueArea, type CatalogueItem, type CatalogueProblem, type RepairsCatalogue } from '../features/repairs/repairs-catalogue.ts';
import { repairReference } from '../features/repairs/repairs.repository.ts';
import type { Nation } from '../lib/working-days.ts';
import { prng } from './demo-data.ts';
import { insertRows, type Columns } from './scale-bulk.ts';
import type { ScaleRows } from './scale-data.ts';
import { STATUS_PATHS, WORK_ORDER_STATUS } from './repair-seed-paths.ts';

/**
 * Repairs for the large landlord: about ten a tenancy over three years, nearly all closed, the
 * recent ones open in every status, communal repairs on the blocks and some damp and mould cases.
 * Built from the households' own rows and seeded by the household, like the rest of the landlord.
 */

type Row = unknown[];
export interface RepairRows {
  repairs: Row[];
  repair_status_history: Row[];
  work_orders: Row[];
}

/** Parents first. Repairs carry their id, as their reference is made from it (repairReference). */
export const REPAIR_TABLES: { [T in keyof RepairRows]: Columns } = {
  repairs: [
    ['id', 'int4'], ['reference', 'text'], ['property_id', 'int4'], ['agreement_id', 'int4'], ['reported_by_person_id', 'int4'], ['channel', 'text'], ['location', 'text'],
    ['area_id', 'text'], ['area', 'text'], ['item_id', 'text'], ['item', 'text'], ['problem_id', 'text'], ['problem', 'text'], ['trade', 'text'], ['description', 'text'],
    ['priority', 'text'], ['status', 'text'], ['reported_at', 'text'], ['target_date', 'text'], ['investigate_by', 'text'], ['hazard_flags', 'text'], ['damp_details', 'text'],
    ['access_notes', 'text'], ['availability', 'text'], ['created_at', 'text'], ['updated_at', 'text'], ['completed_at', 'text'], ['cancelled_at', 'text'],
  ],
  repair_status_history: [['repair_id', 'int4'], ['status', 'text'], ['note', 'text'], ['actor_type', 'text'], ['at', 'text']],
  work_orders: [
    ['repair_id', 'int4'], ['reference', 'text'], ['contractor_name', 'text'], ['contractor_phone', 'text'], ['trade', 'text'], ['target_date', 'text'], ['status', 'text'],
    ['appointment_date', 'text'], ['appointment_slot', 'text'], ['created_at', 'text'], ['updated_at', 'text'],
  ],
};

const NOTES: Record<RepairStatus, string> = {
  reported: 'Reported',
  assigned: 'Passed to the contractor',
  appointment_booked: 'Appointment booked with you',
  in_progress: 'The operative has started work',
  on_hold: 'Waiting for parts',
  completed: 'Work completed',
  cancelled: 'Cancelled',
};
const CONTRACTORS: Record<string, [name: string, phone: string]> = {
  Plumbing: ['Northbridge Plumbing Ltd', '01632 960 410'],
  Electrical: ['Brightline Electrical', '01632 960 420'],
  Glazing: ['Clearview Glazing', '01632 960 440'],
  'Lift engineer': ['Summit Lifts', '01632 960 450'],
  'Damp and mould': ['DryHome Damp Specialists', '01632 960 460'],
  'Gas and heating': ['Warmwise Heating', '01632 960 470'],
};
const FALLBACK_CONTRACTOR: [string, string] = ['Keystone Building Services', '01632 960 430'];
const DETAILS = ['It started last week.', 'It has been getting worse.', 'It happens most days.', 'This is the second time it has happened.', 'Please call before you come.', ''];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const TIMES = ['morning', 'afternoon'];
const OPEN: RepairStatus[] = ['reported', 'assigned', 'appointment_booked', 'in_progress', 'on_hold'];
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 3 * 365;
/** Repairs reported within this many days may still be open. */
const RECENT_DAYS = 40;

interface Choice {
  location: 'home' | 'communal' | 'outside';
  area: CatalogueArea;
  item: CatalogueItem;
  problem: CatalogueProblem;
}

function choices(catalogue: RepairsCatalogue, location: Choice['location']): Choice[] {
  const out: Choice[] = [];
  for (const l of catalogue.locations.filter((x) => x.id === location)) {
    for (const area of l.areas) for (const item of area.items) for (const problem of item.problems) out.push({ location, area, item, problem });
  }
  return out;
}

export class ScaleRepairs {
  private nextId: number;
  /** Households come in order, one current tenancy each, as the ScaleGenerator makes them. */
  private nextHousehold = 0;
  private readonly rules: TargetRules;
  private readonly home: Choice[];
  private readonly communal: Choice[];
  private readonly dampHome: Choice[];
  /** Working-day sums are most of the cost of a repair: each depends only on the UK date, so it is worked out once. */
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly now: Date,
    firstId: number,
    private readonly nation: Nation = 'england-and-wales',
    private readonly catalogue: RepairsCatalogue = repairsCatalogue(),
  ) {
    this.nextId = firstId;
    this.rules = { priorities: catalogue.priorities, rightToRepair: catalogue.rightToRepair, nation };
    this.home = [...choices(catalogue, 'home'), ...choices(catalogue, 'outside')];
    this.communal = choices(catalogue, 'communal');
    this.dampHome = this.home.filter((c) => c.problem.damp);
  }

  private cached(key: string, make: () => string): string {
    let value = this.memo.get(key);
    if (value === undefined) {
      value = make();
      this.memo.set(key, value);
    }
    return value;
  }

  /** The UK date of an instant; the UK's offset changes only on the hour, so the UTC hour decides it. */
  private ukDate(at: Date): string {
    return this.cached(`d${at.toISOString().slice(0, 13)}`, () => londonDate(at));
  }

  private target(problem: CatalogueProblem, reportedAt: Date): string {
    if (problem.priority === 'emergency') return this.ukDate(new Date(reportedAt.getTime() + this.catalogue.priorities.emergency.hours * 3_600_000));
    return this.cached(`t${problem.priority}|${problem.rightToRepair ?? ''}|${this.ukDate(reportedAt)}`, () => targetDate(problem, reportedAt, this.rules));
  }

  private investigateBy(reportedAt: Date): string {
    return this.cached(`i${this.ukDate(reportedAt)}`, () => investigateBy(reportedAt, this.catalogue.dampInvestigationWorkingDays, this.nation));
  }

  /** The next repair id after everything already in the database. */
  static async firstId(db: Kysely<Database>): Promise<number> {
    const row = await db.selectFrom('repairs').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    return 1 + Number(row?.max ?? 0);
  }

  /** Repairs of the current tenancies among rows a ScaleGenerator has just made, in household order. */
  forHouseholds(rows: ScaleRows): RepairRows {
    const out: RepairRows = { repairs: [], repair_status_history: [], work_orders: [] };
    const parentOf = new Map<number, number | null>(rows.properties.map((p) => [p[0] as number, p[8] as number | null]));
    const leadOf = new Map<number, number>();
    for (const m of rows.agreement_members) if (m[2] === 'lead') leadOf.set(m[0] as number, m[1] as number);
    for (const a of rows.agreements) {
      if (a[3] !== 'current') continue;
      const [agreementId, , , , propertyId] = a as [number, string, string, string, number];
      this.household(this.nextHousehold++, { agreementId, propertyId, blockId: parentOf.get(propertyId) ?? null, personId: leadOf.get(agreementId) ?? null }, out);
    }
    return out;
  }

  private household(i: number, h: { agreementId: number; propertyId: number; blockId: number | null; personId: number | null }, out: RepairRows): void {
    const random = prng(0x4e9a1 ^ Math.imul(i + 1, 2246822519));
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const count = 6 + Math.floor(random() * 9);
    // Spread over three years, oldest first, so a household's ids follow its history.
    const ages = Array.from({ length: count }, () => 1 + random() * (HISTORY_DAYS - 1)).sort((x, y) => y - x);
    // One household in eight has reported damp or mould in the last few weeks, still being looked into.
    const damp = random() < 0.125 && this.dampHome.length > 0;
    if (damp) ages.push(1 + random() * 14);
    // Every third household has a repair under way, the five open statuses taken in turn.
    const open = i % 3 === 0 ? OPEN[(i / 3) % OPEN.length] : null;
    if (open) ages.push(1 + random() * 20);
    for (const [k, age] of ages.entries()) {
      const isDamp = damp && k === count;
      const communal = !isDamp && h.blockId !== null && random() < 0.15;
      const choice = isDamp ? pick(this.dampHome) : pick(communal ? this.communal : this.home);
      this.repair(h, communal ? h.blockId! : h.propertyId, choice, age, random, out, k === ages.length - 1 ? open : null);
    }
  }

  private repair(h: { agreementId: number; personId: number | null }, propertyId: number, c: Choice, ageDays: number, random: () => number, out: RepairRows, fixed: RepairStatus | null): void {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const id = this.nextId++;
    const reference = repairReference(id);
    const reportedAt = new Date(this.now.getTime() - Math.floor(ageDays * DAY_MS));
    const reportedIso = reportedAt.toISOString();
    const status = fixed ?? statusFor(ageDays, random);
    const target = this.target(c.problem, reportedAt);
    const steps = STATUS_PATHS[status];
    // Emergencies move on within hours, others every day or few.
    const gap = (c.problem.priority === 'emergency' ? 0.1 : 0.5 + random() * 3) * DAY_MS;
    const latest = this.now.getTime() - 3_600_000;
    const stepAt = (s: number) => new Date(Math.min(latest, reportedAt.getTime() + s * gap)).toISOString();
    const last = s(steps.length - 1);
    function s(n: number) {
      return n === 0 ? reportedIso : stepAt(n);
    }
    const damp = c.problem.damp ? { extent: pick(['small', 'medium', 'large']), duration: pick(['weeks', 'months', 'years']), health: random() < 0.3 ? 'yes' : 'no' } : null;
    const hazards = damp ? ['damp_mould', ...(damp.health === 'yes' ? ['health_affected'] : [])] : [];
    const detail = pick(DETAILS);
    const description = `${c.item.label}: ${c.problem.label.toLowerCase()}${c.location === 'communal' ? ' in the communal ' + c.area.label.toLowerCase() : ''}.${detail ? ` ${detail}` : ''}`;
    const availability = JSON.stringify({ days: DAYS.filter(() => random() < 0.6), times: TIMES.filter(() => random() < 0.7) });
    out.repairs.push([
      id, reference, propertyId, h.agreementId, h.personId, random() < 0.6 ? 'portal' : 'phone', c.location,
      c.area.id, c.area.label, c.item.id, c.item.label, c.problem.id, c.problem.label, c.problem.trade, description,
      c.problem.priority, status, reportedIso, target, damp ? this.investigateBy(reportedAt) : null,
      JSON.stringify(hazards), damp ? JSON.stringify(damp) : null, random() < 0.1 ? 'Dog in the garden; please knock loudly.' : null, availability,
      reportedIso, last, status === 'completed' ? last : null, status === 'cancelled' ? last : null,
    ]);
    for (const [n, step] of steps.entries()) {
      out.repair_status_history.push([id, step, NOTES[step], n === 0 || step === 'cancelled' ? 'tenant' : n === steps.length - 1 && step === 'completed' ? 'contractor' : 'staff', s(n)]);
    }
    const woStatus = WORK_ORDER_STATUS[status];
    if (woStatus) {
      const [name, phone] = CONTRACTORS[c.problem.trade] ?? FALLBACK_CONTRACTOR;
      const booked = woStatus !== 'issued';
      const appointment = booked ? this.ukDate(new Date(Math.max(reportedAt.getTime() + 2 * gap, status === 'appointment_booked' ? this.now.getTime() + 3 * DAY_MS : 0))) : null;
      out.work_orders.push([id, `${reference}-01`, name, phone, c.problem.trade, target, woStatus, appointment, appointment ? (random() < 0.5 ? 'am' : 'pm') : null, s(Math.min(1, steps.length - 1)), last]);
    }
  }
}

/** Old repairs are closed; the last few weeks' are open in every status. */
function statusFor(ageDays: number, random: () => number): RepairStatus {
  const roll = random();
  if (ageDays > RECENT_DAYS) return roll < 0.93 ? 'completed' : 'cancelled';
  const spread: Array<[RepairStatus, number]> = [['reported', 0.14], ['assigned', 0.16], ['appointment_booked', 0.16], ['in_progress', 0.1], ['on_hold', 0.08], ['cancelled', 0.04], ['completed', 1]];
  let sum = 0;
  for (const [status, weight] of spread) {
    sum += weight;
    if (roll < sum) return status;
  }
  return 'completed';
}

export async function insertRepairs(db: Kysely<Database>, engine: Engine, rows: RepairRows): Promise<void> {
  for (const table of Object.keys(REPAIR_TABLES) as Array<keyof RepairRows>) await insertRows(db, engine, table, REPAIR_TABLES[table], rows[table]);
}
