import type { Deps } from '../../src/deps.ts';

let counter = 0;
const next = () => ++counter;

export interface Household {
  propertyId: number;
  agreementId: number;
  agreementReference: string;
  people: Array<{ personId: number; forenames: string; surname: string; dateOfBirth: string; email: string | null }>;
}

/** A property, a current agreement and its tenants (the first is the lead), with contact details. */
export async function createHousehold(
  deps: Deps,
  options: { members?: Array<{ forenames?: string; surname?: string; dateOfBirth?: string; email?: string | null }>; parentId?: number } = {},
): Promise<Household> {
  const n = next();
  const now = deps.clock.now().toISOString();
  const property = await deps.db
    .insertInto('properties')
    .values({ kind: options.parentId ? 'flat' : 'house', address_line1: `${n} Test Street`, address_line2: null, town: 'Northbridge', county: null, postcode: 'NB1 1AA', uprn: null, parent_id: options.parentId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reference = String(70000000 + n * 11 + Math.floor(Math.random() * 10));
  const agreement = await deps.db
    .insertInto('agreements')
    .values({ reference, type: 'Assured tenancy', status: 'current', property_id: property.id, start_date: '2020-04-01', end_date: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people: Household['people'] = [];
  const members = options.members ?? [{}];
  for (const [i, m] of members.entries()) {
    const forenames = m.forenames ?? `Test${n}`;
    const surname = m.surname ?? `Person${i}`;
    const dateOfBirth = m.dateOfBirth ?? '1980-05-17';
    const email = m.email === undefined ? `test${n}.${i}@example.com` : m.email;
    const person = await deps.db.insertInto('people').values({ title: 'Mx', forenames, surname, date_of_birth: dateOfBirth, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await deps.db.insertInto('agreement_members').values({ agreement_id: agreement.id, person_id: person.id, role: i === 0 ? 'lead' : 'joint' }).execute();
    if (email) await deps.db.insertInto('contact_details').values({ person_id: person.id, method: 'email', value: email, start_date: '2020-04-01', end_date: null, created_at: now, updated_at: now }).execute();
    people.push({ personId: person.id, forenames, surname, dateOfBirth, email });
  }
  return { propertyId: property.id, agreementId: agreement.id, agreementReference: reference, people };
}

export interface TestAccount {
  accountId: number;
  personId: number;
  email: string;
  username: string;
  password: string;
}

export const TEST_PASSWORD = 'quiet-meadow-lantern-77';

export async function createAccount(
  deps: Deps,
  personId: number,
  options: { email?: string; username?: string; password?: string; mustChangePassword?: boolean; secretAnswer?: string; securityPassword?: string } = {},
): Promise<TestAccount> {
  const n = next();
  const email = (options.email ?? `account${n}@example.com`).toLowerCase();
  const username = options.username ?? `user${n}`;
  const password = options.password ?? TEST_PASSWORD;
  const row = await deps.db
    .insertInto('accounts')
    .values({
      person_id: personId,
      username,
      email,
      password_hash: await deps.hasher.hash(password),
      must_change_password: options.mustChangePassword ? 1 : 0,
      secret_question: 'What was the name of your first pet?',
      secret_answer_hash: await deps.hasher.hash(options.secretAnswer ?? 'rover'),
      security_password_hash: await deps.hasher.hash(options.securityPassword ?? 'bluebell'),
      preferred_contact: 'email',
      status: 'active',
      created_at: deps.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { accountId: row.id, personId, email, username, password };
}

/**
 * Another current tenancy for people who already have one (a garage, a second flat): a property of
 * its own and a current agreement with them as its members, the first the lead.
 */
export async function addHome(deps: Deps, personIds: number[], options: { parentId?: number; startDate?: string } = {}): Promise<{ propertyId: number; agreementId: number; agreementReference: string; address: string }> {
  const n = next();
  const line1 = `${n} Second Street`;
  const property = await deps.db
    .insertInto('properties')
    .values({ kind: options.parentId ? 'flat' : 'house', address_line1: line1, address_line2: null, town: 'Northbridge', county: null, postcode: 'NB2 2BB', uprn: null, parent_id: options.parentId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reference = String(80000000 + n * 11 + Math.floor(Math.random() * 10));
  const agreement = await deps.db
    .insertInto('agreements')
    .values({ reference, type: 'Assured tenancy', status: 'current', property_id: property.id, start_date: options.startDate ?? '2019-01-01', end_date: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, personId] of personIds.entries()) await deps.db.insertInto('agreement_members').values({ agreement_id: agreement.id, person_id: personId, role: i === 0 ? 'lead' : 'joint' }).execute();
  return { propertyId: property.id, agreementId: agreement.id, agreementReference: reference, address: `${line1}, Northbridge, NB2 2BB` };
}

/** A block of flats, for homes made with `parentId` (communal repairs reach every home in it). */
export async function createBlock(deps: Deps, name: string): Promise<number> {
  const block = await deps.db
    .insertInto('properties')
    .values({ kind: 'block', address_line1: name, address_line2: null, town: 'Northbridge', county: null, postcode: 'NB1 2AA', uprn: null, parent_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return block.id;
}
