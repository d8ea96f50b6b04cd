import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireTenant } from '../../plugins/auth.ts';
import { DashboardService } from './dashboard.service.ts';

export async function dashboardRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new DashboardService(opts.deps);
  app.addHook('preHandler', requireTenant);

  app.get('/dashboard', async (request, reply) => {
    const view = await service.dashboard(request.account!.personId, request.account!.pagesVersion);
    // The same kept object while nothing of theirs has changed, so the page is drawn once for it.
    return reply.keptPage('dashboard/views/dashboard.njk', 'dashboard', view, { title: 'Your account' });
  });

  app.get('/activity', async (request, reply) => {
    const activity = await service.recentActivity(request.account!.personId, 50);
    return reply.page('dashboard/views/activity.njk', { title: 'Recent activity', activity });
  });
}
