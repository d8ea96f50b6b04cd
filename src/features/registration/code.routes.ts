import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { MINUTE } from '../../lib/clock.ts';
import { FormErrors, formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { isoDate } from '../../lib/working-days.ts';
import { requestContext } from '../../plugins/auth.ts';
import { SignInService } from '../accounts/sign-in.service.ts';
import { readAccountForm, readCodeForm } from './registration.forms.ts';
import { RegistrationService, type VerifiedCode } from './registration.service.ts';
import { SECRET_QUESTIONS } from './secret-questions.ts';

const VERIFIED = 'registration';
/** Step 2 must follow step 1 within this time, or the details are asked for again. */
const VERIFIED_FOR = 30 * MINUTE;

export const MISMATCH =
  'The details you entered do not match our records. Check your date of birth, agreement reference and activation code, and try again';

function tooMany(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `There have been too many attempts to register. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`;
}

/** Registration with the posted activation code: the letter's details, then the account. */
export async function codeRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  const service = new RegistrationService(deps);
  const signIn = new SignInService(deps);

  const showCode = (reply: FastifyReply, values: FormBody = {}, errors?: FormErrors) =>
    reply.page('registration/views/code.njk', { title: 'Enter the details from your letter', values, errors: errors?.view(), codeDays: deps.config.landlord.activationCodeDays, backLink: '/register' });

  /** What step 1 proved, while it is fresh and the code has not been spent meanwhile. */
  const verifiedOf = async (request: FastifyRequest) => {
    const verified = request.session.get<VerifiedCode>(VERIFIED);
    if (!verified || typeof verified.codeId !== 'number') return null;
    if (deps.clock.now().getTime() - Date.parse(verified.verifiedAt) > VERIFIED_FOR) return null;
    const tenant = await service.tenantFor(verified);
    return tenant ? { verified, tenant } : null;
  };

  const showAccount = (reply: FastifyReply, name: string, values: FormBody = {}, errors?: FormErrors) =>
    reply.page('registration/views/account.njk', {
      title: 'Set up your account',
      name,
      values,
      errors: errors?.view(),
      questionItems: [{ value: '', text: 'Choose a question' }, ...SECRET_QUESTIONS.map((q) => ({ value: q, text: q, selected: values.secretQuestion === q }))],
      backLink: '/register/code',
    });

  /**
   * A form sent twice after the first has finished arrives with the session the first one
   * replaced. Whoever typed the new account's email and password is its owner: they are signed
   * in (through sign-in's own checks and throttle) rather than sent back to the start.
   */
  const secondSubmission = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = formBody(request.body);
    const email = (body.email ?? '').trim().toLowerCase();
    if (!email || !body.password || !(await service.registeredMoments(email))) return null;
    const result = await signIn.signIn(email, body.password, requestContext(request));
    if (!result.ok) return null;
    await deps.sessions.signIn(request.session, result.account.id, false);
    deps.csrf.rotate(reply);
    request.session.set('flash', 'Registration successful');
    return reply.redirect('/dashboard', 303);
  };

  app.get('/register/code', async (request, reply) => {
    if (request.account) return reply.redirect('/dashboard', 303);
    return showCode(reply);
  });

  app.post('/register/code', async (request, reply) => {
    const body = formBody(request.body);
    const values = keepValues(body);
    const { errors, form } = readCodeForm(body, isoDate(deps.clock.now()));
    if (!form) return showCode(reply.code(400), values, errors);
    const result = await service.checkCode(form, requestContext(request));
    if (!result.ok && result.reason === 'throttled') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      return showCode(reply.code(429), values, errors.add('form', tooMany(result.retryAfterSeconds), '#dob-day'));
    }
    if (!result.ok && result.reason === 'registered') return reply.redirect('/register/already-registered', 303);
    if (!result.ok) return showCode(reply.code(400), values, errors.add('form', MISMATCH, '#dob-day'));
    request.session.set(VERIFIED, result.verified);
    return reply.redirect('/register/account', 303);
  });

  app.get('/register/account', async (request, reply) => {
    const found = await verifiedOf(request);
    if (!found || !(await service.codeStillLive(found.verified))) {
      request.session.unset(VERIFIED);
      return reply.redirect('/register/code', 303);
    }
    return showAccount(reply, `${found.tenant.forenames} ${found.tenant.surname}`);
  });

  app.post('/register/account', async (request, reply) => {
    const found = await verifiedOf(request);
    if (!found) return (await secondSubmission(request, reply)) ?? reply.redirect('/register/code', 303);
    const { verified, tenant } = found;
    const name = `${tenant.forenames} ${tenant.surname}`;
    const body = formBody(request.body);
    const values = keepValues(body, ['password', 'confirm', 'securityPassword']);
    const { errors, form } = readAccountForm(body, [...tenant.forenames.split(/\s+/), tenant.surname]);
    if (!form) return showAccount(reply.code(400), name, values, errors);

    const result = await service.complete(verified, tenant, form, requestContext(request));
    if (!result.ok && result.reason === 'email_taken') {
      errors.add('email', 'There is already an account with this email address. Enter a different email address');
      return showAccount(reply.code(400), name, values, errors);
    }
    if (!result.ok && result.reason === 'code_unusable') {
      request.session.unset(VERIFIED);
      return showCode(reply.code(400), {}, errors.add('form', MISMATCH, '#dob-day'));
    }
    let accountId: number;
    if (result.ok) accountId = result.accountId;
    else if (result.reason === 'registered') {
      // The same form sent twice (a double click): the first made the account, and whoever
      // knows its new password is its owner, so the second is signed in as well.
      const same = result.account.email === form.email && (await deps.hasher.verify(result.account.passwordHash, form.password));
      if (!same) {
        request.session.unset(VERIFIED);
        return reply.redirect('/register/already-registered', 303);
      }
      accountId = result.account.id;
    } else throw new Error(`unexpected registration result ${result.reason}`);
    await deps.sessions.signIn(request.session, accountId, false);
    deps.csrf.rotate(reply);
    request.session.set('flash', 'Registration successful');
    return reply.redirect('/dashboard', 303);
  });
}
