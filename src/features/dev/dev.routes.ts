import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { listOutbox } from '../../lib/mail/outbox.ts';

/** Development only (never registered in production): the mail that would have been sent. */
export async function devRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  app.get('/dev/outbox', async (_request, reply) => {
    const messages = await listOutbox(opts.deps.db, 50);
    reply.header('cache-control', 'no-store');
    return reply.page('dev/views/outbox.njk', { title: 'Outbox (development)', messages, wide: true, smtp: opts.deps.mail.enabled });
  });
}
