import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/http-error.ts';
import type { StaffRole } from './staff-roles.ts';
import type { StaffUser } from './staff-users.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffUser | null;
  }
}

/**
 * preHandler for back-office pages: signed in with both steps, and (when roles are given) in one
 * of them. Anyone else — a tenant included — is sent to the staff sign-in; a role that may not
 * do this gets a 403 page that says so.
 */
export function requireStaff(...roles: StaffRole[]) {
  return async function staffOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!request.staff) return reply.redirect('/staff/sign-in', 303);
    if (roles.length && !roles.includes(request.staff.role) && request.staff.role !== 'administrator') {
      throw new HttpError(403, 'forbidden', 'Your role does not allow you to do this. Ask an administrator if you need it.');
    }
    reply.header('cache-control', 'no-store');
  };
}
