import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface RequestSummary {
  id: number;
  kind: string;
  summary: string;
  personId: number | null;
  personName: string | null;
  status: 'open' | 'resolved';
  createdAt: string;
  assignedTo: string | null;
}

export interface RequestDetail extends RequestSummary {
  detail: string;
  assignedStaffId: number | null;
  resolvedAt: string | null;
  resolution: string | null;
  notes: Array<{ staffName: string; body: string; createdAt: string }>;
}

export class RequestsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private base() {
    return this.db
      .selectFrom('requests as r')
      .leftJoin('people as p', 'p.id', 'r.person_id')
      .leftJoin('staff_users as s', 's.id', 'r.assigned_staff_id')
      .select(['r.id', 'r.kind', 'r.summary', 'r.person_id', 'p.forenames', 'p.surname', 'r.status', 'r.created_at', 's.name as assigned_name']);
  }

  async list(status: 'open' | 'resolved', assignedTo: number | null, limit: number): Promise<RequestSummary[]> {
    let q = this.base().where('r.status', '=', status);
    if (assignedTo) q = q.where('r.assigned_staff_id', '=', assignedTo);
    const rows = await q.orderBy('r.created_at', status === 'open' ? 'asc' : 'desc').orderBy('r.id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, summary: r.summary, personId: r.person_id, personName: r.forenames ? `${r.forenames} ${r.surname}` : null, status: r.status, createdAt: r.created_at, assignedTo: r.assigned_name }));
  }

  async find(id: number): Promise<RequestDetail | undefined> {
    const r = await this.base().select(['r.detail', 'r.assigned_staff_id', 'r.resolved_at', 'r.resolution']).where('r.id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const notes = await this.db
      .selectFrom('request_notes as n')
      .innerJoin('staff_users as s', 's.id', 'n.staff_id')
      .select(['s.name', 'n.body', 'n.created_at'])
      .where('n.request_id', '=', id)
      .orderBy('n.id')
      .execute();
    return {
      id: r.id,
      kind: r.kind,
      summary: r.summary,
      personId: r.person_id,
      personName: r.forenames ? `${r.forenames} ${r.surname}` : null,
      status: r.status,
      createdAt: r.created_at,
      assignedTo: r.assigned_name,
      detail: r.detail,
      assignedStaffId: r.assigned_staff_id,
      resolvedAt: r.resolved_at,
      resolution: r.resolution,
      notes: notes.map((n) => ({ staffName: n.name, body: n.body, createdAt: n.created_at })),
    };
  }

  async assign(id: number, staffId: number | null): Promise<void> {
    await this.db.updateTable('requests').set({ assigned_staff_id: staffId }).where('id', '=', id).execute();
  }

  async addNote(id: number, staffId: number, body: string, atIso: string): Promise<void> {
    await this.db.insertInto('request_notes').values({ request_id: id, staff_id: staffId, body, created_at: atIso }).execute();
  }

  /** Only an open request can be resolved, once. */
  async resolve(id: number, staffId: number, resolution: string, atIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('requests')
      .set({ status: 'resolved', resolved_at: atIso, resolved_by_staff_id: staffId, resolution })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Where to send the tenant's answer. */
  async recipient(personId: number): Promise<{ email: string | null; preferred: 'email' | 'letter' } | undefined> {
    const row = await this.db.selectFrom('accounts').select(['email', 'preferred_contact']).where('person_id', '=', personId).executeTakeFirst();
    return row ? { email: row.email, preferred: row.preferred_contact } : undefined;
  }
}
