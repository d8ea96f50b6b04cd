import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StaffRole } from '../../src/features/staff/staff-roles.ts';
import { Agent } from '../helpers/agent.ts';
import { createAccount, createHousehold } from '../helpers/factories.ts';
import { signedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

type Who = StaffRole | 'tenant' | 'nobody';
const ALL_STAFF: StaffRole[] = ['administrator', 'customer_services', 'repairs', 'income'];
const PUBLIC = 'public';

/**
 * Every back-office route and who may use it. A role not listed gets 403; a tenant or nobody is
 * sent to the staff sign-in. Public routes are the sign-in steps themselves.
 */
const MATRIX: Array<{ method: string; url: string; allowed: StaffRole[] | typeof PUBLIC }> = [
  { method: 'GET', url: '/staff', allowed: ALL_STAFF },
  { method: 'GET', url: '/staff/sign-in', allowed: PUBLIC },
  { method: 'POST', url: '/staff/sign-in', allowed: PUBLIC },
  { method: 'GET', url: '/staff/sign-in/code', allowed: PUBLIC },
  { method: 'POST', url: '/staff/sign-in/code', allowed: PUBLIC },
  { method: 'GET', url: '/staff/sign-in/set-up', allowed: PUBLIC },
  { method: 'POST', url: '/staff/sign-in/set-up', allowed: PUBLIC },
  { method: 'GET', url: '/staff/recovery-codes', allowed: PUBLIC },
  { method: 'POST', url: '/staff/sign-out', allowed: PUBLIC },
  { method: 'GET', url: '/staff/invitation/:token', allowed: PUBLIC },
  { method: 'POST', url: '/staff/invitation/:token', allowed: PUBLIC },
  { method: 'GET', url: '/staff/users', allowed: ['administrator'] },
  { method: 'GET', url: '/staff/users/invite', allowed: ['administrator'] },
  { method: 'POST', url: '/staff/users/invite', allowed: ['administrator'] },
  { method: 'GET', url: '/staff/users/:id', allowed: ['administrator'] },
  { method: 'POST', url: '/staff/users/:id/role', allowed: ['administrator'] },
  { method: 'POST', url: '/staff/users/:id/status', allowed: ['administrator'] },
  { method: 'GET', url: '/staff/audit', allowed: ['administrator'] },
  { method: 'GET', url: '/staff/customers', allowed: ALL_STAFF },
  { method: 'GET', url: '/staff/customers/:personId', allowed: ALL_STAFF },
  { method: 'POST', url: '/staff/customers/:personId/account', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/customers/:personId/password-reset', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/customers/:personId/activation-code', allowed: ['administrator', 'customer_services'] },
  { method: 'GET', url: '/staff/letters', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/letters/download', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/letters/posted', allowed: ['administrator', 'customer_services'] },
  { method: 'GET', url: '/staff/letters/:id/pdf', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/letters/bulk-issue', allowed: ['administrator', 'customer_services'] },
  { method: 'GET', url: '/staff/requests', allowed: ['administrator', 'customer_services'] },
  { method: 'GET', url: '/staff/requests/:id', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/requests/:id/assign', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/requests/:id/notes', allowed: ['administrator', 'customer_services'] },
  { method: 'POST', url: '/staff/requests/:id/resolve', allowed: ['administrator', 'customer_services'] },
  // Repairs: customer services may look (they take the tenants' calls); the repairs team acts.
  { method: 'GET', url: '/staff/repairs', allowed: ['administrator', 'repairs', 'customer_services'] },
  { method: 'GET', url: '/staff/repairs/:id', allowed: ['administrator', 'repairs', 'customer_services'] },
  { method: 'GET', url: '/staff/repairs/:id/photos/:photoId', allowed: ['administrator', 'repairs', 'customer_services'] },
  { method: 'GET', url: '/staff/repairs/:id/status', allowed: ['administrator', 'repairs'] },
  { method: 'POST', url: '/staff/repairs/:id/status', allowed: ['administrator', 'repairs'] },
  { method: 'GET', url: '/staff/repairs/:id/priority', allowed: ['administrator', 'repairs'] },
  { method: 'POST', url: '/staff/repairs/:id/priority', allowed: ['administrator', 'repairs'] },
  { method: 'GET', url: '/staff/repairs/:id/work-orders/new', allowed: ['administrator', 'repairs'] },
  { method: 'POST', url: '/staff/repairs/:id/work-orders', allowed: ['administrator', 'repairs'] },
  { method: 'GET', url: '/staff/repairs/:id/work-orders/:workOrderId', allowed: ['administrator', 'repairs'] },
  { method: 'POST', url: '/staff/repairs/:id/work-orders/:workOrderId', allowed: ['administrator', 'repairs'] },
  { method: 'POST', url: '/staff/repairs/:id/notes', allowed: ['administrator', 'repairs'] },
];

describe('staff role matrix: every back-office route × every role, a tenant and nobody', { skip }, () => {
  let t: TestApp;
  const agents = new Map<Who, Agent>();
  before(async () => {
    t = await createTestApp();
    for (const role of ALL_STAFF) agents.set(role, (await signedInStaff(t, role)).agent);
    const household = await createHousehold(t.app.deps);
    const account = await createAccount(t.app.deps, household.people[0].personId);
    const tenant = new Agent(t.app);
    await tenant.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
    agents.set('tenant', tenant);
    const nobody = new Agent(t.app);
    await nobody.get('/sign-in');
    agents.set('nobody', nobody);
  });
  after(() => t.close());

  test('the matrix names every /staff route there is', () => {
    const registered = t.app.routeList.filter((r) => r.url.startsWith('/staff')).map((r) => `${r.method} ${r.url.replace(/\/$/, '')}`);
    const listed = MATRIX.map((m) => `${m.method} ${m.url}`);
    assert.deepEqual([...new Set(registered)].sort(), [...listed].sort());
  });

  for (const who of [...ALL_STAFF, 'tenant', 'nobody'] as Who[]) {
    test(`as ${who}`, async () => {
      const agent = agents.get(who)!;
      const wrong: string[] = [];
      for (const route of MATRIX.filter((m) => m.allowed !== PUBLIC)) {
        // Ids that exist nowhere: an allowed role gets past the guard to a 404 (or a form error).
        const url = route.url.replace(':personId', '999999').replace(':id', '999999');
        const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url, {}, { from: who === 'nobody' ? '/sign-in' : who === 'tenant' ? '/dashboard' : '/staff' });
        const allowed = (route.allowed as StaffRole[]).includes(who as StaffRole) || who === 'administrator';
        const ok = allowed
          ? res.statusCode !== 403 && !(res.statusCode === 303 && res.headers.location === '/staff/sign-in')
          : who === 'tenant' || who === 'nobody'
            ? res.statusCode === 303 && res.headers.location === '/staff/sign-in'
            : res.statusCode === 403 && /Your role does not allow you to do this/.test(res.body);
        if (!ok) wrong.push(`${route.method} ${url} → ${res.statusCode} ${res.headers.location ?? ''}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
