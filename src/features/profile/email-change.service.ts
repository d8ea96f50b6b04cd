import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { HOUR } from '../../lib/clock.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { hashToken, randomToken } from '../../lib/tokens.ts';
import { SEND_POLICY } from '../../plugins/throttle.ts';
import { AccountSettingsRepository, type AccountSettings } from './account-settings.repository.ts';
import { isUniqueViolation } from './account-security.service.ts';
import { confirmEmailChangeEmail, emailAlreadyUsedEmail, emailChangeRequestedNotice, securityNoticeEmail } from './profile-emails.ts';

export const EMAIL_CHANGE_HOURS = 24;

export type ConfirmResult = { ok: true; email: string } | { ok: false; reason: 'unusable' | 'taken' };

/**
 * A new account email takes effect only when a link sent to it is opened (it proves the mailbox),
 * and the old address hears about it (ASVS 4 2.5.5, ASVS 5 7.5.1).
 */
export class EmailChangeService {
  constructor(private readonly deps: Deps) {}

  /** Sends mail at most a few times an hour per account, so the form cannot be used to spam an address. */
  async sendingBlocked(accountId: number): Promise<number> {
    const state = await this.deps.throttle.check([`email-change:account:${accountId}`]);
    return state.blocked ? state.retryAfterSeconds : 0;
  }

  /**
   * The page answers the same whether or not another account already uses the address; only the
   * owner of that mailbox is told it is taken.
   */
  async request(account: AccountSettings, newEmail: string, ctx: RequestContext): Promise<void> {
    const { db, clock, config, throttle } = this.deps;
    const at = clock.now();
    const token = randomToken();
    await throttle.fail([`email-change:account:${account.id}`], SEND_POLICY);
    await db.transaction().execute(async (trx) => {
      const repo = new AccountSettingsRepository(trx);
      await repo.expireOpenEmailChanges(account.id, at.toISOString());
      if (await repo.emailTaken(newEmail, account.id)) {
        await queueEmail(trx, at, emailAlreadyUsedEmail(config.landlord, newEmail));
      } else {
        await repo.insertEmailChange(account.id, newEmail, hashToken(token), at.toISOString(), new Date(at.getTime() + EMAIL_CHANGE_HOURS * HOUR).toISOString());
        await queueEmail(trx, at, confirmEmailChangeEmail(config.landlord, newEmail, `${config.publicUrl}/profile/email/confirm/${token}`, EMAIL_CHANGE_HOURS));
        if (account.email) await queueEmail(trx, at, emailChangeRequestedNotice(config.landlord, account.email, newEmail, at));
      }
      await recordAudit(trx, at, { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'email_change_requested', requestId: ctx.requestId, ip: ctx.ip });
    });
    this.deps.mail.kick();
  }

  /** Opens the link for the signed-in account; someone else's link is not found, like a wrong one. */
  async confirm(account: AccountSettings, token: string, ctx: RequestContext): Promise<ConfirmResult | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const { db, clock, config } = this.deps;
    const change = await new AccountSettingsRepository(db).emailChangeByTokenHash(hashToken(token));
    if (!change || change.accountId !== account.id) return null;
    const at = clock.now();
    try {
      const result = await db.transaction().execute(async (trx): Promise<ConfirmResult> => {
        const repo = new AccountSettingsRepository(trx);
        if (!(await repo.spendEmailChange(change.id, at.toISOString()))) return { ok: false, reason: 'unusable' };
        if (await repo.emailTaken(change.newEmail, account.id)) return { ok: false, reason: 'taken' };
        await repo.setEmail(account.id, change.newEmail);
        await recordAudit(trx, at, { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'email_changed', requestId: ctx.requestId, ip: ctx.ip });
        if (account.email && account.email !== change.newEmail) {
          await queueEmail(trx, at, securityNoticeEmail(config.landlord, account.email, 'account email', at, [`We will now use ${change.newEmail} for your account, and this address no longer signs you in.`]));
        }
        return { ok: true, email: change.newEmail };
      });
      if (result.ok) this.deps.mail.kick();
      return result;
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, reason: 'taken' };
      throw error;
    }
  }
}
