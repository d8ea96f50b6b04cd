import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody } from '../../lib/forms.ts';
import { requestContext } from '../../plugins/auth.ts';
import { RESET_LIFETIME_MINUTES, type PasswordResetService, type ResetProgress } from './password-reset.service.ts';
import type { ResetAccount } from './password-reset.repository.ts';

const PROGRESS = 'passwordReset';
const MAX_ANSWER_LENGTH = 200;

/** Steps 2–4: the emailed link, the secret question, the new password. */
export async function resetRoutes(app: FastifyInstance, opts: { deps: Deps; resets: PasswordResetService }): Promise<void> {
  const { deps, resets } = opts;

  /** One page for unknown, used and expired links alike: which it was is nobody's business. */
  const unusable = (request: FastifyRequest, reply: FastifyReply, reason: 'expired' | 'used_up' = 'expired') => {
    request.session.unset(PROGRESS);
    return reply.code(reason === 'used_up' ? 400 : 404).page('password-reset/views/link-expired.njk', {
      title: reason === 'used_up' ? 'You cannot use this link any more' : 'This link has expired or has already been used',
      reason,
      minutes: RESET_LIFETIME_MINUTES,
    });
  };

  /** The reset this browser is part-way through, with its account, or null when there is none. */
  const current = async (request: FastifyRequest): Promise<{ progress: ResetProgress; account: ResetAccount } | null> => {
    const progress = request.session.get<ResetProgress>(PROGRESS);
    if (!progress || typeof progress.resetId !== 'number') return null;
    const account = await resets.accountFor(progress.resetId);
    return account ? { progress, account } : null;
  };

  const showQuestion = (reply: FastifyReply, account: ResetAccount, errors?: FormErrors) =>
    reply.page('password-reset/views/question.njk', { title: 'Answer your secret question', question: account.secretQuestion, errors: errors?.view() });

  const showNewPassword = (reply: FastifyReply, account: ResetAccount, errors?: FormErrors) =>
    reply.page('password-reset/views/new-password.njk', { title: 'Choose a new password', username: account.email ?? account.username, errors: errors?.view() });

  app.get('/password/reset/question', async (request, reply) => {
    const found = await current(request);
    if (!found) return unusable(request, reply);
    if (found.progress.answered) return reply.redirect('/password/reset/new', 303);
    return showQuestion(reply, found.account);
  });

  app.post('/password/reset/question', async (request, reply) => {
    const found = await current(request);
    if (!found) return unusable(request, reply);
    const answer = (formBody(request.body).answer ?? '').trim();
    const errors = new FormErrors();
    if (!answer) errors.add('answer', 'Enter the answer to your secret question');
    else if (answer.length > MAX_ANSWER_LENGTH) errors.add('answer', `Answer must be ${MAX_ANSWER_LENGTH} characters or fewer`);
    if (!errors.empty) return showQuestion(reply.code(400), found.account, errors);

    const result = await resets.checkAnswer(found.progress.resetId, answer, requestContext(request));
    if (result.outcome === 'unusable') return unusable(request, reply);
    if (result.outcome === 'used_up') return unusable(request, reply, 'used_up');
    if (result.outcome === 'wrong') {
      const left = result.triesLeft === 1 ? 'You have 1 more try' : `You have ${result.triesLeft} more tries`;
      errors.add('answer', `Your answer does not match the one you gave when you registered. ${left}`);
      return showQuestion(reply.code(400), found.account, errors);
    }
    request.session.set(PROGRESS, { ...found.progress, answered: true } satisfies ResetProgress);
    return reply.redirect('/password/reset/new', 303);
  });

  app.get('/password/reset/new', async (request, reply) => {
    const found = await current(request);
    if (!found) return unusable(request, reply);
    if (!found.progress.answered) return reply.redirect('/password/reset/question', 303);
    return showNewPassword(reply, found.account);
  });

  app.post('/password/reset/new', async (request, reply) => {
    const found = await current(request);
    if (!found) return unusable(request, reply);
    if (!found.progress.answered) return reply.redirect('/password/reset/question', 303);
    const body = formBody(request.body);
    const password = body.password ?? '';
    const confirm = body.confirm ?? '';
    const errors = new FormErrors();
    if (!password) errors.add('password', 'Enter a new password');
    if (!confirm) errors.add('confirm', 'Confirm your new password');
    else if (password && confirm !== password) errors.add('confirm', 'The passwords you entered do not match');
    if (!errors.empty) return showNewPassword(reply.code(400), found.account, errors);

    const result = await resets.complete(found.progress.resetId, password, requestContext(request));
    if (!result.ok && result.reason === 'weak') {
      errors.add('password', result.message);
      return showNewPassword(reply.code(400), found.account, errors);
    }
    if (!result.ok) return unusable(request, reply);
    request.session.unset(PROGRESS);
    // This browser's own session ended with the others if it was signed in as this account.
    if (request.session.accountId === result.accountId) {
      await deps.sessions.destroy(request.session);
      deps.csrf.rotate(reply);
    }
    return reply.redirect('/password/reset/done', 303);
  });

  app.get('/password/reset/done', async (_request, reply) => reply.page('password-reset/views/done.njk', { title: 'Your password has been reset' }));

  // Registered after the fixed paths above; find-my-way prefers those anyway.
  // The address holds a live token: keep it out of the request log.
  app.get<{ Params: { token: string } }>('/password/reset/:token', { logLevel: 'warn' }, async (request, reply) => {
    const progress = await resets.openLink(request.params.token);
    if (!progress) return unusable(request, reply);
    request.session.unset('resetRequestedFor');
    request.session.set(PROGRESS, progress);
    // Moving on at once keeps the token out of the address bar, history and any Referer.
    return reply.redirect(progress.answered ? '/password/reset/new' : '/password/reset/question', 303);
  });
}
