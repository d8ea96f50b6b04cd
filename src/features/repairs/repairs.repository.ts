import type { Insertable, Kysely, Selectable } from 'kysely';
import { jsonList } from '../../db/json-arrays.ts';
import type { Database, RepairPhotosTable, RepairsTable, RepairStatus, WorkOrdersTable, WorkOrderStatus } from '../../db/database.ts';
import {
  repairByReference,
  REPAIR_COLUMNS,
  repairPageOfPerson,
  type RepairPageRow,
  tenanciesWithRepairs,
  myRepairsOfPerson,
  tenanciesOfPerson,
  type TenancyRow,
} from './repairs-queries.ts';

export interface HouseholdHome {
  agreementId: number;
  agreementReference: string;
  propertyId: number;
  /** The block the home belongs to, for communal repairs. */
  blockId: number | null;
  blockName: string | null;
  address: string;
  /** The names on the agreement, lead first. */
  names: string[];
}

/** What a repair's page lists under it. */
export interface RepairDetails {
  /** Newest first. */
  history: Array<{ status: RepairStatus; note: string | null; at: string }>;
  /** In the order raised. */
  workOrders: WorkOrderRecord[];
  photos: PhotoRecord[];
}

/** The person's agreements as the repairs pages need them (see tenanciesOfPerson). */
export interface Tenancies {
  /** Every agreement, current or former: the household's own repairs are on these. */
  agreementIds: number[];
  /** The current homes, newest tenancy first. */
  homes: HouseholdHome[];
  /** The person's phone number, if we have one. */
  phone: string | null;
}

export interface RepairSummary {
  id: number;
  reference: string;
  propertyId: number;
  agreementId: number | null;
  location: RepairsTable['location'];
  area: string;
  item: string;
  problem: string;
  description: string;
  priority: RepairsTable['priority'];
  status: RepairStatus;
  reportedAt: string;
  targetDate: string;
}

export interface RepairRecord extends RepairSummary {
  reportedByPersonId: number | null;
  channel: RepairsTable['channel'];
  trade: string;
  investigateBy: string | null;
  hazardFlags: string[];
  dampDetails: Record<string, string> | null;
  accessNotes: string | null;
  availability: { days?: string[]; times?: string[] };
  completedAt: string | null;
  cancelledAt: string | null;
}

export interface WorkOrderRecord {
  id: number;
  reference: string;
  contractorName: string;
  contractorPhone: string;
  trade: string;
  targetDate: string;
  status: WorkOrderStatus;
  appointmentDate: string | null;
  appointmentSlot: string | null;
}

/** A work order row as both the tenant's repair page and the back office read it. */
export function toWorkOrderRecord(w: Omit<Selectable<WorkOrdersTable>, 'repair_id' | 'created_at' | 'updated_at'>): WorkOrderRecord {
  return {
    id: w.id,
    reference: w.reference,
    contractorName: w.contractor_name,
    contractorPhone: w.contractor_phone,
    trade: w.trade,
    targetDate: w.target_date,
    status: w.status,
    appointmentDate: w.appointment_date,
    appointmentSlot: w.appointment_slot,
  };
}

export interface PhotoRecord {
  id: number;
  repairId: number;
  storedName: string;
  contentType: string;
  sizeBytes: number;
  width: number;
  height: number;
}

type SummaryRow = Pick<RepairsTable, 'reference' | 'property_id' | 'agreement_id' | 'location' | 'area' | 'item' | 'problem' | 'description' | 'priority' | 'status' | 'reported_at' | 'target_date'> & { id: number };

function toSummary(r: SummaryRow): RepairSummary {
  return {
    id: r.id,
    reference: r.reference,
    propertyId: r.property_id,
    agreementId: r.agreement_id,
    location: r.location,
    area: r.area,
    item: r.item,
    problem: r.problem,
    description: r.description,
    priority: r.priority,
    status: r.status,
    reportedAt: r.reported_at,
    targetDate: r.target_date,
  };
}

