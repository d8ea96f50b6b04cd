import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, type FormBody } from '../../lib/forms.ts';
import { emergencyPhone, journeyFor, radioItems, type JourneyContext } from './journey-context.ts';
import { nextStep, resolveChoice, saveJourney, stepUrl, type Journey, type Step } from './repair-journey.ts';
import { EMERGENCIES, DAMP_QUESTIONS, DAYS, TIMES, parseAccess, parseDamp, parseDescription } from './repairs.schemas.ts';
import type { RepairsService } from './repairs.service.ts';

const CAPTION = 'Log a Repair';
const QUESTION = 'repairs/views/question-radios.njk';

interface RadioStep {
  step: Step;
  field: string;
  /** The options for this page given the answers so far; null when an earlier answer is missing. */
  options(ctx: JourneyContext): Array<{ id: string; label: string; hint?: string }>;
  heading(ctx: JourneyContext): string;
  hint?: string;
  missing: string;
  /** The message for a value not offered; "Select one of the options shown" unless given. */
  invalid?: string;
  /** Whether the question is asked at all; a question that is not asked passes on to the next. */
  asked?(ctx: JourneyContext): boolean;
  selected(j: Journey): string | undefined;
  /** Saves the answer, clearing the answers below it when it changes. */
  apply(j: Journey, value: string, ctx: JourneyContext): Journey;
}

