import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { formBody } from '../../lib/forms.ts';
import { HttpError } from '../../lib/http-error.ts';
import { randomToken } from '../../lib/tokens.ts';
import { requestContext } from '../../plugins/auth.ts';
import { journeyFor } from './journey-context.ts';
import { clearJourney, fullChoice, stepUrl } from './repair-journey.ts';
import { availabilityText, dampAnswers, priorityLabel } from './repair-views.ts';
import { IDEMPOTENCY_KEY, type RepairsService } from './repairs.service.ts';
import { shortDateText } from '../../lib/date-text.ts';

type RefParams = { reference: string };

/** Check your answers, submit once, and the confirmation. */
export async function submitRoutes(app: FastifyInstance, opts: { deps: Deps; repairs: RepairsService }): Promise<void> {
  const { repairs } = opts;

  app.get('/repairs/new/check', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'check');
    if (!ctx) return reply;
    const choice = fullChoice(repairs.catalogue, ctx.journey, ctx.inBlock)!;
    // Every step before this one is answered, so the home is known.
    const home = ctx.home!;
    const j = ctx.journey;
    const row = (key: string, value: string, href: string, hidden: string) => ({
      key: { text: key },
      value: { text: value },
      actions: { items: [{ href: `${href}?change=1`, text: 'Change', visuallyHiddenText: hidden }] },
    });
    const address = choice.location.id === 'communal' ? `Communal areas of ${home.blockName ?? 'your block'}` : home.address;
    const rows = [
      // With a choice of homes the address is an answer like the others, and can be changed.
      ...(ctx.asksHome ? [row('Address', address, stepUrl('home'), 'the address')] : []),
      row('Where', choice.location.label, stepUrl('where'), 'where the problem is'),
      row(choice.location.id === 'home' ? 'Room' : 'Area', choice.area.label, stepUrl('area'), 'the room or area'),
      row('What needs repairing', choice.item.label, stepUrl('item'), 'what needs repairing'),
      row('What is wrong', choice.problem.label, stepUrl('problem'), 'what is wrong'),
      ...dampAnswers(choice.problem.damp ? j.damp : null).map((d) => row(d.question, d.answer, stepUrl('damp'), d.question.toLowerCase())),
      row('Description', j.description ?? '', stepUrl('describe'), 'the description'),
      row('Photos', j.photos.length ? `${j.photos.length} photo${j.photos.length === 1 ? '' : 's'}` : 'None', stepUrl('photos'), 'the photos'),
      row('Days and times that suit you', availabilityText(j), stepUrl('access'), 'the days and times'),
      row('What the operative should know', j.accessNotes || 'Nothing', stepUrl('access'), 'what the operative should know'),
    ];
    return reply.page('repairs/views/check.njk', { title: 'Check your answers before logging your repair', caption: 'Log a Repair', backLink: stepUrl('access'), rows, address: ctx.asksHome ? null : address, key: randomToken() });
  });

  app.post('/repairs/new/check', async (request, reply) => {
    const key = formBody(request.body).key ?? '';
    if (!IDEMPOTENCY_KEY.test(key)) throw new HttpError(400, 'bad_request', 'This form is out of date. Go back to check your answers and send it again.');
    const personId = request.account!.personId;
    // A second click of the same form: the first one's repair, and no second repair.
    const existing = await repairs.byIdempotencyKey(personId, key);
    if (existing) return reply.redirect(`/repairs/${existing}/confirmation`, 303);
    const ctx = await journeyFor(request, reply, repairs, 'check');
    if (!ctx) return reply;
    const reference = await repairs.create(personId, ctx.journey, key, requestContext(request));
    clearJourney(request.session);
    return reply.redirect(`/repairs/${reference}/confirmation`, 303);
  });

  app.get<{ Params: RefParams }>('/repairs/:reference/confirmation', async (request, reply) => {
    const { repair, own } = await repairs.visible(request.account!.personId, request.params.reference);
    if (!own) throw new HttpError(404, 'not_found', 'Page not found');
    return reply.page('repairs/views/confirmation.njk', {
      title: 'Repair logged',
      repair,
      priority: priorityLabel(repairs.catalogue, repair.priority),
      promise: repairs.catalogue.priorities[repair.priority].promise,
      target: shortDateText(repair.targetDate),
      investigateBy: repair.investigateBy ? shortDateText(repair.investigateBy) : null,
    });
  });
}
