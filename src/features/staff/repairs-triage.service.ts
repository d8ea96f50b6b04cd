import { formatUkPhone } from '../../lib/forms.ts';
import { resolve, sep } from 'node:path';
import type { Config } from '../../config.ts';
import type { RepairPriority, RepairStatus } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { longDateText } from '../../lib/date-text.ts';
import { appointmentText, londonToday, PRIORITY_LABELS, WORK_ORDER_STATUS_LABELS } from './repairs-triage.labels.ts';
import {
  RepairsTriageRepository,
  type QueueCursor,
  type QueueFilter,
  type QueueRow,
  type RepairRecord,
  type WorkOrderInput,
  type WorkOrderRecord,
} from './repairs-triage.repository.ts';
import type { StaffUser } from './staff-users.repository.ts';

export const QUEUE_PAGE_SIZE = 50;
/** Beyond this the queue says "more than" rather than counting every open repair. */
export const QUEUE_COUNT_CAP = 1000;

/**
 * Where tenants' repair photos are kept: the same place the tenant side stores them (UPLOADS_DIR,
 * by default data/uploads), unless the configuration names one (as tests do).
 */
export function uploadsDirectory(config: Config): string {
  const configured = (config as Config & { uploadsDir?: string }).uploadsDir;
  return resolve(configured || process.env.UPLOADS_DIR || 'data/uploads');
}

/** Repairs triage in the back office: the queue, a repair in full and every change staff make. */
export class RepairsTriageService {
  constructor(private readonly deps: Deps) {}

  private get repo() {
    return new RepairsTriageRepository(this.deps.db);
  }

  today(): string {
    return londonToday(this.deps.clock.now());
  }

  /** A page of the queue and where the next one starts (null on the last page). */
  async queue(filter: QueueFilter, after: QueueCursor | null): Promise<{ rows: QueueRow[]; next: QueueCursor | null; total: number; totalCapped: boolean }> {
    const rows = await this.repo.queue(filter, after, QUEUE_PAGE_SIZE + 1);
    const more = rows.length > QUEUE_PAGE_SIZE;
    const page = rows.slice(0, QUEUE_PAGE_SIZE);
    const total = await this.repo.count(filter, QUEUE_COUNT_CAP + 1);
    return { rows: page, next: more ? page[page.length - 1].cursor : null, total: Math.min(total, QUEUE_COUNT_CAP), totalCapped: total > QUEUE_COUNT_CAP };
  }

  pressingCount(): Promise<number> {
    return this.repo.countPressing();
  }

  find(id: number): Promise<RepairRecord | undefined> {
    return this.repo.find(id);
  }

  workOrder(repairId: number, id: number): Promise<WorkOrderRecord | undefined> {
    return this.repo.workOrder(repairId, id);
  }

  /** Everything on the repair's page. A view of it is audited, as it shows the tenant's details. */
  async view(staff: StaffUser, repair: RepairRecord, ctx: RequestContext) {
    const repo = this.repo;
    const [history, workOrders, photos, notes] = await Promise.all([repo.history(repair.id), repo.workOrders(repair.id), repo.photos(repair.id), repo.internalNotes(repair.id)]);
    await recordAudit(this.deps.db, this.deps.clock.now(), { actorType: 'staff', actorId: staff.id, personId: repair.reporter?.personId, action: 'staff_viewed_repair', detail: { repairId: repair.id }, requestId: ctx.requestId, ip: ctx.ip });
    return { history, workOrders, photos, notes };
  }

  /** The stored file of one of this repair's photos, or undefined when there is no such photo. */
  async photoFile(repairId: number, photoId: number): Promise<{ path: string; contentType: string; name: string } | undefined> {
    const photo = await this.repo.photo(repairId, photoId);
    if (!photo) return undefined;
    const dir = uploadsDirectory(this.deps.config);
    const path = resolve(dir, photo.storedName);
    // A stored name is always a plain name under the directory; anything else is not served.
    if (!path.startsWith(dir + sep)) return undefined;
    const ext = photo.contentType === 'image/png' ? 'png' : photo.contentType === 'image/webp' ? 'webp' : 'jpg';
    return { path, contentType: photo.contentType, name: `repair-${repairId}-photo-${photo.id}.${ext}` };
  }

