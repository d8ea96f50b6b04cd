import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { dateParts, formatUkPhone, FormErrors, formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { addWorkingDays } from '../../lib/working-days.ts';
import { requestContext } from '../../plugins/auth.ts';
import { parseNoteForm, parsePriorityForm, parseQueueQuery, parseStatusForm, parseWorkOrderForm, parseWorkOrderUpdate } from './repairs-triage.forms.ts';
import { STATUS_LABELS } from './repairs-triage.labels.ts';
import type { RepairRecord, WorkOrderRecord } from './repairs-triage.repository.ts';
import { RepairsTriageService } from './repairs-triage.service.ts';
import { queueView, repairView, statusChoices, workOrderChoices } from './repairs-triage.view-models.ts';
import { requireStaff } from './staff-guard.ts';

const STALE_STATUS = 'Someone else changed this repair’s status while you had this page open. Check its status and try again.';

/**
 * Repairs triage. Customer services may look (they take the tenants' calls); the repairs team and
 * administrators act. Every change is also written to the repair's history, which the tenant sees.
 */
export async function repairsTriageRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new RepairsTriageService(opts.deps);
  const nation = opts.deps.config.landlord.nation;
  const view = { preHandler: requireStaff('repairs', 'customer_services') };
  const act = { preHandler: requireStaff('repairs') };

  const load = async (request: FastifyRequest): Promise<RepairRecord> => {
    const repair = await service.find(idParam((request.params as { id: string }).id));
    if (!repair) throw notFound();
    return repair;
  };
  const loadOrder = async (request: FastifyRequest, repair: RepairRecord): Promise<WorkOrderRecord> => {
    const order = await service.workOrder(repair.id, idParam((request.params as { workOrderId: string }).workOrderId));
    if (!order) throw notFound();
    return order;
  };
  /** A date hint a week from today, as the fields take it ("30 11 2026"). */
  const example = () => {
    const [y, m, d] = addWorkingDays(service.today(), 5, nation).split('-');
    return `${Number(d)} ${Number(m)} ${y}`;
  };
  const base = (repair: RepairRecord) => `/staff/repairs/${repair.id}`;
  const errorView = (errors?: FormErrors) => (errors && !errors.empty ? errors.view() : undefined);
  const done = (request: FastifyRequest, reply: FastifyReply, repair: RepairRecord, flash: string) => {
    request.session.set('flash', flash);
    return reply.redirect(base(repair), 303);
  };

  app.get('/repairs', view, async (request, reply) => {
    const query = formBody(request.query);
    const errors = new FormErrors();
    const { filter, after } = parseQueueQuery(query, errors);
    if (!errors.empty) reply.code(400);
    const page = errors.empty ? await service.queue(filter, after) : { rows: [], next: null, total: 0, totalCapped: false };
    return reply.page('staff/views/repairs.njk', { title: 'Repairs', ...queueView(page, filter, Boolean(after), service.today(), nation), values: query, errors: errorView(errors), wide: true });
  });

  app.get('/repairs/:id', view, async (request, reply) => showRepair(request, reply, await load(request)));

  const showRepair = async (request: FastifyRequest, reply: FastifyReply, repair: RepairRecord, errors?: FormErrors, values: FormBody = {}) => {
    const related = await service.view(request.staff!, repair, requestContext(request));
    const canAct = ['repairs', 'administrator'].includes(request.staff!.role);
    return reply.page('staff/views/repair.njk', { title: `Repair ${repair.reference}`, ...repairView(repair, related, service.today(), nation), canAct, values, errors: errorView(errors), wide: true, backLink: '/staff/repairs' });
  };

  app.get('/repairs/:id/photos/:photoId', view, async (request, reply) => {
    const repair = await load(request);
    const file = await service.photoFile(repair.id, idParam((request.params as { photoId: string }).photoId));
    const size = file ? await stat(file.path).then((s) => (s.isFile() ? s.size : null), () => null) : null;
    if (!file || size === null) throw notFound();
    return reply
      .type(file.contentType)
      .header('content-length', size)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `inline; filename="${file.name}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(createReadStream(file.path));
  });

  const statusPage = (reply: FastifyReply, repair: RepairRecord, errors?: FormErrors, values: FormBody = {}) =>
    reply.page('staff/views/repair-status.njk', { title: `Change the status of repair ${repair.reference}`, repair, statuses: statusChoices(repair.status), currentLabel: STATUS_LABELS[repair.status], values: { current: repair.status, ...values }, errors: errorView(errors), backLink: base(repair) });

  app.get('/repairs/:id/status', act, async (request, reply) => statusPage(reply, await load(request)));

  app.post('/repairs/:id/status', act, async (request, reply) => {
    const repair = await load(request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const { from, to, message } = parseStatusForm(body, repair, errors);
    if (!errors.empty) return statusPage(reply.code(400), repair, errors, keepValues(body));
    // The form carries the status it was shown with: a change made meanwhile by someone else is not overwritten.
    const stale = () => statusPage(reply.code(409), repair, new FormErrors().add('status', STALE_STATUS), { ...keepValues(body), current: repair.status });
    if (from !== repair.status) return stale();
    if (!(await service.changeStatus(request.staff!, repair, from, to, message, requestContext(request)))) return stale();
    return done(request, reply, repair, 'Status changed. The tenant can see the change');
  });

  const priorityPage = (reply: FastifyReply, repair: RepairRecord, errors?: FormErrors, values?: FormBody) =>
    reply.page('staff/views/repair-priority.njk', { title: `Change the priority of repair ${repair.reference}`, repair, example: example(), values: values ?? { priority: repair.priority, ...dateParts('target', repair.targetDate) }, errors: errorView(errors), backLink: base(repair) });

  app.get('/repairs/:id/priority', act, async (request, reply) => priorityPage(reply, await load(request)));

  app.post('/repairs/:id/priority', act, async (request, reply) => {
    const repair = await load(request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const { priority, targetDate } = parsePriorityForm(body, repair, service.today(), errors);
    if (!errors.empty) return priorityPage(reply.code(400), repair, errors, keepValues(body));
    await service.changePriority(request.staff!, repair, priority, targetDate, requestContext(request));
    return done(request, reply, repair, 'Priority and target date saved. The tenant can see the change');
  });

  const newOrderPage = (reply: FastifyReply, repair: RepairRecord, errors?: FormErrors, values?: FormBody) =>
    reply.page('staff/views/repair-work-order.njk', { title: `Add a work order to repair ${repair.reference}`, repair, order: null, example: example(), choices: workOrderChoices(), values: values ?? { trade: repair.trade, status: 'issued', ...dateParts('target', repair.targetDate) }, errors: errorView(errors), backLink: base(repair) });

  app.get('/repairs/:id/work-orders/new', act, async (request, reply) => newOrderPage(reply, await load(request)));

  app.post('/repairs/:id/work-orders', act, async (request, reply) => {
    const repair = await load(request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const input = parseWorkOrderForm(body, repair, service.today(), errors);
    if (!errors.empty) return newOrderPage(reply.code(400), repair, errors, keepValues(body));
    const reference = await service.addWorkOrder(request.staff!, repair, input, requestContext(request));
    return done(request, reply, repair, `Work order ${reference} added. The tenant can see it`);
  });

  const orderPage = (reply: FastifyReply, repair: RepairRecord, order: WorkOrderRecord, errors?: FormErrors, values?: FormBody) =>
    reply.page('staff/views/repair-work-order.njk', {
      title: `Work order ${order.reference}`,
      repair,
      order,
      contractorPhone: formatUkPhone(order.contractorPhone),
      example: example(),
      choices: workOrderChoices(),
      values: values ?? { status: order.status, slot: order.appointmentSlot ?? '', ...dateParts('appointment', order.appointmentDate) },
      errors: errorView(errors),
      backLink: base(repair),
    });

  app.get('/repairs/:id/work-orders/:workOrderId', act, async (request, reply) => {
    const repair = await load(request);
    return orderPage(reply, repair, await loadOrder(request, repair));
  });

  app.post('/repairs/:id/work-orders/:workOrderId', act, async (request, reply) => {
    const repair = await load(request);
    const order = await loadOrder(request, repair);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const change = parseWorkOrderUpdate(body, order, service.today(), errors);
    if (!errors.empty) return orderPage(reply.code(400), repair, order, errors, keepValues(body));
    await service.updateWorkOrder(request.staff!, repair, order, change, requestContext(request));
    return done(request, reply, repair, `Work order ${order.reference} updated. The tenant can see the change`);
  });

  app.post('/repairs/:id/notes', act, async (request, reply) => {
    const repair = await load(request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const { audience, note } = parseNoteForm(body, errors);
    if (!errors.empty) return showRepair(request, reply.code(400), repair, errors, keepValues(body));
    await service.addNote(request.staff!, repair, note, audience, requestContext(request));
    return done(request, reply, repair, audience === 'tenant' ? 'Note added. The tenant can see it' : 'Internal note added. Only staff can see it');
  });
}
