import type { Deps } from '../../deps.ts';
import { renderStatementPdf } from '../../lib/pdf/statement-pdf.ts';
import { CommunicationsService } from '../communications/communications.service.ts';
import type { AgreementSummary, MoneyService } from './money.service.ts';
import { longDateText } from '../../lib/date-text.ts';

/** More lines than this (about ten years of weekly rent and payments) is asked for in parts. */
export const STATEMENT_LIMIT = 3000;

export type StatementResult = { ok: true; communicationId: number } | { ok: false; reason: 'too_long' };

/**
 * Statements are rendered once and their bytes kept with the communication: a statement is what
 * we told the tenant on the day, and must read the same when opened again after later postings
 * or a change of address (a re-render would quietly rewrite it).
 */
export class StatementService {
  private readonly communications: CommunicationsService;
  /** `money` is the money pages' own service, shared rather than made again with pages kept of its own. */
  constructor(
    private readonly deps: Deps,
    private readonly money: MoneyService,
  ) {
    this.communications = new CommunicationsService(deps);
  }

  async create(personId: number, tenantName: string, agreement: AgreementSummary, range: { from: string; to: string }, key: string | null): Promise<StatementResult> {
    // A double-clicked button: the first click's statement is the answer, nothing is drawn twice.
    if (key) {
      const existing = await this.communications.findByKey(personId, key);
      if (existing) return { ok: true, communicationId: existing };
    }
    const { opening, items, closing, truncated } = await this.money.period(agreement, range, STATEMENT_LIMIT);
    if (truncated) return { ok: false, reason: 'too_long' };
    const { landlord } = this.deps.config;
    const pdf = await renderStatementPdf({
      landlordName: landlord.name,
      landlordAddress: landlord.address,
      landlordPhone: landlord.phones[0].number,
      tenantName,
      address: agreement.address,
      reference: agreement.reference,
      accountType: agreement.account?.accountType ?? 'Rent account',
      from: range.from,
      to: range.to,
      issuedAt: this.deps.clock.now(),
      openingBalancePence: opening,
      lines: items.map((t) => ({ date: t.date, description: t.description, amountPence: t.amountPence, balancePence: t.balancePence })),
      closingBalancePence: closing,
    });
    const title = `Rent statement, ${longDateText(range.from)} to ${longDateText(range.to)} (${agreement.reference})`;
    const communicationId = await this.communications.recordStatement(personId, agreement.id, title, pdf, key);
    return { ok: true, communicationId };
  }
}
