import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { AccountsRepository, type AccountRecord } from './accounts.repository.ts';

export type SignInResult =
  | { ok: true; account: AccountRecord }
  | { ok: false; reason: 'mismatch' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export class SignInService {
  private readonly accounts: AccountsRepository;
  constructor(private readonly deps: Deps) {
    this.accounts = new AccountsRepository(deps.db);
  }

  async signIn(identifier: string, password: string, ctx: RequestContext): Promise<SignInResult> {
    const { throttle, hasher, clock, db } = this.deps;
    const keys = [`signin:ip:${ctx.ip}`, `signin:id:${identifier.trim().toLowerCase()}`];
    const state = await throttle.check(keys);
    if (state.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds };

    const account = await this.accounts.findByIdentifier(identifier);
    const matches = await hasher.verify(account?.passwordHash ?? (await hasher.dummyHash()), password);
    if (!account || !matches || account.status !== 'active') {
      await throttle.fail(keys);
      await recordAudit(db, clock.now(), { actorType: 'anonymous', personId: account?.personId ?? null, action: 'sign_in_failed', requestId: ctx.requestId, ip: ctx.ip });
      return { ok: false, reason: 'mismatch' };
    }
    await throttle.reset([keys[1]]);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await new AccountsRepository(trx).recordSignIn(account.id, now.toISOString());
      await recordAudit(trx, now, { actorType: 'tenant', actorId: account.id, personId: account.personId, action: 'signed_in', requestId: ctx.requestId, ip: ctx.ip });
    });
    return { ok: true, account };
  }
}
