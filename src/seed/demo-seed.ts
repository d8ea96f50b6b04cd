import type { Kysely } from 'kysely';
import type { Landlord } from '../config.ts';
import type { Database } from '../db/database.ts';
import { issueActivationCode } from '../features/registration/activation-codes.ts';
import type { Hasher } from '../lib/passwords.ts';
import { seedMoneyDemo } from './money-demo-seed.ts';
import { seedRepairsDemo } from './repairs-demo-seed.ts';
import { AGREEMENT_TYPES, COUNTY, FORENAMES, STREETS, SURNAMES, TITLES, TOWN, prng } from './demo-data.ts';

export const DEMO_PASSWORD = 'kettle-harbour-lantern-42';

export interface DemoPerson {
  name: string;
  dateOfBirth: string;
  agreementReference: string;
}

export interface DemoSeedResult {
  households: number;
  people: number;
  signIn: { email: string; username: string; password: string; name: string };
  activation: DemoPerson & { code: string; expiresAt: string };
  /** Someone with an email on record and no account: for "register without a code". */
  withoutCode: DemoPerson & { emailOnRecord: string };
}

interface SeedDeps {
  db: Kysely<Database>;
  hasher: Hasher;
  now: Date;
  landlord: Landlord;
}

export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The demo landlord: 36 households (a block of twelve flats, the rest houses), a joint tenancy in
 * every fourth, one former tenancy, one registered tenant and one unused activation code.
 */
export async function seedDemo({ db, hasher, now, landlord }: SeedDeps, households = 36): Promise<DemoSeedResult> {
  const random = prng(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const nowIso = now.toISOString();
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const people: Array<DemoPerson & { personId: number; agreementId: number; email: string | null }> = [];

  await db.transaction().execute(async (trx) => {
    const block = await trx
      .insertInto('properties')
      .values({ kind: 'block', address_line1: 'Beacon Court', address_line2: '1 Beacon Rise', town: TOWN, county: COUNTY, postcode: 'NB4 7QT', uprn: '900000000001', parent_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (let h = 0; h < households; h++) {
      const inBlock = h < 12;
      const property = await trx
        .insertInto('properties')
        .values(
          inBlock
            ? { kind: 'flat', address_line1: `Flat ${h + 1}, Beacon Court`, address_line2: '1 Beacon Rise', town: TOWN, county: COUNTY, postcode: 'NB4 7QT', uprn: `9000000001${pad(h + 1)}`, parent_id: block.id }
            : { kind: 'house', address_line1: `${h * 3 + 2} ${STREETS[h % STREETS.length]}`, address_line2: null, town: TOWN, county: COUNTY, postcode: `NB${1 + (h % 6)} ${1 + (h % 9)}${'ABDEFGHJ'[h % 8]}${'LNPQRSTU'[(h * 3) % 8]}`, uprn: `9000000002${pad(h)}`, parent_id: null },
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      const startYear = 2008 + (h % 15);
      const agreement = await trx
        .insertInto('agreements')
        .values({ reference: String(40010000 + h * 137), type: pick(AGREEMENT_TYPES), status: 'current', property_id: property.id, start_date: `${startYear}-${pad(1 + (h % 12))}-${pad(1 + (h % 27))}`, end_date: null })
        .returning('id')
        .executeTakeFirstOrThrow();

      const members = h % 4 === 1 ? 2 : 1;
      const surname = SURNAMES[h % SURNAMES.length];
      for (let m = 0; m < members; m++) {
        const forenames = FORENAMES[(h * 5 + m * 7) % FORENAMES.length];
        const dob = `${1950 + Math.floor(random() * 50)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
        const person = await trx
          .insertInto('people')
          .values({ title: pick(TITLES), forenames, surname, date_of_birth: dob, created_at: nowIso })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('agreement_members').values({ agreement_id: agreement.id, person_id: person.id, role: m === 0 ? 'lead' : 'joint' }).execute();
        const email = h % 3 !== 2 ? `${forenames}.${surname}${h}@example.com`.toLowerCase() : null;
        await trx.insertInto('contact_details').values({ person_id: person.id, method: 'mobile_phone', value: `07700 900${String(100 + h * 2 + m).padStart(3, '0')}`, start_date: `${startYear}-01-01`, end_date: null, created_at: nowIso, updated_at: nowIso }).execute();
        if (email) await trx.insertInto('contact_details').values({ person_id: person.id, method: 'email', value: email, start_date: `${startYear}-01-01`, end_date: null, created_at: nowIso, updated_at: nowIso }).execute();
        people.push({ personId: person.id, agreementId: agreement.id, name: `${forenames} ${surname}`, dateOfBirth: dob, agreementReference: String(40010000 + h * 137), email });
      }

      // One household moved here from another of our homes: its former tenancy stays on record.
      if (h === 5) {
        const old = await trx
          .insertInto('properties')
          .values({ kind: 'house', address_line1: '7 Foundry Row', address_line2: null, town: TOWN, county: COUNTY, postcode: 'NB2 3FR', uprn: '900000000399', parent_id: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        const former = await trx
          .insertInto('agreements')
          .values({ reference: '39990042', type: 'Assured tenancy', status: 'former', property_id: old.id, start_date: '2004-06-01', end_date: `${startYear}-${pad(1 + (h % 12))}-${pad(h % 27)}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('agreement_members').values({ agreement_id: former.id, person_id: people[people.length - 1].personId, role: 'lead' }).execute();
      }
    }

    const first = people[0];
    await trx
      .insertInto('accounts')
      .values({ person_id: first.personId, username: 'alex.morgan', email: first.email ?? 'alex.morgan@example.com', password_hash: passwordHash, must_change_password: 0, secret_question: 'What was the name of your first school?', secret_answer_hash: await hasher.hash('hillside'), security_password_hash: await hasher.hash('bluebell'), preferred_contact: 'email', status: 'active', created_at: nowIso })
      .execute();
  });

  const codeFor = people[2];
  const issued = await issueActivationCode(db, hasher, now, codeFor.personId, codeFor.agreementId, landlord.activationCodeDays);
  const noCode = people.find((p, i) => i > 3 && p.email)!;
  const registered = people[0];
  await seedMoneyDemo({ db, now, demoPersonId: registered.personId });
  await seedRepairsDemo({ db, now, nation: landlord.nation, demoPersonId: registered.personId });
  return {
    households,
    people: people.length,
    signIn: { email: registered.email ?? 'alex.morgan@example.com', username: 'alex.morgan', password: DEMO_PASSWORD, name: registered.name },
    activation: { name: codeFor.name, dateOfBirth: codeFor.dateOfBirth, agreementReference: codeFor.agreementReference, code: issued.code, expiresAt: issued.expiresAt },
    withoutCode: { name: noCode.name, dateOfBirth: noCode.dateOfBirth, agreementReference: noCode.agreementReference, emailOnRecord: noCode.email! },
  };
}

export function describeSeed(r: DemoSeedResult): string {
  return [
    `Seeded a demo landlord: ${r.households} households, ${r.people} people.`,
    `Sign in:   ${r.signIn.email} (or username ${r.signIn.username}) / password ${r.signIn.password}`,
    `Register with a code:  ${r.activation.name}, born ${r.activation.dateOfBirth}, agreement ${r.activation.agreementReference}, code ${r.activation.code}`,
    `Register without a code:  ${r.withoutCode.name}, born ${r.withoutCode.dateOfBirth}, agreement ${r.withoutCode.agreementReference} (email on record ${r.withoutCode.emailOnRecord})`,
  ].join('\n');
}
