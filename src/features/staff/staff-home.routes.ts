import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireStaff } from './staff-guard.ts';
import { staffMenu } from './staff-menu.ts';

export async function staffHomeRoutes(app: FastifyInstance, _opts: { deps: Deps }): Promise<void> {
  app.get('/', { preHandler: requireStaff() }, async (request, reply) => {
    const links = staffMenu(request.staff!.role).filter((l) => l.href !== '/staff');
    return reply.page('staff/views/home.njk', { title: 'Back office', links });
  });
}
