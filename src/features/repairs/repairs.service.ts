import type { Deps } from '../../deps.ts';
import type { RepairStatus } from '../../db/database.ts';
import { recordAudit, type RequestContext } from '../../lib/audit.ts';
import { HttpError, notFound } from '../../lib/http-error.ts';
import { type Journey, chosenHome, fullChoice } from './repair-journey.ts';
import { deletePhoto, readPhoto } from './repair-photos.ts';
import { investigateBy, STATUS_WORDS, targetDate, tenantMayCancel, CLOSED_STATUSES, type RepairStatusName } from './repair-rules.ts';
import { repairsCatalogue, type RepairsCatalogue } from './repairs-catalogue.ts';
import { RepairsRepository, type HouseholdHome, type PhotoRecord, type RepairDetails, type RepairRecord, type RepairSummary, type Tenancies } from './repairs.repository.ts';
import type { Tile } from '../../lib/tile.ts';
import { KeptPerPerson, type Viewer } from '../../lib/kept-per-person.ts';

export type { HouseholdHome, RepairRecord, RepairSummary, Tenancies };

const REFERENCE = /^R\d{7,10}$/;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;
/** Lists show at most this many; a household's own history is far shorter, a block's may not be. */
export const LIST_LIMIT = 100;

export interface RepairAccess {
  repair: RepairRecord;
  /** The household's own repair (photos, cancel), or a communal one of their block seen read-only. */
  own: boolean;
}

export interface Household {
  home: HouseholdHome;
  names: string[];
  phone: string | null;
}

/** How many repairs each of the kept repairs pages holds in a worker process, over everyone (ADR 15). */
const KEPT_REPAIR_ROWS = 20_000;

type RepairsPage = { tenancies: Tenancies; repairsOf: Map<number, RepairSummary[]> };
type RepairPage = RepairAccess & { details: RepairDetails };
type MyRepairsPage = { tenancies: Tenancies; current: RepairSummary[]; previous: RepairSummary[] };

/** Logging and following repairs: the only door other features use into repairs. */
export class RepairsService {
  readonly catalogue: RepairsCatalogue;
  /** The pages kept per person and page version, so a visit with nothing changed reads only the session (ADR 13, ADR 15). */
  private readonly kept: { mine: KeptPerPerson<MyRepairsPage>; home: KeptPerPerson<RepairsPage>; block: KeptPerPerson<RepairsPage>; repair: KeptPerPerson<RepairPage> };
  constructor(
    private readonly deps: Deps,
    catalogue?: RepairsCatalogue,
  ) {
    const rows = deps.config.keepPages ? KEPT_REPAIR_ROWS : 0;
    this.kept = {
      mine: new KeptPerPerson(rows, (v) => v.current.length + v.previous.length + 1),
      home: new KeptPerPerson(rows, rowsIn),
      block: new KeptPerPerson(rows, rowsIn),
      repair: new KeptPerPerson(rows, (v) => 1 + v.details.history.length + v.details.workOrders.length + v.details.photos.length),
    };
    this.catalogue = catalogue ?? repairsCatalogue();
  }

  private repo(db = this.deps.db) {
    return new RepairsRepository(db);
  }

  /** The person's current homes, newest tenancy first: a repair is logged for one of them. */
  async homes(personId: number): Promise<HouseholdHome[]> {
    return (await this.repo().tenancies(personId)).homes;
  }

  /** The household's repairs (every tenancy they have had), split into current and previous. */
  myRepairs(viewer: Viewer): Promise<MyRepairsPage> {
    return this.kept.mine.for(viewer, '', () => this.readMyRepairs(viewer.personId));
  }

  private async readMyRepairs(personId: number): Promise<MyRepairsPage> {
    const { tenancies, repairs } = await this.repo().myRepairs(personId, LIST_LIMIT);
    const closed = (r: RepairSummary) => CLOSED_STATUSES.includes(r.status);
    return { tenancies, current: repairs.filter((r) => !closed(r)), previous: repairs.filter(closed) };
  }

