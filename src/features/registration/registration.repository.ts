import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { MAX_CODE_ATTEMPTS } from './activation-codes.ts';
import type { AccountRecord } from '../accounts/accounts.repository.ts';

/** A member of a current agreement, as registration needs them. */
export interface Tenant {
  personId: number;
  agreementId: number;
  title: string | null;
  forenames: string;
  surname: string;
  dateOfBirth: string;
  reference: string;
  address: string[];
  hasAccount: boolean;
}

export interface CodeRecord {
  id: number;
  personId: number;
  agreementId: number;
  codeHash: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  failedAttempts: number;
}

/** An account as registration creates it: the stored account's fields, before it has an id or a sign-in. */
export type NewAccount = Omit<AccountRecord, 'id' | 'status' | 'lastSignInAt'> & { createdAt: string };

export class RegistrationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Members of the current agreement with this reference who were born on this date. */
  async tenantsByReferenceAndBirth(reference: string, dateOfBirth: string): Promise<Tenant[]> {
    const rows = await this.db
      .selectFrom('agreement_members as m')
      .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
      .innerJoin('properties as pr', 'pr.id', 'a.property_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .leftJoin('accounts as acc', 'acc.person_id', 'p.id')
      .select(['p.id as person_id', 'a.id as agreement_id', 'p.title', 'p.forenames', 'p.surname', 'p.date_of_birth', 'a.reference', 'pr.address_line1', 'pr.address_line2', 'pr.town', 'pr.county', 'pr.postcode', 'acc.id as account_id'])
      .where('a.reference', '=', reference)
      .where('a.status', '=', 'current')
      .where('p.date_of_birth', '=', dateOfBirth)
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      personId: r.person_id,
      agreementId: r.agreement_id,
      title: r.title,
      forenames: r.forenames,
      surname: r.surname,
      dateOfBirth: r.date_of_birth,
      reference: r.reference,
      address: [r.address_line1, r.address_line2, r.town, r.county, r.postcode].filter((x): x is string => Boolean(x)),
      hasAccount: r.account_id !== null,
    }));
  }

  async tenant(personId: number, agreementId: number): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('people').select('date_of_birth').where('id', '=', personId).executeTakeFirst();
    const ref = await this.db.selectFrom('agreements').select('reference').where('id', '=', agreementId).executeTakeFirst();
    if (!row || !ref) return undefined;
    return (await this.tenantsByReferenceAndBirth(ref.reference, row.date_of_birth)).find((t) => t.personId === personId);
  }

  /** Every code of these people on these agreements that was not replaced, newest first. */
  async allCodes(people: Array<{ personId: number; agreementId: number }>): Promise<CodeRecord[]> {
    if (!people.length) return [];
    const rows = await this.db
      .selectFrom('activation_codes')
      .select(['id', 'person_id', 'agreement_id', 'code_hash', 'expires_at', 'used_at', 'revoked_at', 'failed_attempts'])
      .where((eb) => eb.or(people.map((p) => eb.and([eb('person_id', '=', p.personId), eb('agreement_id', '=', p.agreementId)]))))
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, personId: r.person_id, agreementId: r.agreement_id, codeHash: r.code_hash, expiresAt: r.expires_at, usedAt: r.used_at, revokedAt: r.revoked_at, failedAttempts: r.failed_attempts }));
  }

  async countFailedAttempt(codeIds: number[]): Promise<void> {
    if (!codeIds.length) return;
    await this.db
      .updateTable('activation_codes')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', 'in', codeIds)
      .execute();
  }

  /** Spends the code: true for exactly one caller, however many submit at once. */
  async spendCode(codeId: number, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('activation_codes')
      .set({ used_at: nowIso })
      .where('id', '=', codeId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .where('failed_attempts', '<', MAX_CODE_ATTEMPTS)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async codeStillLive(codeId: number, nowIso: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('activation_codes')
      .select('id')
      .where('id', '=', codeId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .where('failed_attempts', '<', MAX_CODE_ATTEMPTS)
      .executeTakeFirst();
    return Boolean(row);
  }

  /** Once someone has an account, no code of theirs should open another door. */
  async revokeLiveCodes(personId: number, nowIso: string): Promise<void> {
    await this.db.updateTable('activation_codes').set({ revoked_at: nowIso }).where('person_id', '=', personId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
  }

  async accountOf(personId: number): Promise<{ id: number; username: string; email: string | null; passwordHash: string } | undefined> {
    const row = await this.db.selectFrom('accounts').select(['id', 'username', 'email', 'password_hash']).where('person_id', '=', personId).executeTakeFirst();
    return row ? { id: row.id, username: row.username, email: row.email, passwordHash: row.password_hash } : undefined;
  }

  async registeredSince(email: string, sinceIso: string): Promise<boolean> {
    const row = await this.db.selectFrom('accounts').select('id').where('email', '=', email).where('created_at', '>=', sinceIso).executeTakeFirst();
    return Boolean(row);
  }

  async emailTaken(email: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('accounts').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst());
  }

  async usernameTaken(username: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst());
  }

  /** The person's current email address on record: the most recently started one. */
  async emailOnRecord(personId: number, today: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('contact_details')
      .select('value')
      .where('person_id', '=', personId)
      .where('method', '=', 'email')
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', today)]))
      .orderBy('start_date', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? row.value.trim().toLowerCase() : null;
  }

  async insertAccount(a: NewAccount): Promise<number> {
    const row = await this.db
      .insertInto('accounts')
      .values({
        person_id: a.personId,
        username: a.username,
        email: a.email,
        password_hash: a.passwordHash,
        must_change_password: a.mustChangePassword ? 1 : 0,
        secret_question: a.secretQuestion,
        secret_answer_hash: a.secretAnswerHash,
        security_password_hash: a.securityPasswordHash,
        preferred_contact: a.preferredContact,
        status: 'active',
        created_at: a.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertLetter(values: { personId: number; agreementId: number; kind: string; title: string; pdf: Buffer; createdAt: string; postBy: string }): Promise<number> {
    const row = await this.db
      .insertInto('letters')
      .values({ person_id: values.personId, agreement_id: values.agreementId, kind: values.kind, title: values.title, pdf: values.pdf, created_at: values.createdAt, post_by: values.postBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertRequest(values: { personId: number | null; kind: string; summary: string; detail: string; createdAt: string }): Promise<number> {
    const row = await this.db
      .insertInto('requests')
      .values({ person_id: values.personId, kind: values.kind, summary: values.summary, detail: values.detail, status: 'open', created_at: values.createdAt, assigned_staff_id: null, resolved_at: null, resolved_by_staff_id: null, resolution: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}

/** The account changes that end a temporary password. */
export class TemporaryPasswordRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async passwordHash(accountId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('accounts').select('password_hash').where('id', '=', accountId).executeTakeFirst();
    return row?.password_hash;
  }

  /** Only while the temporary password is still in force, so a second submission changes nothing. */
  async replace(accountId: number, passwordHash: string, username: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('accounts')
      .set(username ? { password_hash: passwordHash, must_change_password: 0, username } : { password_hash: passwordHash, must_change_password: 0 })
      .where('id', '=', accountId)
      .where('must_change_password', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
