import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody } from '../../lib/forms.ts';
import { AuditLogRepository, type AuditFilter } from './audit-log.repository.ts';
import { requireStaff } from './staff-guard.ts';

const PAGE = 50;
const ACTOR_TYPES = ['tenant', 'staff', 'system', 'anonymous'] as const;

/** Reads the filter from the query string; bad values become messages, never a 500. */
function parseFilter(query: Record<string, string>, errors: FormErrors): AuditFilter {
  const filter: AuditFilter = {};
  if (query.actorType) {
    if ((ACTOR_TYPES as readonly string[]).includes(query.actorType)) filter.actorType = query.actorType as AuditFilter['actorType'];
    else errors.add('actorType', 'Select who did it from the list');
  }
  if (query.action) {
    if (/^[a-z_]{1,60}$/.test(query.action)) filter.action = query.action;
    else errors.add('action', 'Select an action from the list');
  }
  if (query.personId) {
    if (/^\d{1,9}$/.test(query.personId)) filter.personId = Number(query.personId);
    else errors.add('personId', 'Person number must be a number, like 1042');
  }
  for (const key of ['from', 'to'] as const) {
    const v = query[key];
    if (!v) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) filter[key] = v;
    else errors.add(key, `${key === 'from' ? 'From' : 'To'} date must be a real date, like 2026-11-23`);
  }
  if (filter.from && filter.to && filter.to < filter.from) errors.add('to', 'To date must be the same as or after the from date');
  if (query.before && /^\d{1,12}$/.test(query.before)) filter.beforeId = Number(query.before);
  return filter;
}

export async function auditLogRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const repo = new AuditLogRepository(opts.deps.db);

  app.get('/audit', { preHandler: requireStaff('administrator') }, async (request, reply) => {
    const query = formBody(request.query);
    const errors = new FormErrors();
    const filter = parseFilter(query, errors);
    const rows = errors.empty ? await repo.page(filter, PAGE + 1) : [];
    const more = rows.length > PAGE;
    const shown = rows.slice(0, PAGE);
    const next = more ? new URLSearchParams({ ...query, before: String(shown[shown.length - 1].id) }).toString() : null;
    if (!errors.empty) reply.code(400);
    return reply.page('staff/views/audit.njk', {
      title: 'Audit log',
      wide: true,
      rows: shown,
      next: next ? `/staff/audit?${next}` : null,
      actions: await repo.actions(),
      actorTypes: ACTOR_TYPES,
      values: query,
      errors: errors.empty ? undefined : errors.view(),
    });
  });
}
