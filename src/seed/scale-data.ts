import { AGREEMENT_TYPES, COUNTY, FORENAMES, STREETS, SURNAMES, TITLES, TOWN, prng } from './demo-data.ts';
import { buildLedger, dayOf, fyOf, isoOf, type Behaviour, type LedgerPlan, type PaymentPattern, type TransactionRow } from './scale-ledger.ts';

/**
 * A large landlord, one household at a time. Every household draws from its own seeded random
 * source, so household 1,234 is the same whether 2,000 or 20,000 are built, and the same on every
 * run: figures measured at two sizes compare like with like.
 */

type Row = unknown[];

/** Rows for each table, in the column order of SCALE_TABLES (scale-bulk.ts). */
export interface ScaleRows {
  properties: Row[];
  agreements: Row[];
  people: Row[];
  agreement_members: Row[];
  contact_details: Row[];
  accounts: Row[];
  charges: Row[];
  benefit_contributions: Row[];
  rent_accounts: Row[];
  rent_transactions: TransactionRow[];
  communications: Row[];
}

export const emptyRows = (): ScaleRows => ({
  properties: [], agreements: [], people: [], agreement_members: [], contact_details: [], accounts: [],
  charges: [], benefit_contributions: [], rent_accounts: [], rent_transactions: [], communications: [],
});

/** Each estate is a block of flats and the streets of houses around it. */
const ESTATE_SIZE = 100;
const FLATS_PER_BLOCK = 24;
const AREAS = ['Northbridge Park', 'Kiln Fields', 'St Anne’s', 'Riverside', 'Holloway', 'Ashby Green', 'Templeton', 'Marsh End', 'Upper Weald', 'Castle Hill', 'Brookside', 'Elmstead'];
const BLOCKS = ['Beacon', 'Harbour', 'Lantern', 'Kestrel', 'Juniper', 'Marlow', 'Sefton', 'Rowan', 'Tamar', 'Weaver'];
const YEAR = 365;

/** The agreement reference of household `i`: what the tenant quotes when paying. */
export const referenceFor = (i: number) => String(41000000 + i * 7);
/** Every fifth household's lead tenant has a portal account under this username. */
export const usernameFor = (i: number) => `tenant${referenceFor(i)}`;
export const householdHasAccount = (i: number, random: () => number) => i % 5 === 0 || random() < 0.3;

export interface ScaleContext {
  /** Today in London: histories run up to it. */
  today: string;
  nowIso: string;
  passwordHash: string;
}

export class ScaleGenerator {
  private nextProperty: number;
  private nextAgreement: number;
  private nextPerson: number;
  private blockId = 0;
  private readonly todayDay: number;
  private readonly currentFy: number;

  constructor(private readonly ctx: ScaleContext, firstIds = { property: 1, agreement: 1, person: 1 }) {
    this.nextProperty = firstIds.property;
    this.nextAgreement = firstIds.agreement;
    this.nextPerson = firstIds.person;
    this.todayDay = dayOf(ctx.today);
    this.currentFy = fyOf(ctx.today);
  }

  /** Households `from` to `to - 1`, which must follow the previous call's. */
  households(from: number, to: number): ScaleRows {
    const out = emptyRows();
    for (let i = from; i < to; i++) this.household(i, out);
    return out;
  }

