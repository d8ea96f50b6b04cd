import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../lib/forms.ts';
import { notFound } from '../../lib/http-error.ts';
import { requestContext } from '../../plugins/auth.ts';
import type { AccountSecurityService } from './account-security.service.ts';
import type { AccountSettings } from './account-settings.repository.ts';

/** The signed-in tenant's account settings (requireTenant has already run). */
export async function ownAccount(security: AccountSecurityService, request: FastifyRequest): Promise<AccountSettings> {
  const account = await security.account(request.account!.id);
  if (!account) throw notFound();
  return account;
}

/**
 * Checks the current password typed into `currentPassword`, adding the message to show.
 * Returns the status to answer with when it fails: 400, or 429 (with Retry-After) when throttled.
 */
export async function checkCurrentPassword(security: AccountSecurityService, account: AccountSettings, password: string, errors: FormErrors, request: FastifyRequest, reply: FastifyReply): Promise<number | null> {
  if (!password) {
    errors.add('currentPassword', 'Enter your current password');
    return 400;
  }
  const result = await security.checkPassword(account, password, requestContext(request));
  if (result.ok) return null;
  if (result.reason === 'throttled') {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
    reply.header('retry-after', String(result.retryAfterSeconds));
    errors.add('currentPassword', `You have entered the wrong password too many times. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`);
    return 429;
  }
  errors.add('currentPassword', 'Your current password is not correct');
  return 400;
}
