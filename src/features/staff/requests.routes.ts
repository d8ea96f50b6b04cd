import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody } from '../../lib/forms.ts';
import { notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { requestContext } from '../../plugins/auth.ts';
import { REQUEST_KINDS, RequestsService } from './requests.service.ts';
import { requireStaff } from './staff-guard.ts';

const MAX_TEXT = 2000;

export async function requestsRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new RequestsService(opts.deps);
  const cs = { preHandler: requireStaff('customer_services') };

  const load = async (request: FastifyRequest) => {
    const found = await service.find(idParam((request.params as { id: string }).id));
    if (!found) throw notFound();
    return found;
  };
  const showRequest = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Record<string, string> = {}) => {
    const item = await load(request);
    return reply.page('staff/views/request.njk', { title: `Request ${item.id}`, item, kindName: REQUEST_KINDS[item.kind] ?? item.kind, mine: item.assignedStaffId === request.staff!.id, errors: errors?.view(), values, backLink: '/staff/requests' });
  };
  const text = (value: string | undefined, field: string, what: { missing: string; label: string }, errors: FormErrors) => {
    const v = (value ?? '').trim();
    if (!v) errors.add(field, what.missing);
    else if (v.length > MAX_TEXT) errors.add(field, `${what.label} must be ${MAX_TEXT} characters or fewer`);
    return v;
  };

  app.get('/requests', cs, async (request, reply) => {
    const query = formBody(request.query);
    const status = query.status === 'resolved' ? 'resolved' : 'open';
    const mine = query.mine === 'yes';
    const items = (await service.list(status, mine ? request.staff! : null)).map((i) => ({ ...i, kindName: REQUEST_KINDS[i.kind] ?? i.kind }));
    return reply.page('staff/views/requests.njk', { title: 'Requests', items, status, mine, wide: true });
  });

  app.get('/requests/:id', cs, async (request, reply) => showRequest(request, reply));

  app.post('/requests/:id/assign', cs, async (request, reply) => {
    const item = await load(request);
    await service.assign(request.staff!, item.id, formBody(request.body).action !== 'release', requestContext(request));
    return reply.redirect(`/staff/requests/${item.id}`, 303);
  });

  app.post('/requests/:id/notes', cs, async (request, reply) => {
    const item = await load(request);
    const errors = new FormErrors();
    const body = text(formBody(request.body).note, 'note', { missing: 'Enter a note', label: 'Note' }, errors);
    if (!errors.empty) return showRequest(request, reply.code(400), errors, formBody(request.body));
    await service.note(request.staff!, item.id, body);
    request.session.set('flash', 'Note added');
    return reply.redirect(`/staff/requests/${item.id}`, 303);
  });

  app.post('/requests/:id/resolve', cs, async (request, reply) => {
    const item = await load(request);
    const errors = new FormErrors();
    const message = text(formBody(request.body).message, 'message', { missing: 'Enter a message to the tenant', label: 'Message' }, errors);
    if (item.status !== 'open') errors.add('message', 'This request has already been resolved');
    if (!errors.empty) return showRequest(request, reply.code(400), errors, formBody(request.body));
    const done = await service.resolve(request.staff!, item, message, requestContext(request));
    if (!done) return showRequest(request, reply.code(409), new FormErrors().add('message', 'This request has already been resolved'));
    request.session.set('flash', item.personId ? 'Resolved. The tenant has your message' : 'Resolved');
    return reply.redirect('/staff/requests', 303);
  });
}
