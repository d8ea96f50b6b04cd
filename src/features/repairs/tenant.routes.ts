import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { formatUkPhone } from '../../lib/forms.ts';
import { idParam } from '../../lib/ids.ts';
import { notFound } from '../../lib/http-error.ts';
import { requestContext, requireTenant } from '../../plugins/auth.ts';
import { emergencyPhone } from './journey-context.ts';
import { journeyRoutes } from './journey.routes.ts';
import { sweepOrphanPhotos } from './photo-sweep.ts';
import { photoRoutes, sendPhoto } from './photos.routes.ts';
import { tenantMayCancel } from './repair-rules.ts';
import { availabilityText, dampAnswers, LOCATION_WORDS, priorityLabel, SLOT_WORDS, statusTag, toRepairRow, WORK_ORDER_WORDS } from './repair-views.ts';
import { householdAt, RepairsService, type Household, type HouseholdHome, type RepairSummary } from './repairs.service.ts';
import { submitRoutes } from './submit.routes.ts';
import { shortDateText } from '../../lib/date-text.ts';

type RefParams = { reference: string };

/** My Repairs, repairs at this address, related (communal) repairs, a repair's page, and Log a Repair. */
export async function repairsRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  const repairs = new RepairsService(deps);
  app.addHook('preHandler', requireTenant);

  // Photos of abandoned journeys are cleared a few times a day; tests call the sweep themselves.
  if (deps.config.env !== 'test') {
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      const sweep = () => void sweepOrphanPhotos(deps.db, deps.clock.now()).catch((err: unknown) => app.log.warn({ err }, 'photo sweep failed'));
      timer = setInterval(sweep, 6 * 60 * 60 * 1000).unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  await app.register(journeyRoutes, { deps, repairs });
  await app.register(photoRoutes, { deps, repairs });
  await app.register(submitRoutes, { deps, repairs });

  // A row links to the repair's page where that page opens for this person (see RepairsService.visible):
  // the household's own repairs, on any of their agreements, and the communal repairs of this block.
  const rowsFor = (list: RepairSummary[], agreementIds: number[], blockId: number | null) =>
    list.map((r) => toRepairRow(r, (r.agreementId !== null && agreementIds.includes(r.agreementId)) || (r.location === 'communal' && r.propertyId === blockId)));

  app.get('/repairs', async (request, reply) => {
    const { tenancies, current, previous } = await repairs.myRepairs(request.account!);
    const { homes } = tenancies;
    return reply.page('repairs/views/my-repairs.njk', {
      title: 'My Repairs',
      household: homes.length ? householdAt(tenancies, homes[0]) : null,
      // With more than one home every address is shown, and the pages below ask which one.
      addresses: homes.length > 1 ? homes.map((h) => h.address) : null,
      blockHomes: homes.filter((h) => h.blockId !== null),
      current: current.map((r) => toRepairRow(r, true)),
      previous: previous.map((r) => toRepairRow(r, true)),
      emergencyPhone: emergencyPhone(deps.config.landlord),
    });
  });

  /**
   * The home a page is about, with the repairs at it (`at: 'home'`) or at its block (`at: 'block'`),
   * read with the person's tenancies; or null once the reply is sent: no home, or several and none
   * named yet (a link to each is offered). `?home=` names one by agreement reference; one not among
   * this person's current homes is not found.
   */
  const pageHome = async (
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    title: string,
    at: 'home' | 'block',
  ): Promise<{ home: HouseholdHome; household: Household; backLink: string; agreementIds: number[]; list: RepairSummary[] } | null> => {
    const { tenancies, repairsOf } = await repairs.tenanciesWithRepairs(request.account!, at);
    const { homes, agreementIds } = tenancies;
    if (homes.length === 0) {
      reply.page('repairs/views/no-home.njk', { title, backLink: '/repairs' });
      return null;
    }
    const named = (request.query as Record<string, unknown>).home;
    if (named === undefined && homes.length > 1) {
      const links = homes.map((h) => ({ href: `${path}?home=${encodeURIComponent(h.agreementReference)}`, address: h.address, reference: h.agreementReference }));
      reply.page('repairs/views/choose-home.njk', { title, backLink: '/repairs', links });
      return null;
    }
    const home = named === undefined ? homes[0] : homes.find((h) => h.agreementReference === named);
    if (!home) throw notFound();
    return { home, household: householdAt(tenancies, home), backLink: homes.length > 1 ? path : '/repairs', agreementIds, list: repairsOf.get(home.agreementId) ?? [] };
  };

  app.get('/repairs/address', async (request, reply) => {
    const at = await pageHome(request, reply, '/repairs/address', 'Repairs at this address', 'home');
    if (!at) return reply;
    return reply.page('repairs/views/address.njk', { title: 'Repairs at this address', backLink: at.backLink, household: at.household, rows: rowsFor(at.list, at.agreementIds, at.home.blockId) });
  });

  app.get('/repairs/communal', async (request, reply) => {
    const at = await pageHome(request, reply, '/repairs/communal', 'Related repairs', 'block');
    if (!at) return reply;
    return reply.page('repairs/views/communal.njk', { title: 'Related repairs', backLink: at.backLink, household: at.household, inBlock: at.home.blockId !== null, rows: rowsFor(at.list, at.agreementIds, at.home.blockId) });
  });

  app.get<{ Params: RefParams }>('/repairs/:reference', async (request, reply) => {
    const { repair, own, details } = await repairs.repairPage(request.account!, request.params.reference);
    const { history, workOrders, photos } = details;
    return reply.page('repairs/views/repair.njk', {
      title: `Repair ${repair.reference}`,
      backLink: own ? '/repairs' : '/repairs/communal',
      repair,
      own,
      where: LOCATION_WORDS[repair.location],
      status: statusTag(repair.status),
      priority: priorityLabel(repairs.catalogue, repair.priority),
      reported: shortDateText(repair.reportedAt),
      target: shortDateText(repair.targetDate),
      investigateBy: repair.investigateBy ? shortDateText(repair.investigateBy) : null,
      damp: own ? dampAnswers(repair.dampDetails) : [],
      availability: own ? availabilityText(repair.availability) : null,
      history: history.map((h) => ({ ...h, status: statusTag(h.status) })),
      workOrders: workOrders.map((w) => ({
        ...w,
        contractorPhone: formatUkPhone(w.contractorPhone),
        target: shortDateText(w.targetDate),
        appointment: w.appointmentDate ? `${shortDateText(w.appointmentDate)}${w.appointmentSlot ? `, ${SLOT_WORDS[w.appointmentSlot] ?? w.appointmentSlot}` : ''}` : null,
        statusText: WORK_ORDER_WORDS[w.status] ?? w.status,
      })),
      photos: own ? photos.map((p, i) => ({ href: `/repairs/${repair.reference}/photos/${p.id}`, alt: `Photo ${i + 1} of the problem` })) : [],
      canCancel: own && tenantMayCancel(repair.status),
    });
  });

  app.get<{ Params: RefParams & { id: string } }>('/repairs/:reference/photos/:id', async (request, reply) => {
    const id = idParam(request.params.id);
    const { photo, data } = await repairs.photo(request.account!.personId, request.params.reference, id);
    return sendPhoto(reply, photo.contentType, data, `repair-${request.params.reference}-photo-${photo.id}`);
  });

  app.get<{ Params: RefParams }>('/repairs/:reference/cancel', async (request, reply) => {
    const { repair, own } = await repairs.visible(request.account!.personId, request.params.reference);
    if (!own) throw notFound();
    if (!tenantMayCancel(repair.status)) return reply.redirect(`/repairs/${repair.reference}`, 303);
    return reply.page('repairs/views/cancel.njk', { title: 'Are you sure you want to cancel this repair?', backLink: `/repairs/${repair.reference}`, repair });
  });

  app.post<{ Params: RefParams }>('/repairs/:reference/cancel', async (request, reply) => {
    const repair = await repairs.cancel(request.account!.personId, request.params.reference, requestContext(request));
    request.session.set('flash', `Repair ${repair.reference} has been cancelled`);
    return reply.redirect(`/repairs/${repair.reference}`, 303);
  });
}