  /**
   * The person's tenancies, with the repairs at each current home (`at: 'home'`) or at its block
   * (`at: 'block'`), newest first: repairs at this address and related repairs.
   */
  tenanciesWithRepairs(viewer: Viewer, at: 'home' | 'block'): Promise<RepairsPage> {
    return this.kept[at].for(viewer, '', () => this.repo().tenanciesWithRepairs(viewer.personId, at, LIST_LIMIT));
  }

  /** As `visible`, for the repair's own page: kept while the person's page version stands. */
  async repairPage(viewer: Viewer, reference: unknown): Promise<RepairPage> {
    if (typeof reference !== 'string' || !REFERENCE.test(reference)) throw notFound();
    return this.kept.repair.for(viewer, reference, () => this.visible(viewer.personId, reference));
  }

  /**
   * The repair named in a URL, with its history, work orders and photos (read in one query with the
   * person's tenancies), if this person's household reported it or it is communal to their block;
   * otherwise not found. Its page, its photos and cancelling it all start here.
   */
  async visible(personId: number, reference: unknown): Promise<RepairAccess & { details: RepairDetails }> {
    if (typeof reference !== 'string' || !REFERENCE.test(reference)) throw notFound();
    const { tenancies, found } = await this.repo().repairPage(personId, reference);
    if (!found) throw notFound();
    return { ...accessTo(found.repair, tenancies), details: found.details };
  }

  /** A photo for its own household only; staff reach photos through their own service. */
  async photo(personId: number, reference: unknown, photoId: number): Promise<{ photo: PhotoRecord; data: Buffer }> {
    const { own, details } = await this.visible(personId, reference);
    if (!own) throw notFound();
    const photo = details.photos.find((p) => p.id === photoId);
    if (!photo) throw notFound();
    return { photo, data: await this.photoData(photo) };
  }

  async photoData(photo: PhotoRecord): Promise<Buffer> {
    try {
      return await readPhoto(photo.storedName);
    } catch {
      throw notFound();
    }
  }

  async byIdempotencyKey(personId: number, key: string): Promise<string | undefined> {
    return this.repo().byIdempotencyKey(personId, key);
  }

