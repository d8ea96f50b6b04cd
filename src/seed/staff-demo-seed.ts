import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { StaffRole } from '../features/staff/staff-roles.ts';
import type { Hasher } from '../lib/passwords.ts';

export const DEMO_STAFF_PASSWORD = 'ledger-orchid-canal-93';

const DEMO_STAFF: Array<{ email: string; name: string; role: StaffRole }> = [
  { email: 'admin@brookvale.example', name: 'Ada Adeyemi', role: 'administrator' },
  { email: 'customer.services@brookvale.example', name: 'Chris Carter', role: 'customer_services' },
  { email: 'repairs@brookvale.example', name: 'Rita Rowe', role: 'repairs' },
  { email: 'income@brookvale.example', name: 'Ian Iqbal', role: 'income' },
];

/** One member of staff per role; each sets up two-step sign-in at first sign-in. */
export async function seedDemoStaff(db: Kysely<Database>, hasher: Hasher, now: Date): Promise<string> {
  const hash = await hasher.hash(DEMO_STAFF_PASSWORD);
  await db
    .insertInto('staff_users')
    .values(DEMO_STAFF.map((s) => ({ email: s.email, name: s.name, role: s.role, password_hash: hash, status: 'active' as const, created_at: now.toISOString() })))
    .execute();
  return `Staff (at /staff/sign-in, password ${DEMO_STAFF_PASSWORD}; set up an authenticator app at first sign-in):\n${DEMO_STAFF.map((s) => `  ${s.role.padEnd(18)} ${s.email}`).join('\n')}`;
}