/** One question per page: which address (only if there is a choice), where, which room or area, what, and what is wrong with it. */
export async function journeyRoutes(app: FastifyInstance, opts: { deps: Deps; repairs: RepairsService }): Promise<void> {
  const { deps, repairs } = opts;
  const catalogue = repairs.catalogue;
  const back = (ctx: JourneyContext, previous: Step) => (ctx.changing ? stepUrl('check') : stepUrl(previous));

  // Emergencies first: some must not wait for an online form at all.
  app.get('/repairs/new', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'emergency');
    if (!ctx) return reply;
    return reply.page('repairs/views/emergency-check.njk', { title: 'Is it an emergency?', caption: CAPTION, backLink: '/repairs', items: emergencyItems(ctx.journey.emergencyChecked ? 'none' : undefined) });
  });
  app.post('/repairs/new', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'emergency');
    if (!ctx) return reply;
    const value = formBody(request.body).emergency ?? '';
    if (!EMERGENCIES.some((e) => e.id === value) && value !== 'none') {
      const errors = new FormErrors().add('emergency', value ? 'Select one of the options shown' : 'Select if it is one of these emergencies');
      return reply.code(400).page('repairs/views/emergency-check.njk', { title: 'Is it an emergency?', caption: CAPTION, backLink: '/repairs', items: emergencyItems(undefined), errors: errors.view() });
    }
    if (value === 'gas') return reply.redirect('/repairs/new/gas', 303);
    if (value !== 'none') return reply.redirect(`/repairs/new/emergency?type=${value}`, 303);
    saveJourney(request.session, { ...ctx.journey, emergencyChecked: true });
    return reply.redirect(stepUrl(ctx.asksHome ? 'home' : 'where'), 303);
  });
  app.get('/repairs/new/gas', async (_request, reply) => reply.page('repairs/views/gas.njk', { title: 'If you can smell gas', backLink: '/repairs/new' }));
  app.get('/repairs/new/emergency', async (request, reply) => {
    const type = (request.query as Record<string, unknown>).type;
    const emergency = EMERGENCIES.find((e) => e.id === type && e.id !== 'gas');
    return reply.page('repairs/views/emergency.njk', { title: 'Call us now', backLink: '/repairs/new', emergency, phone: emergencyPhone(deps.config.landlord) });
  });

  const radioStep = (def: RadioStep, previous: Step | ((ctx: JourneyContext) => Step)) => {
    const render = (reply: FastifyReply, ctx: JourneyContext, selected: string | undefined, errors?: FormErrors) =>
      reply.page(QUESTION, {
        title: def.heading(ctx),
        caption: CAPTION,
        backLink: back(ctx, typeof previous === 'function' ? previous(ctx) : previous),
        action: stepUrl(def.step, ctx.changing),
        name: def.field,
        hint: def.hint,
        items: radioItems(def.options(ctx), selected),
        errors: errors?.view(),
      });
    const skipped = (reply: FastifyReply, ctx: JourneyContext) => reply.redirect(nextStep(def.step, catalogue, ctx.journey, ctx.inBlock, ctx.changing), 303);
    app.get(stepUrl(def.step), async (request, reply) => {
      const ctx = await journeyFor(request, reply, repairs, def.step);
      if (!ctx) return reply;
      if (def.asked && !def.asked(ctx)) return skipped(reply, ctx);
      return render(reply, ctx, def.selected(ctx.journey));
    });
    app.post(stepUrl(def.step), async (request: FastifyRequest, reply) => {
      const ctx = await journeyFor(request, reply, repairs, def.step);
      if (!ctx) return reply;
      if (def.asked && !def.asked(ctx)) return skipped(reply, ctx);
      const value = formBody(request.body)[def.field] ?? '';
      // An id not offered here (a stale page, a hand-made request, another person's agreement) is refused plainly.
      if (!def.options(ctx).some((o) => o.id === value)) {
        return render(reply.code(400), ctx, undefined, new FormErrors().add(def.field, value ? (def.invalid ?? 'Select one of the options shown') : def.missing));
      }
      const journey = def.apply(ctx.journey, value, ctx);
      saveJourney(request.session, journey);
      return reply.redirect(nextStep(def.step, catalogue, journey, ctx.inBlock, ctx.changing), 303);
    });
  };

  const choice = (ctx: JourneyContext) => resolveChoice(catalogue, ctx.journey, ctx.inBlock);
  radioStep(
    {
      step: 'home',
      field: 'home',
      heading: () => 'Which address is the repair for?',
      options: (ctx) => ctx.homes.map((h) => ({ id: h.agreementReference, label: h.address, hint: `Agreement reference ${h.agreementReference}` })),
      asked: (ctx) => ctx.asksHome,
      missing: 'Select the address the repair is for',
      invalid: 'Select the address the repair is for',
      selected: (j) => j.home,
      apply: (j, v, ctx) => (j.home === v ? j : changeHome(j, v, ctx)),
    },
    'emergency',
  );
  radioStep(
    {
      step: 'where',
      field: 'location',
      heading: () => 'Where is the problem?',
      options: (ctx) => catalogue.locations.filter((l) => !l.communalOnly || ctx.inBlock),
      missing: 'Select where the problem is',
      selected: (j) => j.location,
      apply: (j, v) => (j.location === v ? j : { ...j, location: v, area: undefined, item: undefined, problem: undefined, damp: undefined }),
    },
    (ctx) => (ctx.asksHome ? 'home' : 'emergency'),
  );
  radioStep(
    {
      step: 'area',
      field: 'area',
      heading: (ctx) => (choice(ctx).location?.id === 'home' ? 'Which room is it in?' : 'Which area is it in?'),
      options: (ctx) => choice(ctx).location?.areas ?? [],
      missing: 'Select the room or area',
      selected: (j) => j.area,
      apply: (j, v) => (j.area === v ? j : { ...j, area: v, item: undefined, problem: undefined, damp: undefined }),
    },
    'where',
  );
  radioStep(
    {
      step: 'item',
      field: 'item',
      heading: () => 'What needs repairing?',
      options: (ctx) => choice(ctx).area?.items ?? [],
      missing: 'Select what needs repairing',
      selected: (j) => j.item,
      apply: (j, v) => (j.item === v ? j : { ...j, item: v, problem: undefined, damp: undefined }),
    },
    'area',
  );
  radioStep(
    {
      step: 'problem',
      field: 'problem',
      heading: (ctx) => `What is wrong with the ${choice(ctx).item?.label.toLowerCase() ?? 'item'}?`,
      options: (ctx) => choice(ctx).item?.problems ?? [],
      missing: 'Select what is wrong',
      selected: (j) => j.problem,
      apply: (j, v) => (j.problem === v ? j : { ...j, problem: v, damp: undefined }),
    },
    'item',
  );

  // Damp and mould: a few more answers, because the law sets a clock on investigating it.
  const dampPage = (reply: FastifyReply, ctx: JourneyContext, values: FormBody, errors?: FormErrors) =>
    reply.page('repairs/views/damp.njk', { title: 'About the damp or mould', caption: CAPTION, backLink: back(ctx, 'problem'), action: stepUrl('damp', ctx.changing), questions: DAMP_QUESTIONS.map((q) => ({ ...q, items: radioItems(q.options, values[q.name]) })), errors: errors?.view() });
  app.get('/repairs/new/damp', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'damp');
    if (!ctx) return reply;
    if (!choice(ctx).problem?.damp) return reply.redirect(stepUrl('describe', ctx.changing), 303);
    return dampPage(reply, ctx, { ...ctx.journey.damp });
  });
  app.post('/repairs/new/damp', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'damp');
    if (!ctx) return reply;
    if (!choice(ctx).problem?.damp) return reply.redirect(stepUrl('describe', ctx.changing), 303);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const damp = parseDamp(body, errors);
    if (!damp) return dampPage(reply.code(400), ctx, body, errors);
    const journey = { ...ctx.journey, damp };
    saveJourney(request.session, journey);
    return reply.redirect(nextStep('damp', catalogue, journey, ctx.inBlock, ctx.changing), 303);
  });

  const describePage = (reply: FastifyReply, ctx: JourneyContext, value: string | undefined, errors?: FormErrors) =>
    reply.page('repairs/views/describe.njk', { title: 'Describe the problem', caption: CAPTION, backLink: back(ctx, choice(ctx).problem?.damp ? 'damp' : 'problem'), action: stepUrl('describe', ctx.changing), value, errors: errors?.view() });
  app.get('/repairs/new/describe', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'describe');
    return ctx ? describePage(reply, ctx, ctx.journey.description) : reply;
  });
  app.post('/repairs/new/describe', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'describe');
    if (!ctx) return reply;
    const body = formBody(request.body);
    const errors = new FormErrors();
    const description = parseDescription(body, errors);
    if (!description) return describePage(reply.code(400), ctx, body.description, errors);
    const journey = { ...ctx.journey, description };
    saveJourney(request.session, journey);
    return reply.redirect(nextStep('describe', catalogue, journey, ctx.inBlock, ctx.changing), 303);
  });

  const accessPage = (reply: FastifyReply, ctx: JourneyContext, values: { days: string[]; times: string[]; accessNotes: string }, errors?: FormErrors) =>
    reply.page('repairs/views/access.njk', {
      title: 'When can we come?',
      caption: CAPTION,
      backLink: back(ctx, 'photos'),
      action: stepUrl('access', ctx.changing),
      days: DAYS.map((d) => ({ value: d.id, text: d.label, checked: values.days.includes(d.id) })),
      times: TIMES.map((t) => ({ value: t.id, text: t.label, hint: t.hint ? { text: t.hint } : undefined, checked: values.times.includes(t.id) })),
      accessNotes: values.accessNotes,
      errors: errors?.view(),
    });
  app.get('/repairs/new/access', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'access');
    if (!ctx) return reply;
    const j = ctx.journey;
    return accessPage(reply, ctx, { days: j.days ?? [], times: j.times ?? [], accessNotes: j.accessNotes ?? '' });
  });
  app.post('/repairs/new/access', async (request, reply) => {
    const ctx = await journeyFor(request, reply, repairs, 'access');
    if (!ctx) return reply;
    const errors = new FormErrors();
    const access = parseAccess(request.body, errors);
    if (!errors.empty) return accessPage(reply.code(400), ctx, access, errors);
    const journey = { ...ctx.journey, ...access, accessDone: true };
    saveJourney(request.session, journey);
    return reply.redirect(stepUrl('check'), 303);
  });
}

/**
 * A different address keeps the answers about the problem in the home (the tenant chose the wrong
 * address, not the wrong tap), but a communal repair belongs to one block: it is asked again unless
 * the new home is in the same block.
 */
function changeHome(j: Journey, home: string, ctx: JourneyContext): Journey {
  const to = ctx.homes.find((h) => h.agreementReference === home);
  const sameBlock = ctx.home !== null && to !== undefined && ctx.home.blockId !== null && ctx.home.blockId === to.blockId;
  if (j.location !== 'communal' || sameBlock) return { ...j, home };
  return { ...j, home, location: undefined, area: undefined, item: undefined, problem: undefined, damp: undefined };
}

function emergencyItems(selected: string | undefined) {
  return [
    ...EMERGENCIES.map((e) => ({ value: e.id, text: e.label, hint: e.hint ? { text: e.hint } : undefined, checked: e.id === selected })),
    { divider: 'or' },
    { value: 'none', text: 'No, it is none of these', checked: selected === 'none' },
  ];
}
