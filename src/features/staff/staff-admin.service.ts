import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { DAY } from '../../lib/clock.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { hashToken, randomToken } from '../../lib/tokens.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { StaffInvitationsRepository } from './staff-invitations.repository.ts';
import type { StaffRole } from './staff-roles.ts';
import { StaffUsersRepository, type StaffUser } from './staff-users.repository.ts';

const INVITATION_DAYS = 7;

export type InviteResult = { ok: true; staffId: number } | { ok: false; reason: 'email_taken' };
export type AcceptResult = { ok: true; staffId: number } | { ok: false; reason: 'invalid' };

/** Administrators invite staff, change their roles and disable them. */
export class StaffAdminService {
  constructor(private readonly deps: Deps) {}

  list(): Promise<StaffUser[]> {
    return new StaffUsersRepository(this.deps.db).list();
  }

  find(id: number): Promise<StaffUser | undefined> {
    return new StaffUsersRepository(this.deps.db).findById(id);
  }

  async invite(admin: StaffUser, input: { name: string; email: string; role: StaffRole }, ctx: RequestContext): Promise<InviteResult> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const token = randomToken();
    const result = await db.transaction().execute(async (trx): Promise<InviteResult> => {
      const users = new StaffUsersRepository(trx);
      if (await users.findByEmail(input.email)) return { ok: false, reason: 'email_taken' };
      const staffId = await users.insert({ email: input.email, name: input.name, role: input.role, passwordHash: null, status: 'invited', createdAt: now.toISOString() });
      await new StaffInvitationsRepository(trx).insert(staffId, hashToken(token), now, new Date(now.getTime() + INVITATION_DAYS * DAY));
      await queueEmail(trx, now, {
        to: input.email.toLowerCase(),
        subject: `You have been invited to the ${config.landlord.name} back office`,
        text: [
          `Hello ${input.name},`,
          '',
          `${admin.name} has invited you to the ${config.landlord.name} back office.`,
          `Choose your password here within ${INVITATION_DAYS} days:`,
          `${config.publicUrl}/staff/invitation/${token}`,
          '',
          'You will then set up two-step sign-in with an authenticator app on your phone.',
          'If you were not expecting this, ignore this email.',
        ].join('\n'),
      });
      await recordAudit(trx, now, { actorType: 'staff', actorId: admin.id, action: 'staff_invited', detail: { staffId, role: input.role }, requestId: ctx.requestId, ip: ctx.ip });
      return { ok: true, staffId };
    });
    if (result.ok) this.deps.mail.kick();
    return result;
  }

  /** The invited person, if the link is live. */
  async invitation(token: string): Promise<StaffUser | undefined> {
    const row = await new StaffInvitationsRepository(this.deps.db).findLive(hashToken(token), this.deps.clock.now());
    if (!row) return undefined;
    const staff = await this.find(row.staffId);
    return staff?.status === 'invited' ? staff : undefined;
  }

  async acceptInvitation(token: string, password: string, ctx: RequestContext): Promise<AcceptResult> {
    const { db, clock, hasher } = this.deps;
    const now = clock.now();
    const passwordHash = await hasher.hash(password);
    return db.transaction().execute(async (trx): Promise<AcceptResult> => {
      const invitations = new StaffInvitationsRepository(trx);
      const row = await invitations.findLive(hashToken(token), now);
      if (!row || !(await invitations.use(row.id, now))) return { ok: false, reason: 'invalid' };
      await new StaffUsersRepository(trx).update(row.staffId, { password_hash: passwordHash, status: 'active' });
      await recordAudit(trx, now, { actorType: 'staff', actorId: row.staffId, action: 'staff_invitation_accepted', requestId: ctx.requestId, ip: ctx.ip });
      return { ok: true, staffId: row.staffId };
    });
  }

  async changeRole(admin: StaffUser, staffId: number, role: StaffRole, ctx: RequestContext): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      await new StaffUsersRepository(trx).update(staffId, { role });
      await recordAudit(trx, clock.now(), { actorType: 'staff', actorId: admin.id, action: 'staff_role_changed', detail: { staffId, role }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }

  /** Disabling ends every session of that person at once. */
  async setDisabled(admin: StaffUser, staffId: number, disabled: boolean, ctx: RequestContext): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      const users = new StaffUsersRepository(trx);
      const target = await users.findById(staffId);
      if (!target) return;
      const status = disabled ? 'disabled' : target.passwordHash ? 'active' : 'invited';
      await users.update(staffId, { status });
      if (disabled) await new SessionRepository(trx).deleteForStaff(staffId);
      await recordAudit(trx, clock.now(), { actorType: 'staff', actorId: admin.id, action: disabled ? 'staff_disabled' : 'staff_enabled', detail: { staffId }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }
}
