import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { jsonArrayFor } from '../../db/json-arrays.ts';
import { reusableQuery, reusableQueryPerKey } from '../../db/reusable-query.ts';
import { CLOSED_STATUSES } from './repair-rules.ts';

/**
 * The reads the tenant's repairs pages and the dashboard send on every visit, built once (see
 * reusableQuery); RepairsRepository runs them.
 */

export const summaryColumns = ['id', 'reference', 'property_id', 'agreement_id', 'location', 'area', 'item', 'problem', 'description', 'priority', 'status', 'reported_at', 'target_date'] as const;

/** How many repairs not yet closed there are on the agreements the person is on: the dashboard's tile reads it. */
export const openRepairsCount = (eb: ExpressionBuilder<Database, never>, personId: number) =>
  eb
    .selectFrom('repairs')
    .select((inner) => inner.fn.countAll<number>().as('n'))
    .where('agreement_id', 'in', (inner) => inner.selectFrom('agreement_members').select('agreement_id').where('person_id', '=', personId))
    .where('status', 'not in', [...CLOSED_STATUSES]);

/**
 * Every agreement the person is on, current or former, with its home and block, newest tenancy
 * first; with each current one, the names on it (a JSON array, see jsonArrayFor); with every row,
 * the person's phone number. The household's header on the repairs pages comes from this one read.
 */
const tenanciesQuery = (db: Kysely<Database>, personId: number) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return db
    .selectFrom('agreement_members as m')
    .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
    .innerJoin('properties as p', 'p.id', 'a.property_id')
    .leftJoin('properties as b', 'b.id', 'p.parent_id')
    .select(['a.id as agreement_id', 'a.status', 'a.reference', 'a.start_date', 'p.id as property_id', 'p.parent_id', 'b.address_line1 as block_name', 'p.address_line1', 'p.address_line2', 'p.town', 'p.postcode'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('agreement_members as n')
          .innerJoin('people as person', 'person.id', 'n.person_id')
          .select(['person.id', 'person.forenames', 'person.surname', 'n.role'])
          .whereRef('n.agreement_id', '=', 'a.id')
          // A former home's household is never shown.
          .where('a.status', '=', 'current'),
      ).as('names'),
      eb
        .selectFrom('contact_details')
        .select('value')
        .where('person_id', '=', personId)
        .where('method', 'in', ['mobile_phone', 'home_phone', 'work_phone', 'phone'])
        .where('end_date', 'is', null)
        .orderBy('method')
        .limit(1)
        .as('phone'),
    ])
    .where('m.person_id', '=', personId)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id', 'desc');
};
export const tenanciesOfPerson = reusableQuery(tenanciesQuery);
export type TenancyRow = Awaited<ReturnType<typeof tenanciesOfPerson>>[number];

/**
 * My Repairs in one read: the person's tenancies (as tenanciesOfPerson) and the repairs of every
 * agreement they are on, newest first, at most `limit`, each a JSON array. The limit is written
 * into the SQL, one query for each limit, so PostgreSQL keeps one plan (see dashboardOfPerson).
 */
export const myRepairsOfPerson = (db: Kysely<Database>, personId: number, limit: number) => myRepairsQuery(limit)(db, personId);
const myRepairsQuery = reusableQueryPerKey((limit: number) =>
  reusableQuery((db, personId: number) => {
    const jsonArrayFrom = jsonArrayFor(db);
    return db.selectNoFrom([
      jsonArrayFrom(tenanciesQuery(db, personId)).as('tenancies'),
      jsonArrayFrom(
        db
          .selectFrom('repairs')
          .select(summaryColumns)
          .where('agreement_id', 'in', (eb) => eb.selectFrom('agreement_members').select('agreement_id').where('person_id', '=', personId))
          .orderBy('reported_at', 'desc')
          .orderBy('id', 'desc')
          .limit(sql.lit(limit)),
      ).as('repairs'),
    ]);
  }),
);

