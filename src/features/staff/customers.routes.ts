import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { FormErrors, formBody } from '../../lib/forms.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { idParam } from '../../lib/ids.ts';
import { requestContext } from '../../plugins/auth.ts';
import { CustomersService, type AccountAction } from './customers.service.ts';
import { requireStaff } from './staff-guard.ts';

const ACTIONS: Record<AccountAction, string> = {
  unlock: 'Sign-in delays cleared',
  end_sessions: 'Signed out everywhere',
  disable: 'Portal account disabled and signed out everywhere',
  enable: 'Portal account enabled',
};

const RESET_REFUSED = {
  no_email: 'This portal account has no email address, so a password reset cannot be sent to it',
  disabled: 'This portal account is disabled. Enable it before sending a password reset',
};

export async function customersRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const service = new CustomersService(opts.deps);
  const anyStaff = { preHandler: requireStaff('customer_services', 'income', 'repairs') };
  const accountStaff = { preHandler: requireStaff('customer_services') };

  app.get('/customers', anyStaff, async (request, reply) => {
    const query = formBody(request.query);
    const q = (query.q ?? '').trim();
    const reason = (query.reason ?? '').trim();
    const errors = new FormErrors();
    if ('q' in query && q.length < 2) errors.add('q', 'Enter at least 2 characters: a name, agreement reference, address, postcode, email or phone number');
    if (q.length > 100) errors.add('q', 'Search must be 100 characters or fewer');
    if (reason.length > 200) errors.add('reason', 'Reason must be 200 characters or fewer');
    const results = errors.empty && q ? await service.search(q) : null;
    if (!errors.empty) reply.code(400);
    const suffix = reason ? `?reason=${encodeURIComponent(reason)}` : '';
    return reply.page('staff/views/customers.njk', { title: 'Find a customer', values: query, results, suffix, errors: errors.empty ? undefined : errors.view(), wide: true });
  });

  const showCustomer = async (request: FastifyRequest, reply: FastifyReply, personId: number, errors?: FormErrors) => {
    const reason = formBody(request.query).reason?.trim() || null;
    const customer = await service.view(request.staff!, personId, reason, requestContext(request));
    if (!customer) throw notFound();
    const canAct = ['customer_services', 'administrator'].includes(request.staff!.role);
    // Income staff may not open the repairs pages, so they see the references without links.
    const canSeeRepairs = request.staff!.role !== 'income';
    return reply.page('staff/views/customer.njk', { title: `${customer.forenames} ${customer.surname}`, customer, canAct, canSeeRepairs, wide: true, backLink: '/staff/customers', errors: errors?.view() });
  };

  app.get('/customers/:personId', anyStaff, async (request, reply) => showCustomer(request, reply, idParam((request.params as { personId: string }).personId)));

  app.post('/customers/:personId/account', accountStaff, async (request, reply) => {
    const personId = idParam((request.params as { personId: string }).personId);
    const action = formBody(request.body).action as AccountAction;
    if (!Object.hasOwn(ACTIONS, action)) throw new HttpError(400, 'bad_request', 'Choose one of the account actions on the customer’s page.');
    const result = await service.accountAction(request.staff!, personId, action, requestContext(request));
    if (result === 'no_account') throw notFound();
    request.session.set('flash', ACTIONS[action]);
    return reply.redirect(`/staff/customers/${personId}`, 303);
  });

  app.post('/customers/:personId/password-reset', accountStaff, async (request, reply) => {
    const personId = idParam((request.params as { personId: string }).personId);
    const outcome = await service.sendPasswordReset(request.staff!, personId, requestContext(request));
    if ('refused' in outcome) {
      if (outcome.refused === 'no_account') throw notFound();
      const errors = new FormErrors();
      errors.add('password-reset', RESET_REFUSED[outcome.refused]);
      return showCustomer(request, reply.code(400), personId, errors);
    }
    request.session.set('flash', `Password reset link sent to ${outcome.sentTo}`);
    return reply.redirect(`/staff/customers/${personId}`, 303);
  });
}
