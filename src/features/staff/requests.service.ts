import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { queueEmail } from '../../lib/mail/outbox.ts';
import { CommunicationsService } from '../communications/communications.service.ts';
import { RequestsRepository, type RequestDetail, type RequestSummary } from './requests.repository.ts';
import type { StaffUser } from './staff-users.repository.ts';

export const REQUEST_KINDS: Record<string, string> = {
  change_of_details: 'Change of personal details',
  unmatched_registration: 'Registration that did not match our records',
  contact_details_check: 'Contact details to check',
};

/** The inbox of what tenants and visitors sent that needs a person. */
export class RequestsService {
  constructor(private readonly deps: Deps) {}

  list(status: 'open' | 'resolved', mineOnly: StaffUser | null): Promise<RequestSummary[]> {
    return new RequestsRepository(this.deps.db).list(status, mineOnly?.id ?? null, 200);
  }

  find(id: number): Promise<RequestDetail | undefined> {
    return new RequestsRepository(this.deps.db).find(id);
  }

  async assign(staff: StaffUser, id: number, toMe: boolean, ctx: RequestContext): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await new RequestsRepository(trx).assign(id, toMe ? staff.id : null);
      await recordAudit(trx, this.deps.clock.now(), { actorType: 'staff', actorId: staff.id, action: toMe ? 'staff_took_request' : 'staff_released_request', detail: { requestId: id }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }

  async note(staff: StaffUser, id: number, body: string): Promise<void> {
    await new RequestsRepository(this.deps.db).addNote(id, staff.id, body, this.deps.clock.now().toISOString());
  }

  /**
   * Resolves with a message to the tenant: it lands in their My Communications and, when they
   * prefer email and have an address, is also emailed. One transaction, and only once.
   */
  async resolve(staff: StaffUser, request: RequestDetail, message: string, ctx: RequestContext): Promise<boolean> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const done = await db.transaction().execute(async (trx) => {
      const repo = new RequestsRepository(trx);
      if (!(await repo.resolve(request.id, staff.id, message, now.toISOString()))) return false;
      if (request.personId) {
        const title = `About your ${(REQUEST_KINDS[request.kind] ?? 'request').toLowerCase()}`;
        await new CommunicationsService({ ...this.deps, db: trx }).sendMessage(request.personId, title, message);
        const to = await repo.recipient(request.personId);
        if (to?.preferred === 'email' && to.email) {
          await queueEmail(trx, now, { to: to.email, subject: `${title} – ${config.landlord.name}`, text: `${message}\n\nYou can also read this message in My Communications when you sign in: ${config.publicUrl}/sign-in` });
        }
      }
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId: request.personId, action: 'staff_resolved_request', detail: { requestId: request.id }, requestId: ctx.requestId, ip: ctx.ip });
      return true;
    });
    if (done) this.deps.mail.kick();
    return done;
  }
}
