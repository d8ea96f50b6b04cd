import { PDFDocument } from 'pdf-lib';
import type { Deps } from '../../deps.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { renderLetterPdf } from '../../lib/pdf/letter-pdf.ts';
import { addWorkingDays, isoDate } from '../../lib/working-days.ts';
import { issueActivationCode } from '../registration/activation-codes.ts';
import { LettersRepository, type QueuedLetter } from './letters.repository.ts';
import type { StaffUser } from './staff-users.repository.ts';
import { longDateText } from '../../lib/date-text.ts';

export type IssueResult = { ok: true; letterId: number } | { ok: false; reason: 'not_a_tenant' | 'registered' };

export interface QueueView {
  due: Array<QueuedLetter & { state: 'late' | 'today' | 'due' }>;
  posted: QueuedLetter[];
  today: string;
}

/** Bulk issuing stops after this many per request, so one click never runs for minutes. */
export const BULK_BATCH = 200;

/** Activation codes go out by post: each one becomes a letter in the print queue. */
export class LettersService {
  constructor(private readonly deps: Deps) {}

  private get today(): string {
    return isoDate(this.deps.clock.now());
  }

  postBy(): string {
    const { landlord } = this.deps.config;
    return addWorkingDays(this.today, landlord.letterPostingWorkingDays, landlord.nation);
  }

  async issueCode(staff: StaffUser, personId: number, agreementId: number, ctx: RequestContext): Promise<IssueResult> {
    const { db, hasher, clock, config } = this.deps;
    const to = await new LettersRepository(db).addressee(personId, agreementId);
    if (!to) return { ok: false, reason: 'not_a_tenant' };
    if (to.registered) return { ok: false, reason: 'registered' };
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const issued = await issueActivationCode(trx, hasher, now, personId, agreementId, config.landlord.activationCodeDays);
      const pdf = await renderLetterPdf({
        landlordName: config.landlord.name,
        landlordAddress: config.landlord.address,
        landlordPhone: config.landlord.phones[0].number,
        date: longDateText(this.today),
        recipientName: to.name,
        recipientAddress: to.address,
        title: 'Your activation code for our online tenant portal',
        body: [
          `Dear ${to.name},`,
          `You can now see and manage your tenancy online with ${config.landlord.name}: keep your details up to date, see your rent account and report repairs, at any time of day.`,
          `To register, go to ${config.publicUrl}/register and choose "Register with my activation code". You will need your date of birth and these two things:`,
          { label: 'Your agreement reference', value: to.reference },
          { label: 'Your activation code', value: issued.code },
          `The code works once and only for you. It expires on ${longDateText(issued.expiresAt.slice(0, 10))}. If it has expired or you need help, call ${config.landlord.phones[0].number} (${config.landlord.phones[0].hours}).`,
          'If anyone else lives with you and is named on your tenancy, they will get their own letter and code.',
        ],
        signOff: `Yours sincerely,\n\nCustomer Services\n${config.landlord.name}`,
      });
      const letterId = await new LettersRepository(trx).insert({ personId, agreementId, kind: 'activation_code', title: 'Your activation code', pdf, createdAt: now.toISOString(), postBy: this.postBy() });
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, personId, action: 'staff_issued_activation_code', detail: { agreementId, letterId }, requestId: ctx.requestId, ip: ctx.ip });
      return { ok: true, letterId } as const;
    });
  }

  /** Codes for tenants not yet registered who hold no working code; at most BULK_BATCH a call. */
  async bulkIssue(staff: StaffUser, ctx: RequestContext): Promise<{ issued: number; more: boolean }> {
    const repo = new LettersRepository(this.deps.db);
    const todo = await repo.unregisteredWithoutLiveCode(this.deps.clock.now().toISOString(), BULK_BATCH + 1);
    let issued = 0;
    for (const { personId, agreementId } of todo.slice(0, BULK_BATCH)) {
      if ((await this.issueCode(staff, personId, agreementId, ctx)).ok) issued += 1;
    }
    return { issued, more: todo.length > BULK_BATCH };
  }

  async queue(): Promise<QueueView> {
    const repo = new LettersRepository(this.deps.db);
    const today = this.today;
    const due = (await repo.queue(false, 500)).map((l) => ({ ...l, state: l.postBy < today ? ('late' as const) : l.postBy === today ? ('today' as const) : ('due' as const) }));
    return { due, posted: await repo.queue(true, 50), today };
  }

  /** The chosen letters as one PDF, in posting order, for one print run. */
  async batch(ids: number[]): Promise<Buffer | null> {
    const rows = await new LettersRepository(this.deps.db).pdfs(ids);
    if (!rows.length) return null;
    const out = await PDFDocument.create();
    out.setTitle(`Letters to post (${rows.length})`);
    for (const row of rows) {
      const doc = await PDFDocument.load(row.pdf);
      for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
    }
    return Buffer.from(await out.save());
  }

  async markPosted(staff: StaffUser, ids: number[], ctx: RequestContext): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const count = await new LettersRepository(trx).markPosted(ids, now.toISOString());
      await recordAudit(trx, now, { actorType: 'staff', actorId: staff.id, action: 'staff_marked_letters_posted', detail: { ids: ids.slice(0, 500), count }, requestId: ctx.requestId, ip: ctx.ip });
      return count;
    });
  }
}
