import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { MINUTE } from '../../lib/clock.ts';
import { normaliseAnswer } from '../../lib/passwords.ts';
import { MAX_CODE_ATTEMPTS } from './activation-codes.ts';
import { RegistrationRepository, type Tenant } from './registration.repository.ts';
import type { AccountForm, CodeForm } from './registration.forms.ts';
import { usernameBase, usernameCandidates } from './usernames.ts';

/** What step 1 proved, kept in the session until step 2 is sent. */
export interface VerifiedCode {
  codeId: number;
  personId: number;
  agreementId: number;
  verifiedAt: string;
}

export type CodeCheck =
  | { ok: true; verified: VerifiedCode }
  | { ok: false; reason: 'mismatch' | 'registered' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type CompleteResult =
  | { ok: true; accountId: number }
  | { ok: false; reason: 'email_taken' | 'code_unusable' }
  | { ok: false; reason: 'registered'; account: { id: number; email: string | null; passwordHash: string } };

/** How many of a person's most recent codes are tried against what was typed. */
const CODES_TRIED = 10;

export const ipKey = (ctx: RequestContext) => `register:ip:${ctx.ip}`;

/** Picks the first free username for this person; the unique index still has the last word. */
export async function freeUsername(repo: RegistrationRepository, forenames: string, surname: string): Promise<string> {
  for (const candidate of usernameCandidates(usernameBase(forenames, surname))) {
    if (!(await repo.usernameTaken(candidate))) return candidate;
  }
  return `${usernameBase(forenames, surname)}${Date.now() % 1_000_000}`;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Registration with the activation code we posted: check the code, then create the account. */
export class RegistrationService {
  constructor(private readonly deps: Deps) {}

  /**
   * One answer for every kind of mismatch (unknown reference, wrong birth date, wrong, used,
   * expired or spent code), so the form cannot be used to learn who is a tenant.
   */
  async checkCode(form: CodeForm, ctx: RequestContext): Promise<CodeCheck> {
    const { db, throttle, hasher, clock } = this.deps;
    const keys = [ipKey(ctx)];
    const state = await throttle.check(keys);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

    const now = clock.now();
    const repo = new RegistrationRepository(db);
    const tenants = await repo.tenantsByReferenceAndBirth(form.reference, form.dateOfBirth);
    const codes = (await repo.allCodes(tenants)).slice(0, CODES_TRIED);
    let matched: (typeof codes)[number] | undefined;
    for (const code of codes) {
      if (await hasher.verify(code.codeHash, form.code)) {
        matched = code;
        break;
      }
    }
    if (!codes.length) await hasher.verify(await hasher.dummyHash(), form.code);

    const tenant = matched && tenants.find((t) => t.personId === matched.personId);
    if (matched && tenant?.hasAccount) {
      await recordAudit(db, now, { actorType: 'anonymous', personId: tenant.personId, action: 'registration_code_already_registered', requestId: ctx.requestId, ip: ctx.ip });
      return { ok: false, reason: 'registered' };
    }
    const live = matched && matched.usedAt === null && matched.revokedAt === null && matched.expiresAt > now.toISOString() && matched.failedAttempts < MAX_CODE_ATTEMPTS;
    if (!matched || !live || !tenant) {
      await db.transaction().execute(async (trx) => {
        // A wrong code counts against every working code this birth date and reference lead to.
        if (!matched) await new RegistrationRepository(trx).countFailedAttempt(codes.filter((c) => c.usedAt === null && c.revokedAt === null).map((c) => c.id));
        await recordAudit(trx, now, {
          actorType: 'anonymous',
          personId: tenants.length === 1 ? tenants[0].personId : null,
          action: 'registration_code_failed',
          detail: { reference: form.reference, why: matched ? 'code_not_usable' : 'no_match' },
          requestId: ctx.requestId,
          ip: ctx.ip,
        });
      });
      await throttle.fail(keys);
      return { ok: false, reason: 'mismatch' };
    }
    await recordAudit(db, now, { actorType: 'anonymous', personId: tenant.personId, action: 'registration_code_accepted', detail: { agreementId: tenant.agreementId }, requestId: ctx.requestId, ip: ctx.ip });
    return { ok: true, verified: { codeId: matched.id, personId: tenant.personId, agreementId: tenant.agreementId, verifiedAt: now.toISOString() } };
  }

  /** The person a verified code belongs to, for the page and for password rules. */
  async tenantFor(verified: VerifiedCode): Promise<Tenant | undefined> {
    return new RegistrationRepository(this.deps.db).tenant(verified.personId, verified.agreementId);
  }

  async codeStillLive(verified: VerifiedCode): Promise<boolean> {
    return new RegistrationRepository(this.deps.db).codeStillLive(verified.codeId, this.deps.clock.now().toISOString());
  }

  /** True when an account with this email address was registered in the last two minutes. */
  async registeredMoments(email: string): Promise<boolean> {
    const since = new Date(this.deps.clock.now().getTime() - 2 * MINUTE).toISOString();
    return new RegistrationRepository(this.deps.db).registeredSince(email, since);
  }

  /** Spends the code and creates the account in one transaction: both happen, or neither. */
  async complete(verified: VerifiedCode, tenant: Tenant, form: AccountForm, ctx: RequestContext): Promise<CompleteResult> {
    const { db, hasher, clock } = this.deps;
    const [passwordHash, answerHash, securityHash] = await Promise.all([hasher.hash(form.password), hasher.hash(normaliseAnswer(form.secretAnswer)), hasher.hash(normaliseAnswer(form.securityPassword))]);
    const now = clock.now();
    const attempt = (trx: Kysely<Database>) => this.createAccount(trx, verified, tenant, form, { passwordHash, answerHash, securityHash }, now, ctx);
    try {
      return await db.transaction().execute(attempt);
    } catch (error) {
      // Two submissions at once: the loser meets the unique index and gets the winner's answer.
      if (!isUniqueViolation(error)) throw error;
      const repo = new RegistrationRepository(db);
      const account = await repo.accountOf(verified.personId);
      if (account) return { ok: false, reason: 'registered', account };
      if (await repo.emailTaken(form.email)) return { ok: false, reason: 'email_taken' };
      throw error;
    }
  }

  private async createAccount(
    trx: Kysely<Database>,
    verified: VerifiedCode,
    tenant: Tenant,
    form: AccountForm,
    hashes: { passwordHash: string; answerHash: string; securityHash: string },
    now: Date,
    ctx: RequestContext,
  ): Promise<CompleteResult> {
    const repo = new RegistrationRepository(trx);
    const existing = await repo.accountOf(verified.personId);
    if (existing) return { ok: false, reason: 'registered', account: existing };
    if (await repo.emailTaken(form.email)) {
      // A twin submission may have committed between the two reads, with this very email: then it
      // is the person's own new account (the route still asks for its password), not someone else's.
      const twin = await repo.accountOf(verified.personId);
      return twin ? { ok: false, reason: 'registered', account: twin } : { ok: false, reason: 'email_taken' };
    }
    if (!(await repo.spendCode(verified.codeId, now.toISOString()))) {
      // Waiting on the same code's row lock, a second submission finds it spent by the first.
      const winner = await repo.accountOf(verified.personId);
      return winner ? { ok: false, reason: 'registered', account: winner } : { ok: false, reason: 'code_unusable' };
    }
    const accountId = await repo.insertAccount({
      personId: verified.personId,
      username: await freeUsername(repo, tenant.forenames, tenant.surname),
      email: form.email,
      passwordHash: hashes.passwordHash,
      mustChangePassword: false,
      secretQuestion: form.secretQuestion,
      secretAnswerHash: hashes.answerHash,
      securityPasswordHash: hashes.securityHash,
      preferredContact: 'email',
      createdAt: now.toISOString(),
    });
    await repo.revokeLiveCodes(verified.personId, now.toISOString());
    await recordAudit(trx, now, { actorType: 'tenant', actorId: accountId, personId: verified.personId, action: 'registered', detail: { method: 'activation_code', agreementId: verified.agreementId }, requestId: ctx.requestId, ip: ctx.ip });
    return { ok: true, accountId };
  }
}
