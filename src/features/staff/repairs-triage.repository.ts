import { sql, type Kysely } from 'kysely';
import type { Database, RepairPriority, RepairStatus, RepairStatusHistoryTable, WorkOrderStatus } from '../../db/database.ts';
import { toWorkOrderRecord, type WorkOrderRecord } from '../repairs/repairs.repository.ts';

export type { WorkOrderRecord };

/*
 * The queue's order, spelt exactly as the index repairs_triage_queue (migration 0007) spells it:
 * both engines use an expression or partial index only for the same words, so keep them in step.
 */
const RANK = sql<number>`(case when priority = 'emergency' then 0 when investigate_by is not null or hazard_flags <> '[]' then 1 when priority = 'urgent' then 2 else 3 end)`;
const DUE = sql<string>`(case when investigate_by is not null and investigate_by < target_date then investigate_by else target_date end)`;
const OPEN = sql<boolean>`status not in ('completed', 'cancelled')`;
const HAZARD = sql<boolean>`(investigate_by is not null or hazard_flags <> '[]')`;

export const OPEN_STATUSES = ['reported', 'assigned', 'appointment_booked', 'in_progress', 'on_hold'] as const satisfies readonly RepairStatus[];

export interface QueueFilter {
  status: RepairStatus | null;
  priority: RepairPriority | null;
  hazardOnly: boolean;
}

/** Where the next page starts: the last row's place in the queue's order. */
export interface QueueCursor {
  rank: number;
  due: string;
  id: number;
}

export interface QueueRow {
  id: number;
  reference: string;
  address: string;
  /** The first line and postcode: enough to tell repairs apart in the queue. */
  shortAddress: string;
  location: string;
  area: string;
  item: string;
  problem: string;
  priority: RepairPriority;
  status: RepairStatus;
  reportedAt: string;
  targetDate: string;
  investigateBy: string | null;
  hazard: boolean;
  cursor: QueueCursor;
}

export interface RepairRecord {
  id: number;
  reference: string;
  propertyId: number;
  address: string;
  propertyKind: string;
  agreementId: number | null;
  agreementReference: string | null;
  reporter: { personId: number; name: string } | null;
  contacts: Array<{ method: string; value: string }>;
  channel: string;
  location: string;
  area: string;
  item: string;
  problem: string;
  trade: string;
  description: string;
  priority: RepairPriority;
  status: RepairStatus;
  reportedAt: string;
  targetDate: string;
  investigateBy: string | null;
  hazardFlags: string;
  dampDetails: string | null;
  accessNotes: string | null;
  availability: string;
  completedAt: string | null;
  cancelledAt: string | null;
}

export interface HistoryEntry {
  status: RepairStatus;
  note: string | null;
  actorType: RepairStatusHistoryTable['actor_type'];
  at: string;
}

export interface PhotoRecord {
  id: number;
  storedName: string;
  contentType: string;
  sizeBytes: number;
  width: number;
  height: number;
  createdAt: string;
}

export interface InternalNote {
  staffName: string;
  body: string;
  createdAt: string;
}

export interface WorkOrderInput {
  contractorName: string;
  contractorPhone: string;
  trade: string;
  targetDate: string;
  status: WorkOrderStatus;
  appointmentDate: string | null;
  appointmentSlot: string | null;
}

function addressOf(p: { address_line1: string; address_line2: string | null; town: string; postcode: string }): string {
  return [p.address_line1, p.address_line2, p.town, p.postcode].filter(Boolean).join(', ');
}

