import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export interface AccountSettings {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  passwordHash: string;
  secretQuestion: string | null;
  preferredContact: 'email' | 'letter';
  forenames: string;
  surname: string;
}

export interface EmailChange {
  id: number;
  accountId: number;
  newEmail: string;
  expiresAt: string;
  usedAt: string | null;
}

/** The portal account's own settings: sign-in secrets, username, email and how we contact the tenant. */
export class AccountSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async account(id: number): Promise<AccountSettings | undefined> {
    const r = await this.db
      .selectFrom('accounts as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['a.id', 'a.person_id', 'a.username', 'a.email', 'a.password_hash', 'a.secret_question', 'a.preferred_contact', 'a.status', 'p.forenames', 'p.surname'])
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!r || r.status !== 'active') return undefined;
    return { id: r.id, personId: r.person_id, username: r.username, email: r.email, passwordHash: r.password_hash, secretQuestion: r.secret_question, preferredContact: r.preferred_contact, forenames: r.forenames, surname: r.surname };
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ password_hash: passwordHash, must_change_password: 0 }).where('id', '=', id).execute();
  }

  async setSecretQuestion(id: number, question: string, answerHash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ secret_question: question, secret_answer_hash: answerHash }).where('id', '=', id).execute();
  }

  async setSecurityPassword(id: number, hash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ security_password_hash: hash }).where('id', '=', id).execute();
  }

  async setPreferredContact(id: number, preferred: 'email' | 'letter'): Promise<void> {
    await this.db.updateTable('accounts').set({ preferred_contact: preferred }).where('id', '=', id).execute();
  }

  /** Usernames and emails share the sign-in box, so a username is checked against both. */
  async usernameTaken(username: string, exceptId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb.or([eb('username', '=', username), eb('email', '=', username)]))
      .where('id', '!=', exceptId)
      .executeTakeFirst();
    return Boolean(row);
  }

  async setUsername(id: number, username: string): Promise<void> {
    await this.db.updateTable('accounts').set({ username }).where('id', '=', id).execute();
  }

  async emailTaken(email: string, exceptId: number): Promise<boolean> {
    const row = await this.db.selectFrom('accounts').select('id').where('email', '=', email).where('id', '!=', exceptId).executeTakeFirst();
    return Boolean(row);
  }

  async setEmail(id: number, email: string): Promise<void> {
    await this.db.updateTable('accounts').set({ email }).where('id', '=', id).execute();
  }

  /** An earlier link stops working when a newer one is sent. */
  async expireOpenEmailChanges(accountId: number, nowIso: string): Promise<void> {
    await this.db.updateTable('email_changes').set({ expires_at: nowIso }).where('account_id', '=', accountId).where('used_at', 'is', null).where('expires_at', '>', nowIso).execute();
  }

  async insertEmailChange(accountId: number, newEmail: string, tokenHash: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.db.insertInto('email_changes').values({ account_id: accountId, new_email: newEmail, token_hash: tokenHash, created_at: createdAt, expires_at: expiresAt, used_at: null }).execute();
  }

  async emailChangeByTokenHash(tokenHash: string): Promise<EmailChange | undefined> {
    const r = await this.db.selectFrom('email_changes').select(['id', 'account_id', 'new_email', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? { id: r.id, accountId: r.account_id, newEmail: r.new_email, expiresAt: r.expires_at, usedAt: r.used_at } : undefined;
  }

  /** True only for the one request that spends the link. */
  async spendEmailChange(id: number, nowIso: string): Promise<boolean> {
    const result = await this.db.updateTable('email_changes').set({ used_at: nowIso }).where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', nowIso).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
