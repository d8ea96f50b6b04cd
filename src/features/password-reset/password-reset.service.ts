import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { MINUTE } from '../../lib/clock.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { normaliseAnswer, passwordProblem } from '../../lib/passwords.ts';
import { hashToken, randomToken } from '../../lib/tokens.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { FAILURE_POLICY, type ThrottlePolicy } from '../../plugins/throttle.ts';
import { PasswordResetRepository, type ResetAccount, type ResetRecord } from './password-reset.repository.ts';
import { passwordChangedEmail, resetLinkEmail } from './reset-emails.ts';

export const RESET_LIFETIME_MINUTES = 60;
export const MAX_WRONG_ANSWERS = 5;
/** FAILURE_POLICY's rising delays, but blocked from the fifth wrong answer, when the link is spent. */
const ANSWER_POLICY: ThrottlePolicy = { ...FAILURE_POLICY, free: MAX_WRONG_ANSWERS - 1 };

/** What the flow keeps in the (anonymous) session between its pages. */
export interface ResetProgress {
  resetId: number;
  /** True once the secret question is answered, or when the account has none. */
  answered: boolean;
}

export type AnswerResult = 'right' | 'wrong' | 'used_up' | 'unusable';
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

  /** Sends a link when an active account has this address; the caller answers the same either way. */
  async request(email: string, ctx: RequestContext): Promise<void> {
    const account = await this.repo.activeAccountByEmail(email);
    if (!account?.email) return;
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const token = randomToken();
    await db.transaction().execute(async (trx) => {
      const repo = new PasswordResetRepository(trx);
      await repo.expireOpenResets(account.id, now.toISOString());
      await repo.insertReset({ accountId: account.id, tokenHash: hashToken(token), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_LIFETIME_MINUTES * MINUTE).toISOString() });
      await queueEmail(trx, now, resetLinkEmail(config.landlord, account.email!, `${config.publicUrl}/password/reset/${token}`, RESET_LIFETIME_MINUTES));
      await recordAudit(trx, now, { actorType: 'anonymous', personId: account.personId, action: 'password_reset_requested', requestId: ctx.requestId, ip: ctx.ip });
    });
    this.deps.mail.kick();
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

  async checkAnswer(resetId: number, answer: string, ctx: RequestContext): Promise<AnswerResult> {
    const { throttle, hasher, clock, db } = this.deps;
    const account = await this.accountFor(resetId);
    if (!account) return 'unusable';
    if (!hasQuestion(account)) return 'right';
    const key = [`reset:answer:${resetId}`];
    if ((await throttle.check(key)).blocked) return 'used_up';
    if (await hasher.verify(account.secretAnswerHash, normaliseAnswer(answer))) {
      await throttle.reset(key);
      return 'right';
    }
    await throttle.fail(key, ANSWER_POLICY);
    await recordAudit(db, clock.now(), { actorType: 'anonymous', personId: account.personId, action: 'password_reset_answer_failed', requestId: ctx.requestId, ip: ctx.ip });
    if ((await throttle.check(key)).blocked) {
      // Too many guesses: this link is spent, and only the mailbox can ask for another.
      await this.repo.markUsed(resetId, clock.now().toISOString());
      return 'used_up';
    }
    return 'wrong';
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
    await this.deps.throttle.reset([`reset:answer:${resetId}`]);
    this.deps.mail.kick();
    return { ok: true, accountId: account.id };
  }

  private usable(reset: ResetRecord): boolean {
    return reset.usedAt === null && Date.parse(reset.expiresAt) > this.deps.clock.now().getTime();
  }
}

function hasQuestion(account: ResetAccount): boolean {
  return Boolean(account.secretQuestion && account.secretAnswerHash);
}

/** Words a guesser would try first for this person. */
export function passwordContext(account: ResetAccount): string[] {
  return [account.forenames, account.surname, account.username, account.email ?? '', (account.email ?? '').split('@')[0]].filter(Boolean);
}