function toRecord(r: Pick<Selectable<RepairsTable>, (typeof REPAIR_COLUMNS)[number]>): RepairRecord {
  return {
    ...toSummary(r),
    reportedByPersonId: r.reported_by_person_id,
    channel: r.channel,
    trade: r.trade,
    investigateBy: r.investigate_by,
    hazardFlags: JSON.parse(r.hazard_flags) as string[],
    dampDetails: r.damp_details ? (JSON.parse(r.damp_details) as Record<string, string>) : null,
    accessNotes: r.access_notes,
    availability: JSON.parse(r.availability) as RepairRecord['availability'],
    completedAt: r.completed_at,
    cancelledAt: r.cancelled_at,
  };
}

export function formatAddress(p: { address_line1: string; address_line2: string | null; town: string; postcode: string }): string {
  return [p.address_line1, p.address_line2, p.town, p.postcode].filter(Boolean).join(', ');
}

function toPhotoRecord(p: Pick<Selectable<RepairPhotosTable>, 'id' | 'repair_id' | 'stored_name' | 'content_type' | 'size_bytes' | 'width' | 'height'>): PhotoRecord {
  return { id: p.id, repairId: p.repair_id, storedName: p.stored_name, contentType: p.content_type, sizeBytes: p.size_bytes, width: p.width, height: p.height };
}

/** Repairs read as a JSON array, put back in the order their queries give: newest first. */
const byNewestRepair = (rows: SummaryRow[]) => rows.sort((a, b) => b.reported_at.localeCompare(a.reported_at) || b.id - a.id);

/** Tenancy rows read as a JSON array, put back in the order tenanciesOfPerson gives: newest first. */
const byNewestTenancy = (rows: TenancyRow[]) => rows.sort((a, b) => b.start_date.localeCompare(a.start_date) || b.agreement_id - a.agreement_id);

/** Tenancy rows, newest first, as the repairs pages use them. */
function toTenancies(rows: TenancyRow[]): Tenancies {
  // Lead first, then in the order they were added; an aggregate keeps no order of its own.
  const names = (list: Array<{ id: number; forenames: string; surname: string; role: string }>) =>
    list.sort((x, y) => (x.role === y.role ? x.id - y.id : x.role === 'lead' ? -1 : 1)).map((n) => `${n.forenames} ${n.surname}`);
  return {
    agreementIds: rows.map((r) => r.agreement_id),
    homes: rows
      .filter((r) => r.status === 'current')
      .map((r) => ({
        agreementId: r.agreement_id,
        agreementReference: r.reference,
        propertyId: r.property_id,
        blockId: r.parent_id,
        blockName: r.block_name,
        address: formatAddress(r),
        names: names(jsonList(r.names)),
      })),
    phone: rows[0]?.phone ?? null,
  };
}

