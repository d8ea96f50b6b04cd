import type { Kysely } from 'kysely';
import type { ChargeFrequency, Database } from '../db/database.ts';
import { CommunicationsRepository } from '../features/communications/communications.repository.ts';
import { LedgerService, type Posting } from '../features/money/ledger.service.ts';
import { addDays, addMonths, londonToday } from '../features/money/money.schemas.ts';
import { prng } from './demo-data.ts';

interface MoneySeedDeps {
  db: Kysely<Database>;
  now: Date;
  /** The demo tenant who signs in: given a former tenancy too, so My Agreements shows both kinds. */
  demoPersonId: number;
}

type Profile = 'arrears' | 'clear' | 'credit' | 'arrangement';
const PROFILES: Profile[] = ['arrears', 'clear', 'credit', 'clear', 'arrangement'];
const METHODS = ['Direct Debit', 'Bank transfer', 'Card payment by phone', 'PayPoint card', 'Direct Debit'];

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The Monday on or after a date. */
function mondayFrom(iso: string): string {
  const day = d(iso).getUTCDay();
  return addDays(iso, (8 - day) % 7);
}

/** The financial year (April to March) a date falls in, by its starting year. */
const fyOf = (iso: string) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);

/**
 * Three years of rent history for every agreement of the demo landlord: weekly (or, for some,
 * monthly) rent with a rise each April, service charges on flats, benefit contributions for a
 * third of households, and payments whose habits leave some in arrears and some in credit.
 */
