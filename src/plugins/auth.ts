import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentAccount } from '../features/accounts/accounts.repository.ts';
import type { RequestContext } from '../lib/audit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    account: CurrentAccount | null;
  }
  interface FastifyContextConfig {
    /** The page a person signed in with a temporary password may still reach. */
    allowTemporaryPassword?: boolean;
  }
}

/** preHandler for pages that need a signed-in tenant. */
export async function requireTenant(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.account) {
    const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
    return reply.redirect(`/sign-in${returnTo}`, 303);
  }
  if (request.account.mustChangePassword && !request.routeOptions.config.allowTemporaryPassword) {
    return reply.redirect('/password/new', 303);
  }
  // Signed-in pages hold personal data: never keep them in a shared or back-button cache.
  reply.header('cache-control', 'no-store');
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { requestId: String(request.id), ip: request.ip };
}

/** Only paths on this site, so a crafted link cannot send someone elsewhere after sign-in. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value.length < 500 ? value : null;
}
