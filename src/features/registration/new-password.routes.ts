import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { requestContext, requireTenant } from '../../plugins/auth.ts';
import { readNewPasswordForm } from './registration.forms.ts';
import { TemporaryPasswordService } from './temporary-password.service.ts';
import { usernameProblem } from './usernames.ts';

/** After signing in with a temporary password, nothing else opens until the tenant chooses their own. */
export async function newPasswordRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new TemporaryPasswordService(opts.deps);
  const route = { preHandler: requireTenant, config: { allowTemporaryPassword: true } };

  const show = (reply: FastifyReply, currentUsername: string, values: FormBody = {}, errors?: FormErrors) =>
    reply.page('registration/views/new-password.njk', { title: 'Choose your own password', currentUsername, values, errors: errors?.view(), sideNav: null });

  app.get('/password/new', route, async (request, reply) => {
    const account = request.account!;
    if (!account.mustChangePassword) return reply.redirect('/dashboard', 303);
    return show(reply, account.username);
  });

  app.post('/password/new', route, async (request, reply) => {
    const account = request.account!;
    if (!account.mustChangePassword) return reply.redirect('/dashboard', 303);
    const body = formBody(request.body);
    const values = keepValues(body, ['password', 'confirm']);
    const { errors, form } = readNewPasswordForm(body, [...account.forenames.split(/\s+/), account.surname, account.username], usernameProblem);
    if (!form) return show(reply.code(400), account.username, values, errors);
    const result = await service.replace(account, form, request.session.idHash, requestContext(request));
    if (!result.ok && result.reason === 'same_as_temporary') {
      errors.add('password', 'Your new password must be different from your temporary password');
      return show(reply.code(400), account.username, values, errors);
    }
    if (!result.ok && result.reason === 'username_taken') {
      errors.add('username', 'That username is already taken. Choose a different one, or leave this empty to keep yours');
      return show(reply.code(400), account.username, values, errors);
    }
    if (result.ok) request.session.set('flash', result.usernameChanged ? 'Your new password and username are saved' : 'Your new password is saved');
    return reply.redirect('/dashboard', 303);
  });
}
