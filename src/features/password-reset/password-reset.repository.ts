import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

/** What the reset flow needs to know about an account. */
export interface ResetAccount {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  forenames: string;
  surname: string;
  secretQuestion: string | null;
  secretAnswerHash: string | null;
}

export interface ResetRecord {
  id: number;
  accountId: number;
  expiresAt: string;
  usedAt: string | null;
}

export class PasswordResetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private accounts() {
    return this.db
      .selectFrom('accounts')
      .innerJoin('people', 'people.id', 'accounts.person_id')
      .select(['accounts.id', 'accounts.person_id', 'accounts.username', 'accounts.email', 'accounts.secret_question', 'accounts.secret_answer_hash', 'people.forenames', 'people.surname'])
      .where('accounts.status', '=', 'active');
  }

  private static toAccount(r: { id: number; person_id: number; username: string; email: string | null; secret_question: string | null; secret_answer_hash: string | null; forenames: string; surname: string }): ResetAccount {
    return {
      id: r.id,
      personId: r.person_id,
      username: r.username,
      email: r.email,
      forenames: r.forenames,
      surname: r.surname,
      secretQuestion: r.secret_question,
      secretAnswerHash: r.secret_answer_hash,
    };
  }

  /** Only active accounts: a disabled account gets no link, and the page says the same either way. */
  async activeAccountByEmail(email: string): Promise<ResetAccount | undefined> {
    const row = await this.accounts().where('accounts.email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? PasswordResetRepository.toAccount(row) : undefined;
  }

  async activeAccountById(id: number): Promise<ResetAccount | undefined> {
    const row = await this.accounts().where('accounts.id', '=', id).executeTakeFirst();
    return row ? PasswordResetRepository.toAccount(row) : undefined;
  }

  /** A new link replaces any earlier one: the older links expire now. */
  async expireOpenResets(accountId: number, nowIso: string): Promise<void> {
    await this.db
      .updateTable('password_resets')
      .set({ expires_at: nowIso })
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .execute();
  }

  async insertReset(values: { accountId: number; tokenHash: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({ account_id: values.accountId, token_hash: values.tokenHash, created_at: values.createdAt, expires_at: values.expiresAt, used_at: null })
      .execute();
  }

  async resetByTokenHash(tokenHash: string): Promise<ResetRecord | undefined> {
    const row = await this.db.selectFrom('password_resets').select(['id', 'account_id', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? { id: row.id, accountId: row.account_id, expiresAt: row.expires_at, usedAt: row.used_at } : undefined;
  }

  async resetById(id: number): Promise<ResetRecord | undefined> {
    const row = await this.db.selectFrom('password_resets').select(['id', 'account_id', 'expires_at', 'used_at']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, accountId: row.account_id, expiresAt: row.expires_at, usedAt: row.used_at } : undefined;
  }

  /**
   * Marks a link used. Only one caller can win: the update matches an unused row once, so a
   * double-clicked submit or a second tab sees `false` and changes nothing.
   */
  async markUsed(id: number, nowIso: string): Promise<boolean> {
    const result = await this.db.updateTable('password_resets').set({ used_at: nowIso }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setPassword(accountId: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('accounts').set({ password_hash: passwordHash, must_change_password: 0 }).where('id', '=', accountId).execute();
  }

  /**
   * Records a one-time key (a used ALTCHA challenge) until `untilIso`, in the throttles table so
   * every app instance sees it. Returns false when the key was already there: a replay.
   */
  async claimOnce(key: string, nowIso: string, untilIso: string): Promise<boolean> {
    await this.sweep(key, nowIso);
    const result = await this.db
      .insertInto('throttles')
      .values({ key, failures: 1, window_start: nowIso, blocked_until: untilIso })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Counts one more try at a key (a link's secret answer) and returns the count including it.
   * One atomic statement, so answers sent at the same moment cannot slip past the limit together.
   */
  async countTry(key: string, nowIso: string, untilIso: string): Promise<number> {
    await this.sweep(key, nowIso);
    const row = await this.db
      .insertInto('throttles')
      .values({ key, failures: 1, window_start: nowIso, blocked_until: untilIso })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: (eb) => eb('throttles.failures', '+', 1) }))
      .returning('failures')
      .executeTakeFirstOrThrow();
    return row.failures;
  }

  async forget(key: string): Promise<void> {
    await this.db.deleteFrom('throttles').where('key', '=', key).execute();
  }

  /** Keys of this kind that outlived their use go on the way, so the table does not grow without end. */
  private async sweep(key: string, nowIso: string): Promise<void> {
    const kind = key.slice(0, key.lastIndexOf(':') + 1);
    await this.db.deleteFrom('throttles').where('key', 'like', `${kind}%`).where('blocked_until', '<', nowIso).execute();
  }
}