  /**
   * Logs the repair from the journey's answers in one transaction. The same idempotency key
   * twice (a double click, a resent form) gives the first repair's reference, not a second repair.
   */
  async create(personId: number, journey: Journey, key: string, ctx: RequestContext): Promise<string> {
    const existing = await this.byIdempotencyKey(personId, key);
    if (existing) return existing;
    const homes = await this.homes(personId);
    if (homes.length === 0) throw new HttpError(400, 'no_home', 'We cannot find a current tenancy to log a repair for. Call us instead.');
    // Checked again here, not only when the address was chosen: the tenancy may have ended since.
    const home = chosenHome(homes, journey.home);
    if (!home) throw new HttpError(400, 'no_such_home', 'Select the address the repair is for. Go back to the question "Which address is the repair for?" and choose one of your current homes.');
    const choice = fullChoice(this.catalogue, journey, home.blockId !== null);
    if (!choice || !journey.description) throw new HttpError(400, 'incomplete', 'Some answers are missing. Go back and answer every question.');

    const now = this.deps.clock.now();
    const at = now.toISOString();
    const nation = this.deps.config.landlord.nation;
    const { problem } = choice;
    const hazards = problem.damp ? ['damp_mould', ...(journey.damp?.health === 'yes' ? ['health_affected'] : [])] : [];
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const repo = this.repo(trx);
        const reference = await repo.insert({
          property_id: choice.location.id === 'communal' && home.blockId !== null ? home.blockId : home.propertyId,
          agreement_id: home.agreementId,
          reported_by_person_id: personId,
          channel: 'portal',
          location: choice.location.id,
          area_id: choice.area.id,
          area: choice.area.label,
          item_id: choice.item.id,
          item: choice.item.label,
          problem_id: problem.id,
          problem: problem.label,
          trade: problem.trade,
          description: journey.description!,
          priority: problem.priority,
          status: 'reported',
          reported_at: at,
          target_date: targetDate(problem, now, { priorities: this.catalogue.priorities, rightToRepair: this.catalogue.rightToRepair, nation }),
          investigate_by: problem.damp ? investigateBy(now, this.catalogue.dampInvestigationWorkingDays, nation) : null,
          hazard_flags: JSON.stringify(hazards),
          damp_details: problem.damp && journey.damp ? JSON.stringify(journey.damp) : null,
          access_notes: journey.accessNotes || null,
          availability: JSON.stringify({ days: journey.days ?? [], times: journey.times ?? [] }),
          idempotency_key: key,
          created_at: at,
          updated_at: at,
        });
        const repair = (await repo.byReference(reference))!;
        await repo.addHistory(repair.id, 'reported', at, 'tenant', 'Reported online');
        for (const photo of journey.photos) await repo.addPhoto(repair.id, photo, personId, at);
        await recordAudit(trx, now, { actorType: 'tenant', actorId: personId, personId, action: 'repair_reported', detail: { reference, priority: problem.priority }, requestId: ctx.requestId, ip: ctx.ip });
        return reference;
      });
    } catch (err) {
      // Two submits at once: the unique key lets only one in, and the other reads what it made.
      const raced = await this.byIdempotencyKey(personId, key);
      if (raced) return raced;
      throw err;
    }
  }

  /** Cancels a repair no one has started; anything further along is refused with the reason. */
  async cancel(personId: number, reference: unknown, ctx: RequestContext): Promise<RepairRecord> {
    const { repair, own } = await this.visible(personId, reference);
    if (!own) throw notFound();
    if (!tenantMayCancel(repair.status)) throw cannotCancel(repair.status, this.deps.config.landlord.phones[0]?.number);
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const done = await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.repo(trx);
      if (!(await repo.changeStatus(repair.id, ['reported', 'assigned'], 'cancelled', at))) return false;
      await repo.cancelWorkOrders(repair.id, at);
      await repo.addHistory(repair.id, 'cancelled', at, 'tenant', 'Cancelled online by the tenant');
      await recordAudit(trx, now, { actorType: 'tenant', actorId: personId, personId, action: 'repair_cancelled', detail: { reference: repair.reference }, requestId: ctx.requestId, ip: ctx.ip });
      return true;
    });
    if (!done) {
      const latest = await this.visible(personId, reference);
      throw cannotCancel(latest.repair.status, this.deps.config.landlord.phones[0]?.number);
    }
    return repair;
  }

  /** Photos of a journey that was abandoned or replaced are removed from disk. */
  async discardPhotos(names: string[]): Promise<void> {
    for (const name of names) await deletePhoto(name);
  }
}

/** The repairs a page of repairs at homes or blocks holds, for how much of it is kept. */
function rowsIn(page: RepairsPage): number {
  let rows = 1;
  for (const list of page.repairsOf.values()) rows += list.length;
  return rows;
}

function cannotCancel(status: RepairStatus, phone: string | undefined): HttpError {
  const words = STATUS_WORDS[status as RepairStatusName].text.toLowerCase();
  const why = status === 'cancelled' ? 'This repair has already been cancelled.' : status === 'completed' ? 'This repair has been completed.' : `This repair cannot be cancelled online because work on it has started (it is ${words}).`;
  return new HttpError(409, 'cannot_cancel', `${why}${phone && status !== 'cancelled' && status !== 'completed' ? ` If you no longer need it, call us on ${phone}.` : ''}`);
}

/** The household's own repair, on any agreement they are or were on; a communal repair of a block they live in, read-only; otherwise not found. */
function accessTo(repair: RepairRecord, { agreementIds, homes }: Tenancies): RepairAccess {
  if (repair.agreementId !== null && agreementIds.includes(repair.agreementId)) return { repair, own: true };
  if (repair.location === 'communal' && homes.some((h) => h.blockId === repair.propertyId)) return { repair, own: false };
  throw notFound();
}

/** The names and phone number of the household at one of the person's homes, as the repairs pages head them. */
export function householdAt(tenancies: Tenancies, home: HouseholdHome): Household {
  return { home, names: home.names, phone: tenancies.phone };
}

/** The dashboard's repair tiles: the number of current repairs (see openRepairsCount), and logging a new one. */
export function repairTiles(current: number): Tile[] {
  return [
    { href: '/repairs', title: 'My Repairs', body: current === 0 ? 'No current repairs' : `${current} current repair${current === 1 ? '' : 's'}` },
    { href: '/repairs/new', title: 'Log a Repair', body: 'Tell us about something that needs fixing' },
  ];
}
