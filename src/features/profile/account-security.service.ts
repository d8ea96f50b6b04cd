import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { queueEmail, type EmailMessage } from '../../lib/mail/outbox.ts';
import { normaliseAnswer } from '../../lib/passwords.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { AccountSettingsRepository, type AccountSettings } from './account-settings.repository.ts';
import { securityNoticeEmail } from './profile-emails.ts';

export type ReauthResult = { ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Changes to how the tenant signs in and is known. Each one re-checks the current password
 * (ASVS 5 6.2.3), writes an audit event in its own transaction and, where it matters, tells the
 * account's email address.
 */
export class AccountSecurityService {
  constructor(private readonly deps: Deps) {}

  account(accountId: number): Promise<AccountSettings | undefined> {
    return new AccountSettingsRepository(this.deps.db).account(accountId);
  }

  /**
   * Wrong current passwords are throttled per account, so a session left open on a shared
   * computer cannot be used to guess the password behind it.
   */
  async checkPassword(account: AccountSettings, password: string, ctx: RequestContext): Promise<ReauthResult> {
    const { throttle, hasher, db, clock } = this.deps;
    const key = [`reauth:account:${account.id}`];
    const state = await throttle.check(key);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };
    if (await hasher.verify(account.passwordHash, password)) {
      await throttle.reset(key);
      return { ok: true };
    }
    await throttle.fail(key);
    await recordAudit(db, clock.now(), { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'reauthentication_failed', requestId: ctx.requestId, ip: ctx.ip });
    return { ok: false, reason: 'wrong' };
  }

  sameAsPassword(account: AccountSettings, candidate: string): Promise<boolean> {
    return this.deps.hasher.verify(account.passwordHash, candidate);
  }

  /** New password; every other session of the account ends in the same transaction. */
  async changePassword(account: AccountSettings, password: string, keepSessionIdHash: string | null, ctx: RequestContext): Promise<number> {
    const hash = await this.deps.hasher.hash(password);
    return this.change(account, 'password_changed', ctx, {}, async (trx) => {
      await new AccountSettingsRepository(trx).setPassword(account.id, hash);
      return new SessionRepository(trx).deleteForAccount(account.id, keepSessionIdHash ?? undefined);
    }, (at) => (account.email ? securityNoticeEmail(this.deps.config.landlord, account.email, 'login password', at, ['For your security, you have been signed out everywhere else you were signed in.']) : null));
  }

  async changeSecurityPassword(account: AccountSettings, securityPassword: string, ctx: RequestContext): Promise<void> {
    const hash = await this.deps.hasher.hash(normaliseAnswer(securityPassword));
    await this.change(account, 'security_password_changed', ctx, {}, (trx) => new AccountSettingsRepository(trx).setSecurityPassword(account.id, hash), (at) =>
      account.email ? securityNoticeEmail(this.deps.config.landlord, account.email, 'security password', at, ['This is the password our staff ask for when you call us.']) : null,
    );
  }

  async changeSecretQuestion(account: AccountSettings, question: string, answer: string, ctx: RequestContext): Promise<void> {
    const hash = await this.deps.hasher.hash(normaliseAnswer(answer));
    await this.change(account, 'secret_question_changed', ctx, {}, (trx) => new AccountSettingsRepository(trx).setSecretQuestion(account.id, question, hash), (at) =>
      account.email ? securityNoticeEmail(this.deps.config.landlord, account.email, 'secret question', at) : null,
    );
  }

  /** 'taken' when another account has it as username or email. */
  async changeUsername(account: AccountSettings, username: string, ctx: RequestContext): Promise<'changed' | 'unchanged' | 'taken'> {
    if (username === account.username) return 'unchanged';
    const taken = await this.deps.db.transaction().execute(async (trx) => {
      const repo = new AccountSettingsRepository(trx);
      if (await repo.usernameTaken(username, account.id)) return true;
      await repo.setUsername(account.id, username);
      const at = this.deps.clock.now();
      await recordAudit(trx, at, { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'username_changed', detail: { from: account.username, to: username }, requestId: ctx.requestId, ip: ctx.ip });
      if (account.email) await queueEmail(trx, at, securityNoticeEmail(this.deps.config.landlord, account.email, 'username', at, [`Your new username is ${username}. You can also still sign in with this email address.`]));
      return false;
    }).catch((error: unknown) => {
      // Two people choosing the same name at once: the unique index decides, and the loser is told.
      if (isUniqueViolation(error)) return true;
      throw error;
    });
    if (taken) return 'taken';
    this.deps.mail.kick();
    return 'changed';
  }

  async changePreferredContact(account: AccountSettings, preferred: 'email' | 'letter', ctx: RequestContext): Promise<boolean> {
    if (preferred === account.preferredContact) return false;
    await this.change(account, 'preferred_contact_changed', ctx, { from: account.preferredContact, to: preferred }, (trx) => new AccountSettingsRepository(trx).setPreferredContact(account.id, preferred), () => null);
    return true;
  }

  private async change<T>(account: AccountSettings, action: string, ctx: RequestContext, detail: Record<string, unknown>, write: (trx: Kysely<Database>) => Promise<T>, notice: (at: Date) => EmailMessage | null): Promise<T> {
    const { db, clock } = this.deps;
    const at = clock.now();
    const message = notice(at);
    const result = await db.transaction().execute(async (trx) => {
      const out = await write(trx);
      await recordAudit(trx, at, { actorType: 'tenant', actorId: account.id, personId: account.personId, action, detail, requestId: ctx.requestId, ip: ctx.ip });
      if (message) await queueEmail(trx, at, message);
      return out;
    });
    if (message) this.deps.mail.kick();
    return result;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Words a guesser would try first for this person. */
export function passwordContext(account: AccountSettings): string[] {
  return [account.forenames, account.surname, account.username, account.email ?? '', (account.email ?? '').split('@')[0]].filter(Boolean);
}
