import type { Kysely, RawBuilder } from 'kysely';
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

/** A person's latest events, newest first: part of the dashboard's one read, and the staff's view of a customer. */
export const auditOfPerson = (db: Kysely<Database>, personId: number, limit: number | RawBuilder<number>) =>
  db.selectFrom('audit_events').select(['id', 'at', 'action', 'detail']).where('person_id', '=', personId).orderBy('id', 'desc').limit(limit);

const recentForPerson = reusableQuery(auditOfPerson);

export function toAuditRow(r: { id: number; at: string; action: string; detail: string }): AuditRow {
  return { id: r.id, at: r.at, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> };
}

export async function recentAuditForPerson(db: Kysely<Database>, personId: number, limit: number): Promise<AuditRow[]> {
  return (await recentForPerson(db, personId, limit)).map(toAuditRow);
}

/** Where a request came from, for the audit trail. */
export interface RequestContext {
  requestId: string;
  ip: string;
}