/** All Kysely code of repairs. */
export class RepairsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The person's agreements and current homes, with each home's household, in one read. */
  async tenancies(personId: number): Promise<Tenancies> {
    return toTenancies(await tenanciesOfPerson(this.db, personId));
  }

  /** The person's tenancies and the repairs of every agreement they are on, newest first, in one read. */
  async myRepairs(personId: number, limit: number): Promise<{ tenancies: Tenancies; repairs: RepairSummary[] }> {
    const [row] = await myRepairsOfPerson(this.db, personId, limit);
    // Neither engine promises that an aggregate keeps its subquery's order, so the lists are put in order here.
    const tenancies = byNewestTenancy(jsonList<TenancyRow>(row.tenancies as TenancyRow[] | string));
    const repairs = byNewestRepair(jsonList<SummaryRow>(row.repairs as SummaryRow[] | string));
    return { tenancies: toTenancies(tenancies), repairs: repairs.map(toSummary) };
  }

  /**
   * The person's tenancies, and for each current home the repairs at it (`at: 'home'`) or at its
   * block (`at: 'block'`), newest first, keyed by agreement: in one read (see tenanciesWithRepairs).
   */
  async tenanciesWithRepairs(personId: number, at: 'home' | 'block', limit: number): Promise<{ tenancies: Tenancies; repairsOf: Map<number, RepairSummary[]> }> {
    const rows = await tenanciesWithRepairs(this.db, personId, at, limit);
    const repairsOf = new Map<number, RepairSummary[]>();
    for (const row of rows) {
      repairsOf.set(row.agreement_id, byNewestRepair(jsonList<SummaryRow>(row.repairs as SummaryRow[] | string)).map(toSummary));
    }
    return { tenancies: toTenancies(rows), repairsOf };
  }

  async byReference(reference: string): Promise<RepairRecord | undefined> {
    const [r] = await repairByReference(this.db, reference);
    return r ? toRecord(r) : undefined;
  }

  /**
   * The person's tenancies and the repair named, with its history, work orders and photos, in one
   * read (see repairPageOfPerson); the repair is undefined when there is none by that reference.
   */
  async repairPage(personId: number, reference: string): Promise<{ tenancies: Tenancies; found?: { repair: RepairRecord; details: RepairDetails } }> {
    const [row] = await repairPageOfPerson(this.db, reference, personId);
    const tenancies = toTenancies(byNewestTenancy(jsonList<TenancyRow>(row.tenancies as TenancyRow[] | string)));
    const [repair] = jsonList<RepairPageRow>(row.repair as RepairPageRow[] | string);
    if (!repair) return { tenancies };
    // Neither engine promises that an aggregate keeps its subquery's order, so each list is put in order here.
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    const history = jsonList(repair.history).sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
    return {
      tenancies,
      found: {
        repair: toRecord(repair),
        details: {
          history: history.map(({ status, note, at }) => ({ status, note, at })),
          workOrders: jsonList(repair.work_orders).sort(byId).map(toWorkOrderRecord),
          photos: jsonList(repair.photos).sort(byId).map(toPhotoRecord),
        },
      },
    };
  }

  async byIdempotencyKey(personId: number, key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('repairs').select('reference').where('reported_by_person_id', '=', personId).where('idempotency_key', '=', key).executeTakeFirst();
    return row?.reference;
  }

  /** Inserts the repair and names it from its id, so references are short, unique and never reused. */
  async insert(values: Omit<Insertable<RepairsTable>, 'reference'>): Promise<string> {
    const placeholder = `new-${crypto.randomUUID()}`;
    const row = await this.db.insertInto('repairs').values({ ...values, reference: placeholder }).returning('id').executeTakeFirstOrThrow();
    const reference = repairReference(row.id);
    await this.db.updateTable('repairs').set({ reference }).where('id', '=', row.id).execute();
    return reference;
  }

  async addHistory(repairId: number, status: RepairStatus, at: string, actorType: 'tenant' | 'staff' | 'contractor' | 'system', note: string | null = null): Promise<void> {
    await this.db.insertInto('repair_status_history').values({ repair_id: repairId, status, note, actor_type: actorType, at }).execute();
  }

  async addPhoto(repairId: number, photo: Omit<PhotoRecord, 'id' | 'repairId'>, personId: number, at: string): Promise<void> {
    await this.db
      .insertInto('repair_photos')
      .values({ repair_id: repairId, stored_name: photo.storedName, content_type: photo.contentType, size_bytes: photo.sizeBytes, width: photo.width, height: photo.height, uploaded_by_person_id: personId, created_at: at })
      .execute();
  }

  /** Moves a repair on only from the status it was read in, so a change made meanwhile is not overwritten. */
  async changeStatus(repairId: number, from: RepairStatus[], to: RepairStatus, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('repairs')
      .set({ status: to, updated_at: at, ...(to === 'cancelled' ? { cancelled_at: at } : {}), ...(to === 'completed' ? { completed_at: at } : {}) })
      .where('id', '=', repairId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async cancelWorkOrders(repairId: number, at: string): Promise<void> {
    await this.db.updateTable('work_orders').set({ status: 'cancelled', updated_at: at }).where('repair_id', '=', repairId).where('status', 'in', ['issued', 'appointment_booked']).execute();
  }
}

export function repairReference(id: number): string {
  return `R${String(id).padStart(7, '0')}`;
}
