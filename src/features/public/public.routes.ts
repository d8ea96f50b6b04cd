import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Pages for people who are not signed in, including those who are not customers. */
export async function publicRoutes(app: FastifyInstance, _opts: { deps: Deps }): Promise<void> {
  app.get('/contact', async (_request, reply) => reply.page('public/views/contact.njk', { title: 'Not a customer? Contact us' }));
}
