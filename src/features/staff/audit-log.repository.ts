import type { Kysely } from 'kysely';
import type { AuditEventsTable, Database } from '../../db/database.ts';

export interface AuditFilter {
  actorType?: AuditEventsTable['actor_type'];
  action?: string;
  personId?: number;
  from?: string;
  to?: string;
  /** Keyset: rows with an id below this one (the next page). */
  beforeId?: number;
}

export interface AuditLogRow {
  id: number;
  at: string;
  actorType: string;
  actorId: number | null;
  staffName: string | null;
  personId: number | null;
  personName: string | null;
  action: string;
  detail: string;
  requestId: string | null;
  ip: string | null;
}

/** Reads the audit trail. There is deliberately no update or delete here. */
export class AuditLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async page(filter: AuditFilter, size: number): Promise<AuditLogRow[]> {
    let q = this.db
      .selectFrom('audit_events as a')
      .leftJoin('staff_users as s', (j) => j.onRef('s.id', '=', 'a.actor_id').on('a.actor_type', '=', 'staff'))
      .leftJoin('people as p', 'p.id', 'a.person_id')
      .select(['a.id', 'a.at', 'a.actor_type', 'a.actor_id', 's.name as staff_name', 'a.person_id', 'p.forenames', 'p.surname', 'a.action', 'a.detail', 'a.request_id', 'a.ip']);
    if (filter.actorType) q = q.where('a.actor_type', '=', filter.actorType);
    if (filter.action) q = q.where('a.action', '=', filter.action);
    if (filter.personId) q = q.where('a.person_id', '=', filter.personId);
    if (filter.from) q = q.where('a.at', '>=', `${filter.from}T00:00:00.000Z`);
    if (filter.to) q = q.where('a.at', '<=', `${filter.to}T23:59:59.999Z`);
    if (filter.beforeId) q = q.where('a.id', '<', filter.beforeId);
    const rows = await q.orderBy('a.id', 'desc').limit(size).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      staffName: r.staff_name,
      personId: r.person_id,
      personName: r.forenames ? `${r.forenames} ${r.surname}` : null,
      action: r.action,
      detail: r.detail,
      requestId: r.request_id,
      ip: r.ip,
    }));
  }

  async actions(): Promise<string[]> {
    const rows = await this.db.selectFrom('audit_events').select('action').distinct().orderBy('action').execute();
    return rows.map((r) => r.action);
  }
}
