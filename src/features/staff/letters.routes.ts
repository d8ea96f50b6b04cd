import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors } from '../../lib/forms.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { requestContext } from '../../plugins/auth.ts';
import { LettersService } from './letters.service.ts';
import { LettersRepository } from './letters.repository.ts';
import { requireStaff } from './staff-guard.ts';

/** The ticked letters of the print-queue form (one box or many). */
function selectedIds(body: unknown): number[] {
  const raw = (body as Record<string, unknown> | undefined)?.letter;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v)).map(Number))].slice(0, 500);
}

export async function lettersRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new LettersService(opts.deps);
  const cs = { preHandler: requireStaff('customer_services') };

  const showQueue = async (reply: FastifyReply, errors?: FormErrors) =>
    reply.page('staff/views/letters.njk', { title: 'Letters to post', ...(await service.queue()), postingDays: opts.deps.config.landlord.letterPostingWorkingDays, errors: errors?.view(), wide: true });

  app.get('/letters', cs, async (_request, reply) => showQueue(reply));

  app.post('/letters/download', cs, async (request, reply) => {
    const ids = selectedIds(request.body);
    const pdf = ids.length ? await service.batch(ids) : null;
    if (!pdf) return showQueue(reply.code(400), new FormErrors().add('letters', 'Select at least one letter to download', '#letters'));
    return reply.header('content-disposition', `attachment; filename="letters-${ids.length}.pdf"`).header('cache-control', 'no-store').type('application/pdf').send(pdf);
  });

  app.post('/letters/posted', cs, async (request, reply) => {
    const ids = selectedIds(request.body);
    if (!ids.length) return showQueue(reply.code(400), new FormErrors().add('letters', 'Select the letters you have posted', '#letters'));
    const count = await service.markPosted(request.staff!, ids, requestContext(request));
    request.session.set('flash', `${count} letter${count === 1 ? '' : 's'} marked as posted`);
    return reply.redirect('/staff/letters', 303);
  });

  app.get('/letters/:id/pdf', cs, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const [row] = await new LettersRepository(opts.deps.db).pdfs([id]);
    if (!row) throw notFound();
    return reply.header('content-disposition', `inline; filename="letter-${id}.pdf"`).header('cache-control', 'no-store').type('application/pdf').send(Buffer.from(row.pdf));
  });

  app.post('/letters/bulk-issue', cs, async (request, reply) => {
    const { issued, more } = await service.bulkIssue(request.staff!, requestContext(request));
    request.session.set('flash', issued === 0 ? 'Every tenant not yet registered already has a working code' : `${issued} activation code letter${issued === 1 ? '' : 's'} added to the queue${more ? '. There are more to do: issue again' : ''}`);
    return reply.redirect('/staff/letters', 303);
  });

  app.post('/customers/:personId/activation-code', cs, async (request, reply) => {
    const personId = idParam((request.params as { personId: string }).personId);
    const agreementId = idParam((request.body as Record<string, unknown> | undefined)?.agreementId);
    const result = await service.issueCode(request.staff!, personId, agreementId, requestContext(request));
    if (!result.ok && result.reason === 'not_a_tenant') throw notFound();
    if (!result.ok) throw new HttpError(409, 'registered', 'This person has already registered for the portal, so they do not need an activation code. Send a password reset instead.');
    request.session.set('flash', `Activation code letter added to the print queue, to post by ${service.postBy()}. Any earlier code has stopped working.`);
    return reply.redirect(`/staff/customers/${personId}`, 303);
  });
}
