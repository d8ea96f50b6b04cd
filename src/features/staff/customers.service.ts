import type { Deps } from '../../deps.ts';
import { recentAuditForPerson, recordAudit, type RequestContext } from '../../lib/audit.ts';
import { SessionRepository } from '../../plugins/session/session.repository.ts';
import { describeActivity } from '../dashboard/activity.ts';
import { PasswordResetService } from '../password-reset/password-reset.service.ts';
import { CustomersRepository, type CustomerHit, type CustomerRecord, type CustomerRepair } from './customers.repository.ts';
import { PRIORITY_LABELS, STATUS_LABELS } from './repairs-triage.labels.ts';
import type { StaffUser } from './staff-users.repository.ts';

export interface CustomerView extends CustomerRecord {
  locked: { until: string } | null;
  activity: Array<{ at: string; text: string }>;
  repairs: Array<CustomerRepair & { statusText: string; priorityText: string }>;
}

export type AccountAction = 'unlock' | 'end_sessions' | 'disable' | 'enable';
export type PasswordResetOutcome = { sentTo: string } | { refused: 'no_account' | 'no_email' | 'disabled' };

/** What staff see and do about a customer. Every view of a record is audited. */
export class CustomersService {
  private readonly repo: CustomersRepository;
  constructor(private readonly deps: Deps) {
    this.repo = new CustomersRepository(deps.db);
  }

  search(term: string): Promise<CustomerHit[]> {
    return this.repo.search(term, 50);
  }

  private throttleKeys(record: CustomerRecord): string[] {
    if (!record.account) return [];
    return [record.account.username, record.account.email].filter(Boolean).map((id) => `signin:id:${id!.toLowerCase()}`);
  }

  async view(staff: StaffUser, personId: number, reason: string | null, ctx: RequestContext): Promise<CustomerView | undefined> {
    const record = await this.repo.record(personId);
    if (!record) return undefined;
    const now = this.deps.clock.now();
    await recordAudit(this.deps.db, now, { actorType: 'staff', actorId: staff.id, personId, action: 'staff_viewed_customer', detail: reason ? { reason: reason.slice(0, 200) } : {}, requestId: ctx.requestId, ip: ctx.ip });
    const throttle = await this.deps.throttle.check(this.throttleKeys(record));
    const activity = describeActivity(await recentAuditForPerson(this.deps.db, personId, 20));
    const repairs = (await this.repo.repairs(record.agreements.map((a) => a.id))).map((r) => ({
      ...r,
      statusText: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status,
      priorityText: PRIORITY_LABELS[r.priority as keyof typeof PRIORITY_LABELS] ?? r.priority,
    }));
    return { ...record, locked: throttle.blocked ? { until: new Date(now.getTime() + throttle.retryAfterSeconds * 1000).toISOString() } : null, activity, repairs };
  }

  async accountAction(staff: StaffUser, personId: number, action: AccountAction, ctx: RequestContext): Promise<'done' | 'no_account'> {
    const record = await this.repo.record(personId);
    if (!record?.account) return 'no_account';
    const accountId = record.account.id;
    const { db, clock, throttle } = this.deps;
    if (action === 'unlock') await throttle.reset(this.throttleKeys(record));
    await db.transaction().execute(async (trx) => {
      const sessions = new SessionRepository(trx);
      if (action === 'end_sessions' || action === 'disable') await sessions.deleteForAccount(accountId);
      if (action === 'disable' || action === 'enable') await new CustomersRepository(trx).setAccountStatus(accountId, action === 'disable' ? 'disabled' : 'active');
      await recordAudit(trx, clock.now(), { actorType: 'staff', actorId: staff.id, personId, action: `staff_account_${action}`, requestId: ctx.requestId, ip: ctx.ip });
    });
    return 'done';
  }

  /** Emails the tenant a reset link, as the forgotten-password page would; audited as this member of staff. */
  async sendPasswordReset(staff: StaffUser, personId: number, ctx: RequestContext): Promise<PasswordResetOutcome> {
    const record = await this.repo.record(personId);
    if (!record?.account) return { refused: 'no_account' };
    if (!record.account.email) return { refused: 'no_email' };
    if (record.account.status !== 'active') return { refused: 'disabled' };
    const sent = await new PasswordResetService(this.deps).request(record.account.email, ctx, { actorType: 'staff', staffId: staff.id });
    return sent ? { sentTo: record.account.email } : { refused: 'disabled' };
  }
}