  private household(i: number, out: ScaleRows): void {
    const random = prng(0x5ca1e ^ Math.imul(i + 1, 2654435761));
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const estate = Math.floor(i / ESTATE_SIZE);
    const slot = i % ESTATE_SIZE;
    const area = AREAS[estate % AREAS.length];
    const postcode = `NB${1 + (estate % 9)} ${1 + (slot % 9)}${'ABDEFGHJLNPQRSTUWXYZ'[estate % 20]}${'ABDEFGHJLNPQRSTUWXYZ'[(slot * 7) % 20]}`;
    const isFlat = slot < FLATS_PER_BLOCK;
    if (slot === 0) {
      this.blockId = this.nextProperty++;
      const name = `${BLOCKS[estate % BLOCKS.length]} Court`;
      out.properties.push([this.blockId, 'block', name, `${1 + (estate % 60)} ${area} Road`, TOWN, COUNTY, postcode, uprn(this.blockId), null]);
    }
    const propertyId = this.nextProperty++;
    out.properties.push(
      isFlat
        ? [propertyId, 'flat', `Flat ${slot + 1}, ${BLOCKS[estate % BLOCKS.length]} Court`, `${1 + (estate % 60)} ${area} Road`, TOWN, COUNTY, postcode, uprn(propertyId), this.blockId]
        : [propertyId, 'house', `${2 * slot - 40 + (estate % 7)} ${STREETS[(estate + slot) % STREETS.length]}`, area, TOWN, COUNTY, postcode, uprn(propertyId), null],
    );

    // Every current tenancy began at least three years ago, so each has three full years of history.
    const startDay = this.todayDay - 3 * YEAR - 7 - Math.floor(random() * 22 * YEAR);
    const agreementId = this.nextAgreement++;
    const reference = referenceFor(i);
    out.agreements.push([agreementId, reference, pick(AGREEMENT_TYPES), 'current', propertyId, isoOf(startDay), null]);

    const surname = pick(SURNAMES);
    const joint = random() < 0.2;
    const members: number[] = [];
    for (let m = 0; m < (joint ? 2 : 1); m++) {
      const personId = this.nextPerson++;
      members.push(personId);
      const forenames = pick(FORENAMES);
      const personSurname = m === 0 || random() < 0.5 ? surname : pick(SURNAMES);
      const dob = isoOf(dayOf('1940-01-01') + Math.floor(random() * 64 * YEAR));
      out.people.push([personId, pick(TITLES), forenames, personSurname, dob, this.ctx.nowIso]);
      out.agreement_members.push([agreementId, personId, m === 0 ? 'lead' : 'joint']);
      const since = isoOf(startDay);
      out.contact_details.push([personId, 'mobile_phone', `07700 900${String(personId % 1000).padStart(3, '0')}`, since, null, this.ctx.nowIso, this.ctx.nowIso]);
      const email = random() < 0.7 ? `${forenames}.${personSurname}.${personId}@example.com`.toLowerCase() : null;
      if (email) out.contact_details.push([personId, 'email', email, since, null, this.ctx.nowIso, this.ctx.nowIso]);
      if (m === 0 && householdHasAccount(i, random)) {
        out.accounts.push([personId, usernameFor(i), email, this.ctx.passwordHash, 0, 'email', 'active', this.ctx.nowIso]);
        const read = random() < 0.6;
        const sent = `${this.currentFy}-03-01T09:00:00.000Z`;
        out.communications.push([personId, null, 'message', 'Your rent from April', 'Your weekly rent changed on the first Monday in April. Your new charges are on your rent account page.', null, null, null, sent, read ? `${this.currentFy}-03-03T18:20:00.000Z` : null]);
      }
    }

    const pattern = weighted<PaymentPattern>(random, [['weekly', 0.3], ['fortnightly', 0.2], ['monthly', 0.3], ['housing-benefit', 0.2]]);
    const behaviour = weighted<Behaviour>(random, [['steady', 0.6], ['arrears', 0.22], ['credit', 0.1], ['arrangement', 0.08]]);
    const method = pattern === 'housing-benefit' ? 'PayPoint card' : pattern === 'monthly' ? 'Bank transfer' : pick(['Direct Debit', 'Direct Debit', 'Bank transfer', 'PayPoint card', 'Card payment by phone']);
    const plan: LedgerPlan = {
      agreementId,
      reference,
      fromDay: this.todayDay - 3 * YEAR,
      toDay: this.todayDay,
      weeklyRent: 8200 + Math.floor(random() * 50) * 100 + (isFlat ? 0 : 1800),
      rentYear: this.currentFy,
      weeklyService: isFlat ? 1100 + Math.floor(random() * 8) * 75 : 0,
      benefitShare: pattern === 'housing-benefit' ? (random() < 0.5 ? 1 : 0.5 + Math.floor(random() * 5) / 10) : 0,
      pattern,
      behaviour,
      method,
      broughtForward: behaviour === 'arrears' ? 2000 + Math.floor(random() * 380) * 100 : behaviour === 'arrangement' ? 20000 + Math.floor(random() * 600) * 100 : behaviour === 'credit' ? -(500 + Math.floor(random() * 150) * 100) : 0,
      clearAtEnd: false,
    };
    this.account(plan, random, out);

    // A few households moved here from another of the landlord's homes: that tenancy is on record.
    if (random() < 0.03) {
      const oldProperty = this.nextProperty++;
      out.properties.push([oldProperty, 'house', `${1 + Math.floor(random() * 120)} ${pick(STREETS)}`, pick(AREAS), TOWN, COUNTY, `NB${1 + Math.floor(random() * 9)} 4ZZ`, uprn(oldProperty), null]);
      const formerId = this.nextAgreement++;
      const endDay = startDay - 1;
      const formerStart = endDay - YEAR - Math.floor(random() * 6 * YEAR);
      out.agreements.push([formerId, String(39000000 + i), pick(AGREEMENT_TYPES), 'former', oldProperty, isoOf(formerStart), isoOf(endDay)]);
      out.agreement_members.push([formerId, members[0], 'lead']);
      const fromDay = Math.max(formerStart, endDay - 3 * YEAR);
      this.account({ ...plan, agreementId: formerId, reference: String(39000000 + i), fromDay, toDay: endDay, rentYear: fyOf(isoOf(endDay)), weeklyService: 0, behaviour: 'steady', broughtForward: 0, clearAtEnd: true }, random, out);
    }
  }

