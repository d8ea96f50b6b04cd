import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function profileRoutes(_app: FastifyInstance, _opts: { deps: Deps }): Promise<void> {
  // Pages arrive with this feature.
}