  /** Changes the status, with an optional message the tenant sees. False when someone else changed it first. */
  async changeStatus(staff: StaffUser, repair: RepairRecord, from: RepairStatus, to: RepairStatus, message: string | null, ctx: RequestContext): Promise<boolean> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    return this.deps.db.transaction().execute(async (trx) => {
      const repo = new RepairsTriageRepository(trx);
      if (!(await repo.setStatus(repair.id, from, to, at))) return false;
      await repo.addHistory(repair.id, to, message, at);
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId: repair.reporter?.personId, action: 'staff_changed_repair_status', detail: { repairId: repair.id, from, to }, requestId: ctx.requestId, ip: ctx.ip });
      return true;
    });
  }

  async changePriority(staff: StaffUser, repair: RepairRecord, priority: RepairPriority, targetDate: string, ctx: RequestContext): Promise<void> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const said: string[] = [];
    if (priority !== repair.priority) said.push(`Priority changed from ${PRIORITY_LABELS[repair.priority].toLowerCase()} to ${PRIORITY_LABELS[priority].toLowerCase()}.`);
    if (targetDate !== repair.targetDate) said.push(`Target date changed to ${longDateText(targetDate)}.`);
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = new RepairsTriageRepository(trx);
      await repo.setPriority(repair.id, priority, targetDate, at);
      await repo.addHistory(repair.id, repair.status, said.join(' '), at);
      await recordAudit(trx, now, {
        actorType: 'staff',
        actorId: staff.id,
        personId: repair.reporter?.personId,
        action: 'staff_changed_repair_priority',
        detail: { repairId: repair.id, from: { priority: repair.priority, targetDate: repair.targetDate }, to: { priority, targetDate } },
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
    });
  }

  /** Raises a work order with the next free reference of the repair's own (R123-1, R123-2…). */
  async addWorkOrder(staff: StaffUser, repair: RepairRecord, input: WorkOrderInput, ctx: RequestContext): Promise<string> {
    // Two people raising one at the same moment can pick the same reference: the loser tries again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.insertWorkOrder(staff, repair, input, ctx);
      } catch (error) {
        if (attempt >= 3 || !/unique|duplicate key/i.test(String((error as Error).message))) throw error;
      }
    }
  }

  private async insertWorkOrder(staff: StaffUser, repair: RepairRecord, input: WorkOrderInput, ctx: RequestContext): Promise<string> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    return this.deps.db.transaction().execute(async (trx) => {
      const repo = new RepairsTriageRepository(trx);
      let n = (await repo.countWorkOrders(repair.id)) + 1;
      while (await repo.referenceTaken(`${repair.reference}-${n}`)) n += 1;
      const reference = `${repair.reference}-${n}`;
      await repo.addWorkOrder(repair.id, reference, input, at);
      const appointment = appointmentText(input.appointmentDate, input.appointmentSlot);
      const note = `Work order ${reference} raised with ${input.contractorName} (${formatUkPhone(input.contractorPhone)}), to be done by ${longDateText(input.targetDate)}.${appointment ? ` Appointment: ${appointment}.` : ''}`;
      await repo.addHistory(repair.id, repair.status, note, at);
      await repo.touch(repair.id, at);
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId: repair.reporter?.personId, action: 'staff_added_work_order', detail: { repairId: repair.id, reference }, requestId: ctx.requestId, ip: ctx.ip });
      return reference;
    });
  }

  async updateWorkOrder(staff: StaffUser, repair: RepairRecord, order: WorkOrderRecord, change: Pick<WorkOrderInput, 'status' | 'appointmentDate' | 'appointmentSlot'>, ctx: RequestContext): Promise<void> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const said: string[] = [];
    if (change.status !== order.status) said.push(`Work order ${order.reference}: ${WORK_ORDER_STATUS_LABELS[change.status].toLowerCase()}.`);
    const before = appointmentText(order.appointmentDate, order.appointmentSlot);
    const after = appointmentText(change.appointmentDate, change.appointmentSlot);
    if (after !== before) said.push(after ? `Work order ${order.reference} appointment: ${after}.` : `Work order ${order.reference}: appointment cancelled.`);
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = new RepairsTriageRepository(trx);
      await repo.updateWorkOrder(order.id, change, at);
      await repo.addHistory(repair.id, repair.status, said.join(' '), at);
      await repo.touch(repair.id, at);
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId: repair.reporter?.personId, action: 'staff_updated_work_order', detail: { repairId: repair.id, workOrderId: order.id, status: change.status, appointmentDate: change.appointmentDate, appointmentSlot: change.appointmentSlot }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }

  /** A note for the tenant goes on the repair's history under its current status; an internal one stays with staff. */
  async addNote(staff: StaffUser, repair: RepairRecord, body: string, audience: 'tenant' | 'internal', ctx: RequestContext): Promise<void> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = new RepairsTriageRepository(trx);
      if (audience === 'tenant') {
        await repo.addHistory(repair.id, repair.status, body, at);
        await repo.touch(repair.id, at);
      } else {
        await repo.addInternalNote(repair.id, staff.id, body, at);
      }
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId: repair.reporter?.personId, action: audience === 'tenant' ? 'staff_added_repair_note' : 'staff_added_internal_repair_note', detail: { repairId: repair.id }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }
}