/** All the back office's reads and writes of repairs; services own the transactions. */
export class RepairsTriageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(filter: QueueFilter) {
    let q = this.db.selectFrom('repairs').where(OPEN);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.priority) q = q.where('priority', '=', filter.priority);
    // A hazard ranks 0 or 1, so saying so lets the index stop at the end of rank 1.
    if (filter.hazardOnly) q = q.where(HAZARD).where(sql<boolean>`${RANK} <= 1`);
    return q;
  }

  /**
   * The queries for the ids of one page of open repairs in triage order, starting after `after`
   * (keyset paging: no OFFSET to walk). After a cursor it is two: the rest of the cursor's rank,
   * then the ranks after it, each a seek into the index: a single row-value comparison of
   * expressions would make SQLite scan the index from its start.
   */
  queuePageQueries(filter: QueueFilter, after: QueueCursor | null, limit: number) {
    const ids = (q: ReturnType<RepairsTriageRepository['filtered']>) => q.select(['id', RANK.as('rank'), DUE.as('due')]);
    if (!after) return [ids(this.filtered(filter)).orderBy(RANK).orderBy(DUE).orderBy('id').limit(limit)];
    const restOfRank = ids(this.filtered(filter))
      .where(sql<boolean>`${RANK} = ${after.rank}`)
      .where(sql<boolean>`${DUE} >= ${after.due}`)
      .where(sql<boolean>`(${DUE} > ${after.due} or id > ${after.id})`)
      .orderBy(DUE)
      .orderBy('id')
      .limit(limit);
    const laterRanks = ids(this.filtered(filter)).where(sql<boolean>`${RANK} > ${after.rank}`).orderBy(RANK).orderBy(DUE).orderBy('id').limit(limit);
    return [restOfRank, laterRanks];
  }

  private async queuePage(filter: QueueFilter, after: QueueCursor | null, limit: number): Promise<Array<{ id: number; rank: number; due: string }>> {
    const page: Array<{ id: number; rank: number; due: string }> = [];
    for (const query of this.queuePageQueries(filter, after, limit)) {
      if (page.length >= limit) break;
      page.push(...(await query.limit(limit - page.length).execute()));
    }
    return page;
  }

  /** One page of the queue, `limit` rows at most, with what the queue shows of each. */
  async queue(filter: QueueFilter, after: QueueCursor | null, limit: number): Promise<QueueRow[]> {
    const page = await this.queuePage(filter, after, limit);
    if (!page.length) return [];
    // The page's details in a second, keyed read: the ordered scan above stays on the index.
    const rows = await this.db
      .selectFrom('repairs as r')
      .innerJoin('properties as p', 'p.id', 'r.property_id')
      .select(['r.id', 'r.reference', 'r.location', 'r.area', 'r.item', 'r.problem', 'r.priority', 'r.status', 'r.reported_at', 'r.target_date', 'r.investigate_by', 'r.hazard_flags'])
      .select(['p.address_line1', 'p.address_line2', 'p.town', 'p.postcode'])
      .where('r.id', 'in', page.map((p) => p.id))
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return page.map((p) => {
      const r = byId.get(p.id)!;
      return {
        id: r.id,
        reference: r.reference,
        address: addressOf(r),
        shortAddress: `${r.address_line1}, ${r.postcode}`,
        location: r.location,
        area: r.area,
        item: r.item,
        problem: r.problem,
        priority: r.priority,
        status: r.status,
        reportedAt: r.reported_at,
        targetDate: r.target_date,
        investigateBy: r.investigate_by,
        hazard: r.investigate_by !== null || r.hazard_flags !== '[]',
        cursor: { rank: Number(p.rank), due: p.due, id: p.id },
      };
    });
  }

  /** How many match, counting no further than `cap`: a long queue's exact length is not worth reading it all. */
  async count(filter: QueueFilter, cap: number): Promise<number> {
    const row = await this.db
      .selectFrom(this.filtered(filter).select('id').limit(cap).as('q'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Open emergencies and possible Awaab's Law hazards: the head of the queue. */
  async countPressing(): Promise<number> {
    const row = await this.db
      .selectFrom('repairs')
      .where(OPEN)
      .where(sql<boolean>`${RANK} <= 1`)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async find(id: number): Promise<RepairRecord | undefined> {
    const r = await this.db
      .selectFrom('repairs as r')
      .innerJoin('properties as p', 'p.id', 'r.property_id')
      .leftJoin('agreements as a', 'a.id', 'r.agreement_id')
      .leftJoin('people as pe', 'pe.id', 'r.reported_by_person_id')
      .selectAll('r')
      .select(['p.address_line1', 'p.address_line2', 'p.town', 'p.postcode', 'p.kind as property_kind', 'a.reference as agreement_reference', 'pe.forenames', 'pe.surname'])
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const contacts = r.reported_by_person_id
      ? await this.db
          .selectFrom('contact_details')
          .select(['method', 'value'])
          .where('person_id', '=', r.reported_by_person_id)
          .where('end_date', 'is', null)
          .orderBy('method')
          .execute()
      : [];
    return {
      id: r.id,
      reference: r.reference,
      propertyId: r.property_id,
      address: addressOf(r),
      propertyKind: r.property_kind,
      agreementId: r.agreement_id,
      agreementReference: r.agreement_reference,
      reporter: r.reported_by_person_id && r.forenames ? { personId: r.reported_by_person_id, name: `${r.forenames} ${r.surname}` } : null,
      contacts,
      channel: r.channel,
      location: r.location,
      area: r.area,
      item: r.item,
      problem: r.problem,
      trade: r.trade,
      description: r.description,
      priority: r.priority,
      status: r.status,
      reportedAt: r.reported_at,
      targetDate: r.target_date,
      investigateBy: r.investigate_by,
      hazardFlags: r.hazard_flags,
      dampDetails: r.damp_details,
      accessNotes: r.access_notes,
      availability: r.availability,
      completedAt: r.completed_at,
      cancelledAt: r.cancelled_at,
    };
  }

  async history(repairId: number): Promise<HistoryEntry[]> {
    const rows = await this.db.selectFrom('repair_status_history').select(['status', 'note', 'actor_type', 'at']).where('repair_id', '=', repairId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
    return rows.map((r) => ({ status: r.status, note: r.note, actorType: r.actor_type, at: r.at }));
  }

  async workOrders(repairId: number): Promise<WorkOrderRecord[]> {
    const rows = await this.db.selectFrom('work_orders').selectAll().where('repair_id', '=', repairId).orderBy('id').execute();
    return rows.map(toWorkOrderRecord);
  }

  async workOrder(repairId: number, id: number): Promise<WorkOrderRecord | undefined> {
    const row = await this.db.selectFrom('work_orders').selectAll().where('repair_id', '=', repairId).where('id', '=', id).executeTakeFirst();
    return row ? toWorkOrderRecord(row) : undefined;
  }

  private photoQuery(repairId: number) {
    return this.db.selectFrom('repair_photos').select(['id', 'stored_name', 'content_type', 'size_bytes', 'width', 'height', 'created_at']).where('repair_id', '=', repairId);
  }

  async photos(repairId: number): Promise<PhotoRecord[]> {
    return (await this.photoQuery(repairId).orderBy('id').execute()).map(toPhoto);
  }

  /** Only a photo of this repair: another repair's photo id is simply not found. */
  async photo(repairId: number, id: number): Promise<PhotoRecord | undefined> {
    const row = await this.photoQuery(repairId).where('id', '=', id).executeTakeFirst();
    return row ? toPhoto(row) : undefined;
  }

  async internalNotes(repairId: number): Promise<InternalNote[]> {
    const rows = await this.db
      .selectFrom('repair_internal_notes as n')
      .innerJoin('staff_users as s', 's.id', 'n.staff_id')
      .select(['s.name', 'n.body', 'n.created_at'])
      .where('n.repair_id', '=', repairId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .execute();
    return rows.map((n) => ({ staffName: n.name, body: n.body, createdAt: n.created_at }));
  }

  /** Changes the status only if it is still what the member of staff saw, so two people cannot talk past each other. */
  async setStatus(id: number, from: RepairStatus, to: RepairStatus, atIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('repairs')
      .set({
        status: to,
        updated_at: atIso,
        completed_at: to === 'completed' ? atIso : null,
        cancelled_at: to === 'cancelled' ? atIso : null,
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setPriority(id: number, priority: RepairPriority, targetDate: string, atIso: string): Promise<void> {
    await this.db.updateTable('repairs').set({ priority, target_date: targetDate, updated_at: atIso }).where('id', '=', id).execute();
  }

  async touch(id: number, atIso: string): Promise<void> {
    await this.db.updateTable('repairs').set({ updated_at: atIso }).where('id', '=', id).execute();
  }

  async addHistory(repairId: number, status: RepairStatus, note: string | null, atIso: string): Promise<void> {
    await this.db.insertInto('repair_status_history').values({ repair_id: repairId, status, note, actor_type: 'staff', at: atIso }).execute();
  }

  async addInternalNote(repairId: number, staffId: number, body: string, atIso: string): Promise<void> {
    await this.db.insertInto('repair_internal_notes').values({ repair_id: repairId, staff_id: staffId, body, created_at: atIso }).execute();
  }

  async countWorkOrders(repairId: number): Promise<number> {
    const row = await this.db.selectFrom('work_orders').where('repair_id', '=', repairId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async referenceTaken(reference: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('work_orders').select('id').where('reference', '=', reference).executeTakeFirst());
  }

  async addWorkOrder(repairId: number, reference: string, input: WorkOrderInput, atIso: string): Promise<number> {
    const row = await this.db
      .insertInto('work_orders')
      .values({
        repair_id: repairId,
        reference,
        contractor_name: input.contractorName,
        contractor_phone: input.contractorPhone,
        trade: input.trade,
        target_date: input.targetDate,
        status: input.status,
        appointment_date: input.appointmentDate,
        appointment_slot: input.appointmentSlot,
        created_at: atIso,
        updated_at: atIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateWorkOrder(id: number, change: Pick<WorkOrderInput, 'status' | 'appointmentDate' | 'appointmentSlot'>, atIso: string): Promise<void> {
    await this.db
      .updateTable('work_orders')
      .set({ status: change.status, appointment_date: change.appointmentDate, appointment_slot: change.appointmentSlot, updated_at: atIso })
      .where('id', '=', id)
      .execute();
  }
}


function toPhoto(p: { id: number; stored_name: string; content_type: string; size_bytes: number; width: number; height: number; created_at: string }): PhotoRecord {
  return { id: p.id, storedName: p.stored_name, contentType: p.content_type, sizeBytes: p.size_bytes, width: p.width, height: p.height, createdAt: p.created_at };
}
