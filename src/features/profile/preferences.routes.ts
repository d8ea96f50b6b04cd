import type { FastifyInstance } from 'fastify';
import { FormErrors, formBody, keepValues } from '../../lib/forms.ts';
import { requestContext } from '../../plugins/auth.ts';
import type { AccountSecurityService } from './account-security.service.ts';
import type { AccountSettings } from './account-settings.repository.ts';
import { parseUsername, USERNAME_MAX, USERNAME_MIN } from './profile.schemas.ts';
import { ownAccount } from './reauth.ts';

const PAGE = 'profile/views/preferences.njk';

/** Self Service Preferences (seed 004): how we contact the tenant, and their username. */
export async function preferencesRoutes(app: FastifyInstance, opts: { security: AccountSecurityService }): Promise<void> {
  const { security } = opts;

  const model = (account: AccountSettings, values: Record<string, string>, errors?: FormErrors) => ({
    title: 'Self Service Preferences',
    backLink: '/profile',
    settings: { username: account.username, email: account.email },
    usernameMin: USERNAME_MIN,
    usernameMax: USERNAME_MAX,
    values: { preferredContact: account.preferredContact, username: account.username, ...values },
    errors: errors?.view(),
  });

  app.get('/profile/preferences', async (request, reply) => {
    const account = await ownAccount(security, request);
    return reply.page(PAGE, model(account, {}));
  });

  app.post('/profile/preferences', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const preferred = body.preferredContact;
    if (preferred !== 'email' && preferred !== 'letter') errors.add('preferredContact', 'Select how you would like us to contact you');
    else if (preferred === 'email' && !account.email) errors.add('preferredContact', 'Add an account email before choosing email, or choose letter');
    if (!errors.empty) return reply.code(400).page(PAGE, model(account, { preferredContact: preferred ?? '' }, errors));
    const changed = await security.changePreferredContact(account, preferred as 'email' | 'letter', requestContext(request));
    request.session.set('flash', changed ? `We will now contact you by ${preferred}` : `No change: we already contact you by ${preferred}`);
    return reply.redirect('/profile/preferences', 303);
  });

  app.post('/profile/preferences/username', async (request, reply) => {
    const account = await ownAccount(security, request);
    const body = formBody(request.body);
    const errors = new FormErrors();
    const username = parseUsername(body, errors);
    const rerender = () => reply.code(400).page(PAGE, model(account, keepValues({ username: body.username ?? '' }), errors));
    if (!username) return rerender();
    const result = await security.changeUsername(account, username, requestContext(request));
    if (result === 'taken') {
      errors.add('username', 'That username is already taken. Choose a different one');
      return rerender();
    }
    request.session.set('flash', result === 'changed' ? `Your username is now ${username}` : `No change: your username is already ${username}`);
    return reply.redirect('/profile/preferences', 303);
  });
}