/**
 * The person's tenancies (as tenanciesOfPerson), each current home with the repairs at that home
 * (`at: 'home'`) or at its block (`at: 'block'`), newest first, at most `limit`, as a JSON array:
 * repairs at this address and related repairs in one read. The limit is written into the SQL, one
 * query for each, so PostgreSQL keeps one plan (see dashboardOfPerson).
 */
export const tenanciesWithRepairs = (db: Kysely<Database>, personId: number, at: 'home' | 'block', limit: number) => homeRepairsQueries[at](limit)(db, personId);
const homeRepairsQuery = (at: 'home' | 'block', limit: number) =>
  reusableQuery((db, personId: number) => {
    const jsonArrayFrom = jsonArrayFor(db);
    return tenanciesQuery(db, personId).select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('repairs as r')
          .select(summaryColumns.map((c) => `r.${c}` as const))
          .whereRef('r.property_id', '=', at === 'home' ? 'p.id' : 'p.parent_id')
          // A former home's repairs are not read: the pages are about current homes.
          .where('a.status', '=', 'current')
          .orderBy('r.reported_at', 'desc')
          .orderBy('r.id', 'desc')
          .limit(sql.lit(limit)),
      ).as('repairs'),
    );
  });
const homeRepairsQueries = {
  home: reusableQueryPerKey((limit: number) => homeRepairsQuery('home', limit)),
  block: reusableQueryPerKey((limit: number) => homeRepairsQuery('block', limit)),
};

export const repairByReference = reusableQuery((db, reference: string) => db.selectFrom('repairs').selectAll().where('reference', '=', reference));

// Named, not `*`: SQLite's JSON objects are written column by column.
const WORK_ORDER_COLUMNS = ['id', 'reference', 'contractor_name', 'contractor_phone', 'trade', 'target_date', 'status', 'appointment_date', 'appointment_slot'] as const;
const PHOTO_COLUMNS = ['id', 'repair_id', 'stored_name', 'content_type', 'size_bytes', 'width', 'height'] as const;

/** The repair's own columns on its page, named (SQLite's JSON objects are written column by column). */
export const REPAIR_COLUMNS = [
  'id', 'reference', 'property_id', 'agreement_id', 'reported_by_person_id', 'channel', 'location', 'area', 'item', 'problem', 'trade', 'description',
  'priority', 'status', 'reported_at', 'target_date', 'investigate_by', 'hazard_flags', 'damp_details', 'access_notes', 'availability', 'completed_at', 'cancelled_at',
] as const;

const repairPageQuery = (db: Kysely<Database>, reference: string) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return db
    .selectFrom('repairs as r')
    .select(REPAIR_COLUMNS.map((c) => `r.${c}` as const))
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('repair_status_history as h').select(['h.id', 'h.status', 'h.note', 'h.at']).whereRef('h.repair_id', '=', 'r.id')).as('history'),
      jsonArrayFrom(eb.selectFrom('work_orders as w').select(WORK_ORDER_COLUMNS.map((c) => `w.${c}` as const)).whereRef('w.repair_id', '=', 'r.id')).as('work_orders'),
      jsonArrayFrom(eb.selectFrom('repair_photos as f').select(PHOTO_COLUMNS.map((c) => `f.${c}` as const)).whereRef('f.repair_id', '=', 'r.id')).as('photos'),
    ])
    .where('r.reference', '=', reference);
};
export type RepairPageRow = Awaited<ReturnType<ReturnType<typeof repairPageQuery>['execute']>>[number];

/**
 * A repair page in one read: the person's tenancies (as tenanciesOfPerson) and the repair, with
 * its history, work orders and photos, each a JSON array. Who may see the repair is decided from
 * the tenancies before any of it is shown.
 */
export const repairPageOfPerson = reusableQuery((db, reference: string, personId: number) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return db.selectNoFrom([jsonArrayFrom(tenanciesQuery(db, personId)).as('tenancies'), jsonArrayFrom(repairPageQuery(db, reference)).as('repair')]);
});
