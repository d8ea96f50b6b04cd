import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { MINUTE } from '../../lib/clock.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { normaliseAnswer, passwordProblem } from '../../lib/passwords.ts';
import { hashToken, randomToken } from '../../lib/tokens.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { PasswordResetRepository, type ResetAccount, type ResetRecord } from './password-reset.repository.ts';
import { passwordChangedEmail, resetLinkEmail } from './reset-emails.ts';

export const RESET_LIFETIME_MINUTES = 60;
/** Wrong answers to the secret question that one link survives; the last of them spends it. */
export const MAX_WRONG_ANSWERS = 5;

/** What the flow keeps in the (anonymous) session between its pages. */
export interface ResetProgress {
  resetId: number;
  /** True once the secret question is answered, or when the account has none. */
  answered: boolean;
}

export type AnswerResult = { outcome: 'right' } | { outcome: 'wrong'; triesLeft: number } | { outcome: 'used_up' } | { outcome: 'unusable' };
/** Who asked for a link: the person at the sign-in page, or a member of staff for them. */
export type Requester = { actorType: 'anonymous' } | { actorType: 'staff'; staffId: number };
export type CompleteResult = { ok: true; accountId: number } | { ok: false; reason: 'unusable' } | { ok: false; reason: 'weak'; message: string };

/**
 * Forgotten password (SECURITY.md B): a single-use emailed link proves the mailbox; the secret
 * question is only a further step after it, never a way in on its own.
 */
export class PasswordResetService {
  private readonly repo: PasswordResetRepository;
  constructor(private readonly deps: Deps) {
    this.repo = new PasswordResetRepository(deps.db);
  }

  /**
   * Sends a link when an active account has this address, and says whether it did; a page for the
   * public answers the same either way.
   */
  async request(email: string, ctx: RequestContext, by: Requester = { actorType: 'anonymous' }): Promise<boolean> {
    const account = await this.repo.activeAccountByEmail(email);
    if (!account?.email) return false;
    const to = account.email;
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const token = randomToken();
    await db.transaction().execute(async (trx) => {
      const repo = new PasswordResetRepository(trx);
      await repo.expireOpenResets(account.id, now.toISOString());
      await repo.insertReset({ accountId: account.id, tokenHash: hashToken(token), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_LIFETIME_MINUTES * MINUTE).toISOString() });
      await queueEmail(trx, now, resetLinkEmail(config.landlord, to, `${config.publicUrl}/password/reset/${token}`, RESET_LIFETIME_MINUTES));
      await recordAudit(
        trx,
        now,
        by.actorType === 'staff'
          ? { actorType: 'staff', actorId: by.staffId, personId: account.personId, action: 'staff_account_password_reset', requestId: ctx.requestId, ip: ctx.ip }
          : { actorType: 'anonymous', personId: account.personId, action: 'password_reset_requested', requestId: ctx.requestId, ip: ctx.ip },
      );
    });
    this.deps.mail.kick();
    return true;
  }

  /** The link from the email: where it leads next, or null when it is unknown, used or expired. */
  async openLink(token: string): Promise<ResetProgress | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const reset = await this.repo.resetByTokenHash(hashToken(token));
    if (!reset || !this.usable(reset)) return null;
    const account = await this.repo.activeAccountById(reset.accountId);
    if (!account) return null;
    return { resetId: reset.id, answered: !hasQuestion(account) };
  }

  /** The account behind a link still in use, or null when the link can no longer be used. */
  async accountFor(resetId: number): Promise<ResetAccount | null> {
    const reset = await this.repo.resetById(resetId);
    if (!reset || !this.usable(reset)) return null;
    return (await this.repo.activeAccountById(reset.accountId)) ?? null;
  }

  /**
   * Checks an answer to the secret question. Each try is counted before the (slow) check, so
   * answers sent together cannot slip past the limit; the fifth wrong one spends the link.
   */
  async checkAnswer(resetId: number, answer: string, ctx: RequestContext): Promise<AnswerResult> {
    const { hasher, clock, db } = this.deps;
    const reset = await this.repo.resetById(resetId);
    const account = reset && this.usable(reset) ? await this.repo.activeAccountById(reset.accountId) : undefined;
    if (!reset || !account) return { outcome: 'unusable' };
    if (!hasQuestion(account)) return { outcome: 'right' };
    const key = answerKey(resetId);
    const tries = await this.repo.countTry(key, clock.now().toISOString(), reset.expiresAt);
    if (tries > MAX_WRONG_ANSWERS) return { outcome: 'used_up' };
    if (await hasher.verify(account.secretAnswerHash, normaliseAnswer(answer))) {
      await this.repo.forget(key);
      return { outcome: 'right' };
    }
    const now = clock.now();
    await recordAudit(db, now, { actorType: 'anonymous', personId: account.personId, action: 'password_reset_answer_failed', requestId: ctx.requestId, ip: ctx.ip });
    if (tries >= MAX_WRONG_ANSWERS) {
      // Too many guesses: this link is spent, and only the mailbox can ask for another.
      await this.repo.markUsed(resetId, now.toISOString());
      return { outcome: 'used_up' };
    }
    return { outcome: 'wrong', triesLeft: MAX_WRONG_ANSWERS - tries };
  }

  /** Sets the new password, spends the link and ends every session of the account, all at once. */
  async complete(resetId: number, password: string, ctx: RequestContext): Promise<CompleteResult> {
    const account = await this.accountFor(resetId);
    if (!account) return { ok: false, reason: 'unusable' };
    const problem = passwordProblem(password, passwordContext(account));
    if (problem) return { ok: false, reason: 'weak', message: problem };
    const { db, clock, hasher, config } = this.deps;
    const passwordHash = await hasher.hash(password);
    const now = clock.now();
    const done = await db.transaction().execute(async (trx) => {
      const repo = new PasswordResetRepository(trx);
      if (!(await repo.markUsed(resetId, now.toISOString()))) return false;
      await repo.setPassword(account.id, passwordHash);
      await new SessionRepository(trx).deleteForAccount(account.id);
      await recordAudit(trx, now, { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'password_reset', requestId: ctx.requestId, ip: ctx.ip });
      if (account.email) await queueEmail(trx, now, passwordChangedEmail(config.landlord, account.email, now));
      return true;
    });
    if (!done) return { ok: false, reason: 'unusable' };
    // The mailbox is proved and the password is new: sign-in delays built up on the old one go.
    await this.repo.forget(answerKey(resetId));
    await this.deps.throttle.reset([account.username, account.email].filter((id): id is string => Boolean(id)).map((id) => `signin:id:${id.toLowerCase()}`));
    this.deps.mail.kick();
    return { ok: true, accountId: account.id };
  }

  private usable(reset: ResetRecord): boolean {
    return reset.usedAt === null && Date.parse(reset.expiresAt) > this.deps.clock.now().getTime();
  }
}

function answerKey(resetId: number): string {
  return `reset:answer:${resetId}`;
}

function hasQuestion(account: ResetAccount): boolean {
  return Boolean(account.secretQuestion && account.secretAnswerHash);
}

/** Words a guesser would try first for this person. */
export function passwordContext(account: ResetAccount): string[] {
  return [account.forenames, account.surname, account.username, account.email ?? '', (account.email ?? '').split('@')[0]].filter(Boolean);
}
