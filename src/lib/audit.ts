import type { Kysely } from 'kysely';
import type { AuditEventsTable, Database } from '../db/database.ts';
import { reusableQuery } from '../db/reusable-query.ts';

export interface AuditEvent {
  actorType: AuditEventsTable['actor_type'];
  actorId?: number | null;
  personId?: number | null;
  action: string;
  detail?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  detail: Record<string, unknown>;
}

/**
 * Audit events are only ever inserted: the application has no code path that updates or deletes
 * them. Call inside the transaction of the change being recorded.
 */
export async function recordAudit(db: Kysely<Database>, at: Date, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: at.toISOString(),
      actor_type: event.actorType,
      actor_id: event.actorId ?? null,
      person_id: event.personId ?? null,
      action: event.action,
      detail: JSON.stringify(event.detail ?? {}),
      request_id: event.requestId ?? null,
      ip: event.ip ?? null,
    })
    .execute();
}

/** The dashboard's "Recent activity" reads this on every visit: built once (see reusableQuery). */
const recentForPerson = reusableQuery((db, personId: number, limit: number) =>
  db.selectFrom('audit_events').select(['id', 'at', 'action', 'detail']).where('person_id', '=', personId).orderBy('id', 'desc').limit(limit),
);

export async function recentAuditForPerson(db: Kysely<Database>, personId: number, limit: number): Promise<AuditRow[]> {
  const rows = await recentForPerson(db, personId, limit);
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Where a request came from, for the audit trail. */
export interface RequestContext {
  requestId: string;
  ip: string;
}
