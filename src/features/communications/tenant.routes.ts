import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { requireTenant } from '../../plugins/auth.ts';
import { CommunicationsService } from './communications.service.ts';

const KIND_WORDS = { statement: 'Statement', letter: 'Letter', message: 'Message' } as const;

/** My Communications: the list, one opened (and so read), and its PDF. */
export async function communicationsRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new CommunicationsService(opts.deps);
  app.addHook('preHandler', requireTenant);

  app.get('/communications', async (request, reply) => {
    const items = await service.list(request.account!.personId);
    return reply.page('communications/views/list.njk', {
      title: 'My Communications',
      items: items.map((i) => ({ ...i, kindWords: KIND_WORDS[i.kind], href: `/communications/${i.id}` })),
      unread: items.filter((i) => !i.readAt).length,
    });
  });

  app.get<{ Params: { id: string } }>('/communications/:id', async (request, reply) => {
    const item = await service.open(request.account!.personId, idParam(request.params.id));
    if (!item) throw notFound();
    return reply.page('communications/views/item.njk', {
      title: item.title,
      backLink: '/communications',
      item: { ...item, kindWords: KIND_WORDS[item.kind] },
      pdfHref: item.hasPdf ? `/communications/${item.id}/pdf` : null,
    });
  });

  app.get<{ Params: { id: string } }>('/communications/:id/pdf', async (request, reply) => {
    const id = idParam(request.params.id);
    const pdf = await service.pdf(request.account!.personId, id);
    if (!pdf) throw notFound();
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="communication-${id}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(pdf));
  });
}
