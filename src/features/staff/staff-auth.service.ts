import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { SecretBox } from '../../lib/secret-box.ts';
import { normaliseCode, recoveryCode } from '../../lib/tokens.ts';
import { newTotpSecret, verifyTotp } from '../../lib/totp.ts';
import type { StaffRole } from './staff-roles.ts';
import { StaffUsersRepository, type StaffUser } from './staff-users.repository.ts';

export type StepResult = { ok: true; staff: StaffUser } | { ok: false; reason: 'mismatch' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

const RECOVERY_CODES = 10;

export class StaffAuthService {
  private readonly users: StaffUsersRepository;
  private readonly box: SecretBox;
  constructor(private readonly deps: Deps) {
    this.users = new StaffUsersRepository(deps.db);
    this.box = new SecretBox(deps.config.appSecret, 'staff-totp');
  }

  /** The signed-in member of staff, or undefined once disabled. */
  async current(staffId: number): Promise<StaffUser | undefined> {
    const staff = await this.users.findById(staffId);
    return staff?.status === 'active' ? staff : undefined;
  }

  /** First step: email and password. */
  async checkPassword(email: string, password: string, ctx: RequestContext): Promise<StepResult> {
    const { throttle, hasher, clock, db } = this.deps;
    const keys = [`staff:ip:${ctx.ip}`, `staff:email:${email.trim().toLowerCase()}`];
    const state = await throttle.check(keys);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };
    const staff = await this.users.findByEmail(email);
    const matches = await hasher.verify(staff?.passwordHash ?? (await hasher.dummyHash()), password);
    if (!staff || !matches || staff.status !== 'active') {
      await throttle.fail(keys);
      await recordAudit(db, clock.now(), { actorType: 'anonymous', action: 'staff_sign_in_failed', detail: { email: email.slice(0, 100) }, requestId: ctx.requestId, ip: ctx.ip });
      return { ok: false, reason: 'mismatch' };
    }
    return { ok: true, staff };
  }

  /** A fresh authenticator key, sealed so it can wait in the session until confirmed. */
  newSetup(): { sealed: string; secret: string } {
    const secret = newTotpSecret();
    return { sealed: this.box.seal(secret), secret };
  }

  openSetup(sealed: string): string | null {
    return this.box.open(sealed);
  }

  /** Confirms the authenticator with a code from it; returns the recovery codes to show once. */
  async confirmSetup(staffId: number, sealed: string, code: string, ctx: RequestContext): Promise<string[] | null> {
    const { clock, db, hasher } = this.deps;
    const secret = this.box.open(sealed);
    const now = clock.now();
    const step = secret ? verifyTotp(secret, code, now, null) : null;
    if (!secret || step === null) return null;
    const codes = Array.from({ length: RECOVERY_CODES }, () => recoveryCode());
    const hashes = await Promise.all(codes.map((c) => hasher.hash(normaliseCode(c))));
    await db.transaction().execute(async (trx) => {
      const users = new StaffUsersRepository(trx);
      await users.update(staffId, { totp_secret: this.box.seal(secret), totp_confirmed_at: now.toISOString(), totp_last_counter: step, last_sign_in_at: now.toISOString() });
      await users.replaceRecoveryCodes(staffId, hashes);
      await recordAudit(trx, now, { actorType: 'staff', actorId: staffId, action: 'staff_two_step_set_up', requestId: ctx.requestId, ip: ctx.ip });
      await recordAudit(trx, now, { actorType: 'staff', actorId: staffId, action: 'staff_signed_in', requestId: ctx.requestId, ip: ctx.ip });
    });
    return codes;
  }

  /** Second step: a code from the authenticator app, or one of the recovery codes. */
  async checkSecondStep(staffId: number, code: string, ctx: RequestContext): Promise<StepResult> {
    const { throttle, hasher, clock, db } = this.deps;
    const keys = [`staff:second:${staffId}`];
    const state = await throttle.check(keys);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };
    const staff = await this.users.findById(staffId);
    if (!staff || staff.status !== 'active' || !staff.totpSecretSealed) return { ok: false, reason: 'mismatch' };
    const now = clock.now();
    let accepted = false;
    let usedRecovery = false;
    const secret = this.box.open(staff.totpSecretSealed);
    const step = secret ? verifyTotp(secret, code, now, staff.totpLastCounter) : null;
    if (step !== null) {
      accepted = await this.users.acceptTotpStep(staffId, step);
    } else if (normaliseCode(code).length === 10) {
      for (const row of await this.users.unusedRecoveryCodes(staffId)) {
        if ((await hasher.verify(row.code_hash, normaliseCode(code))) && (await this.users.useRecoveryCode(row.id, now.toISOString()))) {
          accepted = true;
          usedRecovery = true;
          break;
        }
      }
    }
    if (!accepted) {
      await throttle.fail(keys);
      await recordAudit(db, now, { actorType: 'staff', actorId: staffId, action: 'staff_second_step_failed', requestId: ctx.requestId, ip: ctx.ip });
      return { ok: false, reason: 'mismatch' };
    }
    await throttle.reset(keys);
    await db.transaction().execute(async (trx) => {
      await new StaffUsersRepository(trx).update(staffId, { last_sign_in_at: now.toISOString() });
      await recordAudit(trx, now, { actorType: 'staff', actorId: staffId, action: usedRecovery ? 'staff_signed_in_with_recovery_code' : 'staff_signed_in', requestId: ctx.requestId, ip: ctx.ip });
    });
    return { ok: true, staff };
  }

  /** Creates an active member of staff with a password (the command line and the demo seed). */
  async createStaff(input: { email: string; name: string; role: StaffRole; password: string }): Promise<number> {
    const now = this.deps.clock.now().toISOString();
    return this.users.insert({ email: input.email, name: input.name, role: input.role, passwordHash: await this.deps.hasher.hash(input.password), status: 'active', createdAt: now });
  }
}
