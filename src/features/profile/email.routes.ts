import type { FastifyInstance } from 'fastify';
import { FormErrors, formBody, isEmail, keepValues } from '../../lib/forms.ts';
import { requestContext } from '../../plugins/auth.ts';
import type { AccountSecurityService } from './account-security.service.ts';
import { EMAIL_CHANGE_HOURS, type EmailChangeService } from './email-change.service.ts';
import { checkCurrentPassword, ownAccount } from './reauth.ts';

/** Update Account Email: ask with the current password, confirm from the new mailbox. */
export async function emailRoutes(app: FastifyInstance, opts: { security: AccountSecurityService; emailChanges: EmailChangeService }): Promise<void> {
  const { security, emailChanges } = opts;
  const form = (current: string | null, values: Record<string, string>, errors?: FormErrors) => ({ title: 'Update account email', backLink: '/profile', current, values, errors: errors?.view() });

  app.get('/profile/email', async (request, reply) => {
    const account = await ownAccount(security, request);
    return reply.page('profile/views/email.njk', form(account.email, {}));
  });

  app.post('/profile/email', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const email = (body.email ?? '').trim().toLowerCase();
    if (!email) errors.add('email', 'Enter your new email address');
    else if (!isEmail(email)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');
    else if (email === account.email) errors.add('email', 'This is already your account email. Enter a different email address');
    let status = await checkCurrentPassword(security, account, body.currentPassword ?? '', errors, request, reply);
    const wait = errors.empty ? await emailChanges.sendingBlocked(account.id) : 0;
    if (wait > 0) {
      const minutes = Math.max(1, Math.ceil(wait / 60));
      reply.header('retry-after', String(wait));
      errors.add('email', `You have asked for too many emails. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`);
      status = 429;
    }
    if (!errors.empty) return reply.code(status ?? 400).page('profile/views/email.njk', form(account.email, keepValues(body, ['currentPassword']), errors));
    await emailChanges.request(account, email, requestContext(request));
    request.session.set('emailChangeSentTo', email);
    return reply.redirect('/profile/email/sent', 303);
  });

  app.get('/profile/email/sent', async (request, reply) => {
    const sentTo = request.session.get<string>('emailChangeSentTo');
    if (!sentTo) return reply.redirect('/profile/email', 303);
    return reply.page('profile/views/email-sent.njk', { title: 'Check your email', backLink: '/profile', sentTo, hours: EMAIL_CHANGE_HOURS });
  });

  app.get<{ Params: { token: string } }>('/profile/email/confirm/:token', async (request, reply) => {
    // The link's token must not leak to other sites through the Referer header.
    reply.header('referrer-policy', 'no-referrer');
    const account = await ownAccount(security, request);
    const result = await emailChanges.confirm(account, request.params.token, requestContext(request));
    if (!result) return reply.code(404).page('profile/views/email-link-expired.njk', { title: 'This link does not work', reason: 'unknown' });
    if (!result.ok) return reply.code(result.reason === 'taken' ? 409 : 410).page('profile/views/email-link-expired.njk', { title: 'This link does not work', reason: result.reason });
    request.session.unset('emailChangeSentTo');
    return reply.page('profile/views/email-confirmed.njk', { title: 'Your account email has been changed', email: result.email });
  });
}
