import type { Deps } from '../../deps.ts';
import type { CurrentAccount } from '../accounts/accounts.repository.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { RegistrationRepository, TemporaryPasswordRepository } from './registration.repository.ts';
import type { NewPasswordForm } from './registration.forms.ts';
import { isUniqueViolation } from './registration.service.ts';

export type ReplaceResult = { ok: true; usernameChanged: boolean } | { ok: false; reason: 'same_as_temporary' | 'username_taken' | 'not_temporary' };

/** The first sign-in after a temporary password: the tenant's own password, and a username if they like. */
export class TemporaryPasswordService {
  constructor(private readonly deps: Deps) {}

  async replace(account: CurrentAccount, form: NewPasswordForm, sessionIdHash: string | null, ctx: RequestContext): Promise<ReplaceResult> {
    const { db, hasher, clock } = this.deps;
    const current = await new TemporaryPasswordRepository(db).passwordHash(account.id);
    if (current && (await hasher.verify(current, form.password))) return { ok: false, reason: 'same_as_temporary' };
    const username = form.username && form.username !== account.username ? form.username : null;
    if (username && (await new RegistrationRepository(db).usernameTaken(username))) return { ok: false, reason: 'username_taken' };
    const passwordHash = await hasher.hash(form.password);
    const now = clock.now();
    try {
      return await db.transaction().execute(async (trx) => {
        if (!(await new TemporaryPasswordRepository(trx).replace(account.id, passwordHash, username))) return { ok: false, reason: 'not_temporary' } as const;
        // Anyone else who signed in with the temporary password is signed out.
        await new SessionRepository(trx).deleteForAccount(account.id, sessionIdHash ?? undefined);
        const base = { actorType: 'tenant' as const, actorId: account.id, personId: account.personId, requestId: ctx.requestId, ip: ctx.ip };
        await recordAudit(trx, now, { ...base, action: 'temporary_password_replaced' });
        if (username) await recordAudit(trx, now, { ...base, action: 'username_changed', detail: { from: account.username, to: username } });
        return { ok: true, usernameChanged: Boolean(username) } as const;
      });
    } catch (error) {
      if (username && isUniqueViolation(error)) return { ok: false, reason: 'username_taken' };
      throw error;
    }
  }
}
