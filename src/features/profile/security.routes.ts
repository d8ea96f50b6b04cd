import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, keepValues } from '../../lib/forms.ts';
import { normaliseAnswer, passwordProblem } from '../../lib/passwords.ts';
import { requestContext } from '../../plugins/auth.ts';
import { passwordContext, type AccountSecurityService } from './account-security.service.ts';
import { SECRET_ANSWER_MAX, SECRET_ANSWER_MIN, SECRET_QUESTIONS, SECURITY_PASSWORD_MAX, SECURITY_PASSWORD_MIN } from './profile.schemas.ts';
import { checkCurrentPassword, ownAccount } from './reauth.ts';

const SECRETS = ['currentPassword', 'password', 'confirm', 'answer', 'securityPassword', 'securityConfirm'];

/** Secret question, login password and the security password staff ask for on the phone. */
export async function securityRoutes(app: FastifyInstance, opts: { deps: Deps; security: AccountSecurityService }): Promise<void> {
  const { deps, security } = opts;

  // Secret question -----------------------------------------------------------------------------
  const questionForm = (current: string | null, values: Record<string, string>, errors?: FormErrors) => {
    const questions: string[] = [...SECRET_QUESTIONS];
    if (current && !questions.includes(current)) questions.unshift(current);
    return {
      title: 'Edit secret question',
      backLink: '/profile',
      current,
      questions: [{ value: '', text: 'Select a question' }, ...questions.map((q) => ({ value: q, text: q }))],
      answerMax: SECRET_ANSWER_MAX,
      values,
      errors: errors?.view(),
    };
  };

  app.get('/profile/secret-question', async (request, reply) => {
    const account = await ownAccount(security, request);
    return reply.page('profile/views/secret-question.njk', questionForm(account.secretQuestion, { question: account.secretQuestion ?? '' }));
  });

  app.post('/profile/secret-question', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const question = body.question ?? '';
    const answer = normaliseAnswer(body.answer ?? '');
    const allowed = [...SECRET_QUESTIONS, account.secretQuestion].filter(Boolean);
    if (!allowed.includes(question)) errors.add('question', 'Select a secret question');
    if (!answer) errors.add('answer', 'Enter the answer to your secret question');
    else if (answer.length < SECRET_ANSWER_MIN) errors.add('answer', `Answer must be ${SECRET_ANSWER_MIN} characters or more`);
    else if (answer.length > SECRET_ANSWER_MAX) errors.add('answer', `Answer must be ${SECRET_ANSWER_MAX} characters or fewer`);
    const status = await checkCurrentPassword(security, account, body.currentPassword ?? '', errors, request, reply);
    if (!errors.empty) return reply.code(status ?? 400).page('profile/views/secret-question.njk', questionForm(account.secretQuestion, keepValues(body, SECRETS), errors));
    await security.changeSecretQuestion(account, question, answer, requestContext(request));
    request.session.set('flash', 'Your secret question has been changed');
    return reply.redirect('/profile/secret-question', 303);
  });

  // Login password ------------------------------------------------------------------------------
  const passwordForm = (errors?: FormErrors) => ({ title: 'Change login password', backLink: '/profile', errors: errors?.view() });

  app.get('/profile/password', async (_request, reply) => reply.page('profile/views/password.njk', passwordForm()));

  app.post('/profile/password', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const status = await checkCurrentPassword(security, account, body.currentPassword ?? '', errors, request, reply);
    const password = body.password ?? '';
    const problem = passwordProblem(password, passwordContext(account));
    if (problem) errors.add('password', problem === 'Enter a password' ? 'Enter a new password' : problem);
    else if (status === null && (await security.sameAsPassword(account, password))) errors.add('password', 'Your new password must be different from your current password');
    if (!problem && (body.confirm ?? '') !== password) errors.add('confirm', (body.confirm ?? '') ? 'The passwords do not match' : 'Confirm your new password');
    if (!errors.empty) return reply.code(status ?? 400).page('profile/views/password.njk', passwordForm(errors));

    await security.changePassword(account, password, request.session.idHash, requestContext(request));
    // This browser stays signed in, under a new session id and a new CSRF secret.
    await deps.sessions.signIn(request.session, account.id, request.session.remember);
    deps.csrf.rotate(reply);
    request.session.set('flash', 'Your password has been changed. You have been signed out everywhere else');
    return reply.redirect('/profile/password', 303);
  });

  // Security password ---------------------------------------------------------------------------
  const securityForm = (errors?: FormErrors) => ({ title: 'Change security password', backLink: '/profile', min: SECURITY_PASSWORD_MIN, errors: errors?.view() });

  app.get('/profile/security-password', async (_request, reply) => reply.page('profile/views/security-password.njk', securityForm()));

  app.post('/profile/security-password', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const value = (body.securityPassword ?? '').trim();
    if (!value) errors.add('securityPassword', 'Enter a new security password');
    else if (value.length < SECURITY_PASSWORD_MIN) errors.add('securityPassword', `Security password must be ${SECURITY_PASSWORD_MIN} characters or more`);
    else if (value.length > SECURITY_PASSWORD_MAX) errors.add('securityPassword', `Security password must be ${SECURITY_PASSWORD_MAX} characters or fewer`);
    else if (await security.sameAsPassword(account, value)) errors.add('securityPassword', 'Security password must be different from your login password');
    if (!errors.has('securityPassword') && normaliseAnswer(body.securityConfirm ?? '') !== normaliseAnswer(value)) {
      errors.add('securityConfirm', body.securityConfirm ? 'The security passwords do not match' : 'Confirm your new security password');
    }
    const status = await checkCurrentPassword(security, account, body.currentPassword ?? '', errors, request, reply);
    if (!errors.empty) return reply.code(status ?? 400).page('profile/views/security-password.njk', securityForm(errors));
    await security.changeSecurityPassword(account, value, requestContext(request));
    request.session.set('flash', 'Your security password has been changed');
    return reply.redirect('/profile/security-password', 303);
  });
}
