import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { RepairsTriageService } from './repairs-triage.service.ts';
import { requireStaff } from './staff-guard.ts';
import { staffMenu } from './staff-menu.ts';

export async function staffHomeRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const repairs = new RepairsTriageService(opts.deps);
  app.get('/', { preHandler: requireStaff() }, async (request, reply) => {
    const links = staffMenu(request.staff!.role).filter((l) => l.href !== '/staff');
    // Those who triage repairs see at once how many need attention first.
    const pressingRepairs = links.some((l) => l.href === '/staff/repairs') ? await repairs.pressingCount() : null;
    return reply.page('staff/views/home.njk', { title: 'Back office', links, pressingRepairs });
  });
}