export async function seedMoneyDemo({ db, now, demoPersonId }: MoneySeedDeps): Promise<{ agreements: number; transactions: number }> {
  const random = prng(3141592);
  const today = londonToday(now);
  const ledger = new LedgerService(db, () => now);

  // The demo tenant's earlier home, ended when they moved: its account was cleared on leaving.
  const property = await db
    .insertInto('properties')
    .values({ kind: 'house', address_line1: '14 Canal Street', address_line2: null, town: 'Northbridge', county: 'Westshire', postcode: 'NB3 5CS', uprn: '900000000451', parent_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const formerEnd = addMonths(today, -40);
  const former = await db
    .insertInto('agreements')
    .values({ reference: '39990017', type: 'Assured tenancy', status: 'former', property_id: property.id, start_date: '2015-09-07', end_date: formerEnd })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('agreement_members').values({ agreement_id: former.id, person_id: demoPersonId, role: 'lead' }).execute();

  const agreements = await db
    .selectFrom('agreements as a')
    .innerJoin('properties as p', 'p.id', 'a.property_id')
    .select(['a.id', 'a.status', 'a.start_date', 'a.end_date', 'p.kind'])
    .orderBy('a.id')
    .execute();

  let transactions = 0;
  for (const [i, a] of agreements.entries()) {
    const isFormer = a.status === 'former';
    const end = a.end_date && a.end_date < today ? a.end_date : today;
    const start = [a.start_date, addMonths(end, -36)].sort()[1];
    const profile: Profile = isFormer ? 'clear' : PROFILES[i % PROFILES.length];
    const frequency: ChargeFrequency = i % 6 === 4 ? 'monthly' : 'weekly';
    const method = METHODS[i % METHODS.length];
    const baseWeekly = 8500 + Math.floor(random() * 45) * 100 + (a.kind === 'flat' ? 0 : 1500);
    const serviceWeekly = a.kind === 'flat' ? 1250 + Math.floor(random() * 6) * 50 : 0;
    const benefitShare = i % 3 === 1 ? 0.5 + random() * 0.5 : 0;
    await ledger.openAccount(a.id, { paymentMethod: benefitShare > 0 ? `${method} and Housing Benefit` : method });

    // Charges by financial year, rising about 4% each April.
    const firstFy = fyOf(start);
    const lastFy = fyOf(end);
    const weeklyFor = (fy: number) => Math.round(baseWeekly * 1.04 ** (fy - lastFy));
    for (let fy = firstFy; fy <= lastFy; fy++) {
      const from = `${fy}-04-01`;
      const to = fy === lastFy ? (isFormer ? end : null) : `${fy + 1}-03-31`;
      const toPeriod = (weekly: number) => (frequency === 'monthly' ? Math.round((weekly * 52) / 12) : weekly);
      await ledger.addCharge(a.id, { kind: 'rent', description: 'Rent', amountPence: toPeriod(weeklyFor(fy)), frequency, effectiveFrom: from, effectiveTo: to });
      if (serviceWeekly) await ledger.addCharge(a.id, { kind: 'service_charge', description: 'Service charge (communal cleaning and lighting)', amountPence: toPeriod(serviceWeekly), frequency, effectiveFrom: from, effectiveTo: to });
      if (benefitShare) await ledger.addBenefit(a.id, { kind: 'Housing Benefit', amountPence: Math.round(weeklyFor(fy) * benefitShare), frequency: 'weekly', effectiveFrom: from, effectiveTo: to });
    }

    const postings: Posting[] = [];
    const carried = profile === 'arrears' ? 4237 : profile === 'credit' ? -1500 : 0;
    if (carried) postings.push({ date: start, type: 'adjustment', description: 'Balance brought forward', amountPence: carried });
    let owed = carried;
    const pay = (date: string, due: number, week: number) => {
      let amount = due;
      if (profile === 'arrears') amount = random() < 0.015 ? 0 : due - (week % 8 === 0 ? 500 : 0);
      if (profile === 'credit') amount = due + (week % 4 === 0 ? 500 : 0);
      if (profile === 'arrangement') amount = random() < 0.01 ? 0 : due + (owed > 0 ? 300 : 0);
      if (profile === 'clear' && isFormer && date >= addDays(end, -7)) amount = Math.max(0, owed);
      if (amount === 0) return;
      owed -= amount;
      postings.push({ date, type: 'payment', description: `Payment, ${method}`, amountPence: -amount, reference: `P${a.id}-${postings.length}` });
    };

    if (frequency === 'weekly') {
      let week = 0;
      for (let day = mondayFrom(start); day <= end; day = addDays(day, 7), week++) {
        const weekly = weeklyFor(fyOf(day));
        const gross = weekly + serviceWeekly;
        owed += gross;
        postings.push({ date: day, type: 'charge', description: 'Rent and charges', amountPence: gross });
        const benefit = benefitShare ? Math.round(weekly * benefitShare) : 0;
        if (benefit) {
          owed -= benefit;
          postings.push({ date: day, type: 'benefit', description: 'Housing Benefit', amountPence: -benefit });
        }
        const payDay = addDays(day, method === 'Direct Debit' ? 0 : 1 + (week % 3));
        if (payDay <= end) pay(payDay, gross - benefit, week);
      }
    } else {
      let month = 0;
      for (let day = start.endsWith('-01') ? start : addMonths(`${start.slice(0, 7)}-01`, 1); day <= end; day = addMonths(day, 1), month++) {
        const gross = Math.round(((weeklyFor(fyOf(day)) + serviceWeekly) * 52) / 12);
        owed += gross;
        postings.push({ date: day, type: 'charge', description: `Rent and charges for ${monthName.format(d(day))}`, amountPence: gross });
        const benefit = benefitShare ? Math.round((weeklyFor(fyOf(day)) * benefitShare * 52) / 12) : 0;
        if (benefit) {
          owed -= benefit;
          postings.push({ date: day, type: 'benefit', description: 'Housing Benefit', amountPence: -benefit });
        }
        const payDay = addDays(day, method === 'Direct Debit' ? 0 : 2);
        if (payDay <= end) pay(payDay, gross - benefit, month);
      }
    }
    // A former tenancy is closed with its account cleared, as ours are.
    if (isFormer && owed !== 0) postings.push({ date: end, type: owed < 0 ? 'refund' : 'adjustment', description: owed < 0 ? 'Refund of credit on leaving' : 'Balance written off on leaving', amountPence: -owed });
    postings.sort((x, y) => x.date.localeCompare(y.date));
    await ledger.importHistory(a.id, postings);
    transactions += postings.length;
  }

  await new CommunicationsRepository(db).insertOnce({
    personId: demoPersonId,
    agreementId: null,
    kind: 'message',
    title: 'Your rent from April',
    body: 'Your weekly rent changes on the first Monday in April. Your new charges are on your rent account page.\n\nIf you pay by standing order, remember to change the amount with your bank.',
    pdf: null,
    key: null,
    nowIso: now.toISOString(),
  });
  return { agreements: agreements.length, transactions };
}