  /** The charges, benefits, rent account and transactions of one agreement. */
  private account(plan: LedgerPlan, random: () => number, out: ScaleRows): void {
    const firstFy = fyOf(isoOf(plan.fromDay));
    const lastFy = fyOf(isoOf(plan.toDay));
    const ended = plan.clearAtEnd ? isoOf(plan.toDay) : null;
    for (let fy = firstFy; fy <= lastFy; fy++) {
      const from = `${fy}-04-01`;
      const to = fy === lastFy ? ended : `${fy + 1}-03-31`;
      const rent = Math.round(plan.weeklyRent * 1.04 ** (fy - plan.rentYear));
      out.charges.push([plan.agreementId, 'rent', 'Rent', rent, 'weekly', from, to]);
      if (plan.weeklyService) out.charges.push([plan.agreementId, 'service_charge', 'Service charge (communal cleaning and lighting)', plan.weeklyService, 'weekly', from, to]);
      if (plan.benefitShare) out.benefit_contributions.push([plan.agreementId, 'Housing Benefit', Math.round(rent * plan.benefitShare), 'weekly', from, to]);
    }
    const ledger = buildLedger(plan, random);
    const paymentMethod = plan.benefitShare ? `${plan.method} and Housing Benefit` : plan.method;
    const last = ledger.rows[ledger.rows.length - 1];
    out.rent_accounts.push([plan.agreementId, 'Rent account', paymentMethod, ledger.balance, ledger.rows.length, ledger.lastPayment?.date ?? null, ledger.lastPayment?.pence ?? null, last ? last[8] : this.ctx.nowIso]);
    for (const row of ledger.rows) out.rent_transactions.push(row);
  }
}

function weighted<T>(random: () => number, options: Array<[T, number]>): T {
  let roll = random();
  for (const [value, weight] of options) {
    if (roll < weight) return value;
    roll -= weight;
  }
  return options[options.length - 1][0];
}

const uprn = (propertyId: number) => `8${String(propertyId).padStart(11, '0')}`;
