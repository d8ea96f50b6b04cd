import { formatUkPhone } from '../../lib/forms.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { MINUTE } from '../../lib/clock.ts';
import { notFound } from '../../lib/http-error.ts';
import { CHANGE_KINDS, CONTACT_METHODS, isContactMethod, londonToday, type ChangeKind, type ContactDetailInput } from './profile.schemas.ts';
import { ProfileRepository, type ContactDetail, type PersonalDetails } from './profile.repository.ts';

export const CHANGE_REQUEST_KIND = 'change_of_details';
/** A form sent again within this time with the same words is the same request. */
const RESUBMIT_WINDOW = 10 * MINUTE;

export interface ContactDetailView extends ContactDetail {
  methodName: string;
  displayValue: string;
  current: boolean;
}

/** Personal details (read-only, changes go to staff) and contact details (kept by the tenant). */
export class ProfileService {
  constructor(private readonly deps: Deps) {}

  private repo() {
    return new ProfileRepository(this.deps.db);
  }

  today(): string {
    return londonToday(this.deps.clock.now());
  }

  async personalDetails(personId: number): Promise<PersonalDetails> {
    const details = await this.repo().personalDetails(personId);
    if (!details) throw notFound();
    return details;
  }

  /** Files the change for staff (it appears in their requests inbox) and audits it, together. */
  async requestChange(personId: number, accountId: number, kind: ChangeKind, detail: string, ctx: RequestContext): Promise<number> {
    const { db, clock } = this.deps;
    const at = clock.now();
    const summary = CHANGE_KINDS[kind].summary;
    return db.transaction().execute(async (trx) => {
      const repo = new ProfileRepository(trx);
      const earlier = await repo.recentSameRequest(personId, CHANGE_REQUEST_KIND, summary, detail, new Date(at.getTime() - RESUBMIT_WINDOW).toISOString());
      if (earlier) return earlier;
      const id = await repo.insertRequest(personId, CHANGE_REQUEST_KIND, summary, detail, at.toISOString());
      await recordAudit(trx, at, { actorType: 'tenant', actorId: accountId, personId, action: 'change_of_details_requested', detail: { requestId: id, kind }, requestId: ctx.requestId, ip: ctx.ip });
      return id;
    });
  }

  async changeRequest(personId: number, id: number) {
    const found = await this.repo().requestOf(personId, id);
    if (!found) throw notFound();
    return found;
  }

  async contactDetails(personId: number): Promise<ContactDetailView[]> {
    const today = this.today();
    return (await this.repo().contactDetails(personId)).map((c) => toView(c, today));
  }

  async contactDetail(personId: number, id: number): Promise<ContactDetailView> {
    const found = await this.repo().contactDetail(personId, id);
    if (!found) throw notFound();
    return toView(found, this.today());
  }

  async addContactDetail(personId: number, accountId: number, input: ContactDetailInput, ctx: RequestContext): Promise<number> {
    const at = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const id = await new ProfileRepository(trx).insertContactDetail(personId, input, at.toISOString());
      await recordAudit(trx, at, { actorType: 'tenant', actorId: accountId, personId, action: 'contact_detail_added', detail: { contactDetailId: id, method: input.method }, requestId: ctx.requestId, ip: ctx.ip });
      return id;
    });
  }

  async editContactDetail(personId: number, accountId: number, id: number, input: ContactDetailInput, ctx: RequestContext): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await new ProfileRepository(trx).updateContactDetail(personId, id, input, at.toISOString()))) throw notFound();
      await recordAudit(trx, at, { actorType: 'tenant', actorId: accountId, personId, action: 'contact_detail_changed', detail: { contactDetailId: id, method: input.method }, requestId: ctx.requestId, ip: ctx.ip });
    });
  }
}

function toView(c: ContactDetail, today: string): ContactDetailView {
  const known = isContactMethod(c.method) ? CONTACT_METHODS[c.method] : null;
  return {
    ...c,
    methodName: known?.name ?? c.method.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()),
    displayValue: known?.kind === 'phone' ? formatUkPhone(c.value.replace(/[\s\-()]/g, '')) : c.value,
    current: !c.endDate || c.endDate >= today,
  };
}
