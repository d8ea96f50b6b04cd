import { totpCode } from '../../src/lib/totp.ts';
import { StaffAuthService } from '../../src/features/staff/staff-auth.service.ts';
import type { StaffRole } from '../../src/features/staff/staff-roles.ts';
import { Agent } from './agent.ts';
import type { TestApp } from './test-app.ts';

export const STAFF_PASSWORD = 'ledger-orchid-canal-93';

export interface SignedInStaff {
  agent: Agent;
  staffId: number;
  email: string;
  secret: string;
  recoveryCodes: string[];
}

let n = 0;

/** Creates a member of staff and signs them in through both steps, setting up TOTP on the way. */
export async function signedInStaff(t: TestApp, role: StaffRole): Promise<SignedInStaff> {
  const email = `staff${++n}.${role}@brookvale.example`;
  const staffId = await new StaffAuthService(t.app.deps).createStaff({ email, name: `Staff ${n}`, role, password: STAFF_PASSWORD });
  const agent = new Agent(t.app);
  const first = await agent.post('/staff/sign-in', { email, password: STAFF_PASSWORD }, { from: '/staff/sign-in' });
  if (first.headers.location !== '/staff/sign-in/set-up') throw new Error(`unexpected ${first.statusCode} ${first.headers.location}`);
  const page = await agent.get('/staff/sign-in/set-up');
  const secret = /id="totp-key">([A-Z2-7 ]+)</.exec(page.body)![1].replace(/ /g, '');
  const done = await agent.post('/staff/sign-in/set-up', { code: totpCode(secret, t.clock.now()) });
  if (done.headers.location !== '/staff/recovery-codes') throw new Error(`set-up failed: ${done.statusCode}`);
  const codesPage = await agent.get('/staff/recovery-codes');
  const recoveryCodes = [...codesPage.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  return { agent, staffId, email, secret, recoveryCodes };
}
