import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordAudit } from '../../src/lib/audit.ts';
import { errorSummary } from '../helpers/agent.ts';
import { signedInStaff, type SignedInStaff } from '../helpers/staff.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('audit log viewer', { skip }, () => {
  let t: TestApp;
  let admin: SignedInStaff;
  before(async () => {
    t = await createTestApp();
    admin = await signedInStaff(t, 'administrator');
    for (let i = 0; i < 60; i++) {
      await recordAudit(t.app.deps.db, new Date(Date.UTC(2026, 10, 1 + (i % 20))), { actorType: 'tenant', actorId: 7, personId: null, action: i % 2 ? 'signed_in' : 'password_changed', detail: { n: i, note: '<script>x</script>' } });
    }
  });
  after(() => t.close());

  test('newest first, 50 a page, keyset "Older entries" with no repeats', async () => {
    const first = await admin.agent.get('/staff/audit?actorType=tenant');
    assert.equal(first.statusCode, 200);
    const ids = (body: string) => [...body.matchAll(/&quot;n&quot;:(\d+)/g)].map((m) => Number(m[1]));
    const page1 = ids(first.body);
    assert.equal(page1.length, 50);
    assert.equal(page1[0], 59);
    const next = /href="(\/staff\/audit\?[^"]+)">Older entries/.exec(first.body)![1].replace(/&amp;/g, '&');
    const page2 = ids((await admin.agent.get(next)).body);
    assert.equal(page2.length, 10);
    assert.deepEqual([...page1, ...page2], Array.from({ length: 60 }, (_, i) => 59 - i));
  });

  test('filters by action and date; HTML in details is escaped', async () => {
    const res = await admin.agent.get('/staff/audit?action=password_changed&from=2026-11-01&to=2026-11-01');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script>x<\/script>/);
    assert.match(res.body, /&lt;script&gt;/);
    const count = [...res.body.matchAll(/&quot;n&quot;:(\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(count, [40, 20, 0]);
  });

  test('bad filters get specific messages and a 400', async () => {
    const res = await admin.agent.get('/staff/audit?actorType=robot&personId=abc&from=2026-13-45&to=yesterday');
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), ['Select who did it from the list', 'Person number must be a number, like 1042', 'From date must be a real date, like 2026-11-23', 'To date must be a real date, like 2026-11-23']);
    const backwards = await admin.agent.get('/staff/audit?from=2026-11-10&to=2026-11-01');
    assert.deepEqual(errorSummary(backwards.body), ['To date must be the same as or after the from date']);
  });

  test('only administrators see it', async () => {
    for (const role of ['customer_services', 'repairs', 'income'] as const) {
      const staff = await signedInStaff(t, role);
      assert.equal((await staff.agent.get('/staff/audit')).statusCode, 403);
    }
  });
});
