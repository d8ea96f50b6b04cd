import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody, isEmail, keepValues } from '../../lib/forms.ts';
import { notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { passwordProblem } from '../../lib/passwords.ts';
import { requestContext } from '../../plugins/auth.ts';
import { StaffAdminService } from './staff-admin.service.ts';
import { requireStaff } from './staff-guard.ts';
import { STAFF_ROLES, isStaffRole, roleName } from './staff-roles.ts';

const V = 'staff/views/';

export async function staffAdminRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new StaffAdminService(opts.deps);
  const adminOnly = { preHandler: requireStaff('administrator') };

  app.get('/users', adminOnly, async (_request, reply) => {
    const staff = (await service.list()).map((s) => ({ ...s, roleName: roleName(s.role) }));
    return reply.page(`${V}users.njk`, { title: 'Staff', staffUsers: staff, wide: true });
  });

  app.get('/users/invite', adminOnly, async (_request, reply) => reply.page(`${V}invite.njk`, { title: 'Invite a member of staff', roles: STAFF_ROLES, values: {}, backLink: '/staff/users' }));

  app.post('/users/invite', adminOnly, async (request, reply) => {
    const body = formBody(request.body);
    const errors = new FormErrors();
    const name = (body.name ?? '').trim();
    const email = (body.email ?? '').trim().toLowerCase();
    if (!name) errors.add('name', 'Enter their full name');
    else if (name.length > 100) errors.add('name', 'Name must be 100 characters or fewer');
    if (!email) errors.add('email', 'Enter their work email address');
    else if (!isEmail(email)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');
    if (!isStaffRole(body.role)) errors.add('role', 'Select a role');
    if (errors.empty && isStaffRole(body.role)) {
      const result = await service.invite(request.staff!, { name, email, role: body.role }, requestContext(request));
      if (result.ok) {
        request.session.set('flash', `Invitation sent to ${email}`);
        return reply.redirect('/staff/users', 303);
      }
      errors.add('email', 'There is already a member of staff with that email address');
    }
    return reply.code(400).page(`${V}invite.njk`, { title: 'Invite a member of staff', roles: STAFF_ROLES, values: keepValues(body), errors: errors.view(), backLink: '/staff/users' });
  });

  app.get('/users/:id', adminOnly, async (request, reply) => {
    const target = await service.find(idParam((request.params as { id: string }).id));
    if (!target) throw notFound();
    return reply.page(`${V}user.njk`, { title: target.name, target: { ...target, roleName: roleName(target.role) }, roles: STAFF_ROLES, isSelf: target.id === request.staff!.id, backLink: '/staff/users' });
  });

  app.post('/users/:id/role', adminOnly, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const target = await service.find(id);
    if (!target) throw notFound();
    const role = formBody(request.body).role;
    if (!isStaffRole(role) || id === request.staff!.id) {
      const errors = new FormErrors().add('role', id === request.staff!.id ? 'You cannot change your own role. Ask another administrator' : 'Select a role');
      return reply.code(400).page(`${V}user.njk`, { title: target.name, target: { ...target, roleName: roleName(target.role) }, roles: STAFF_ROLES, isSelf: id === request.staff!.id, errors: errors.view(), backLink: '/staff/users' });
    }
    await service.changeRole(request.staff!, id, role, requestContext(request));
    request.session.set('flash', `${target.name} is now ${roleName(role).toLowerCase()}`);
    return reply.redirect(`/staff/users/${id}`, 303);
  });

  app.post('/users/:id/status', adminOnly, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const target = await service.find(id);
    if (!target) throw notFound();
    if (id === request.staff!.id) {
      const errors = new FormErrors().add('status', 'You cannot disable your own account');
      return reply.code(400).page(`${V}user.njk`, { title: target.name, target: { ...target, roleName: roleName(target.role) }, roles: STAFF_ROLES, isSelf: true, errors: errors.view(), backLink: '/staff/users' });
    }
    const disable = formBody(request.body).action === 'disable';
    await service.setDisabled(request.staff!, id, disable, requestContext(request));
    request.session.set('flash', disable ? `${target.name} is disabled and signed out everywhere` : `${target.name} is enabled`);
    return reply.redirect(`/staff/users/${id}`, 303);
  });

  app.get('/invitation/:token', async (request, reply) => {
    const invited = await service.invitation((request.params as { token: string }).token);
    if (!invited) return reply.code(404).page(`${V}invitation-expired.njk`, { title: 'This invitation has expired or has been used' });
    return reply.page(`${V}invitation.njk`, { title: 'Choose your password', invited });
  });

  app.post('/invitation/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const invited = await service.invitation(token);
    if (!invited) return reply.code(404).page(`${V}invitation-expired.njk`, { title: 'This invitation has expired or has been used' });
    const body = formBody(request.body);
    const errors = new FormErrors();
    const problem = passwordProblem(body.password ?? '', [invited.name, ...invited.name.split(/\s+/), invited.email.split('@')[0]]);
    if (problem) errors.add('password', problem);
    else if (body.password !== body.confirm) errors.add('confirm', 'The passwords do not match');
    if (errors.empty) {
      const result = await service.acceptInvitation(token, body.password, requestContext(request));
      if (result.ok) {
        request.session.set('staffPending', { staffId: result.staffId, until: opts.deps.clock.now().getTime() + 10 * 60_000 });
        return reply.redirect('/staff/sign-in/set-up', 303);
      }
    }
    return reply.code(400).page(`${V}invitation.njk`, { title: 'Choose your password', invited, errors: errors.view() });
  });
}
