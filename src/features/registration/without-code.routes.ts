import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { isoDate } from '../../lib/working-days.ts';
import { requestContext } from '../../plugins/auth.ts';
import { readWithoutCodeForm } from './registration.forms.ts';
import { WithoutCodeService } from './without-code.service.ts';

const SENT = 'registrationSent';

/** Registration without a code: who you are, then one neutral answer whatever we found. */
export async function withoutCodeRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  const service = new WithoutCodeService(deps);

  const showForm = (reply: FastifyReply, values: FormBody = {}, errors?: FormErrors) =>
    reply.page('registration/views/without-code.njk', { title: 'Register without an activation code', values, errors: errors?.view(), postingDays: deps.config.landlord.letterPostingWorkingDays, backLink: '/register' });

  app.get('/register/without-code', async (request, reply) => {
    if (request.account) return reply.redirect('/dashboard', 303);
    return showForm(reply);
  });

  app.post('/register/without-code', async (request, reply) => {
    const body = formBody(request.body);
    const values = keepValues(body);
    const { errors, form } = readWithoutCodeForm(body, isoDate(deps.clock.now()));
    if (!form) return showForm(reply.code(400), values, errors);
    const result = await service.register(form, requestContext(request));
    if (!result.ok) {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      reply.header('retry-after', String(result.retryAfterSeconds));
      return showForm(reply.code(429), values, errors.add('form', `There have been too many attempts to register. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again`, '#forenames'));
    }
    request.session.set(SENT, { contact: form.contact, postBy: result.postBy });
    return reply.redirect('/register/without-code/sent', 303);
  });

  app.get('/register/without-code/sent', async (request, reply) => {
    const sent = request.session.get<{ contact: 'email' | 'letter'; postBy: string }>(SENT);
    if (!sent) return reply.redirect('/register/without-code', 303);
    return reply.page('registration/views/without-code-sent.njk', { title: 'We have your request', ...sent });
  });
}
