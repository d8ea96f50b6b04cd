import { PostgresAdapter } from 'kysely';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import { reusableQuery } from '../../db/reusable-query.ts';
import { CLOSED_STATUSES } from './repair-rules.ts';

/**
 * The reads the tenant's repairs pages and the dashboard send on every visit, built once (see
 * reusableQuery); RepairsRepository runs them.
 */

export const summaryColumns = ['id', 'reference', 'property_id', 'agreement_id', 'location', 'area', 'item', 'problem', 'description', 'priority', 'status', 'reported_at', 'target_date'] as const;

/** Repairs not yet closed on any agreement the person is on: the dashboard's tile, built once (see reusableQuery). */
export const openRepairsOfPerson = reusableQuery((db, personId: number) =>
  db
    .selectFrom('repairs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', 'in', (eb) => eb.selectFrom('agreement_members').select('agreement_id').where('person_id', '=', personId))
    .where('status', 'not in', [...CLOSED_STATUSES]),
);

/** Every agreement the person is on, current or former, with its home and block: newest tenancy first. */
export const tenanciesOfPerson = reusableQuery((db, personId: number) =>
  db
    .selectFrom('agreement_members as m')
    .innerJoin('agreements as a', 'a.id', 'm.agreement_id')
    .innerJoin('properties as p', 'p.id', 'a.property_id')
    .leftJoin('properties as b', 'b.id', 'p.parent_id')
    .select(['a.id as agreement_id', 'a.status', 'a.reference', 'p.id as property_id', 'p.parent_id', 'b.address_line1 as block_name', 'p.address_line1', 'p.address_line2', 'p.town', 'p.postcode'])
    .where('m.person_id', '=', personId)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id', 'desc'),
);
/** The names on an agreement, lead first, each row with the person's phone number (the household's header in one read). */
export const householdOfAgreement = reusableQuery((db, agreementId: number, personId: number) =>
  db
    .selectFrom('agreement_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.forenames', 'p.surname'])
    .select((eb) =>
      eb
        .selectFrom('contact_details')
        .select('value')
        .where('person_id', '=', personId)
        .where('method', 'in', ['mobile_phone', 'home_phone', 'work_phone', 'phone'])
        .where('end_date', 'is', null)
        .orderBy('method')
        .limit(1)
        .as('phone'),
    )
    .where('m.agreement_id', '=', agreementId)
    .orderBy('m.role', 'desc')
    .orderBy('p.id'),
);
export const repairsOfPerson = reusableQuery((db, personId: number, limit: number) =>
  db
    .selectFrom('repairs')
    .select(summaryColumns)
    .where('agreement_id', 'in', (eb) => eb.selectFrom('agreement_members').select('agreement_id').where('person_id', '=', personId))
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit),
);
export const repairsAtProperty = reusableQuery((db, propertyId: number, limit: number) =>
  db.selectFrom('repairs').select(summaryColumns).where('property_id', '=', propertyId).orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(limit),
);
export const repairByReference = reusableQuery((db, reference: string) => db.selectFrom('repairs').selectAll().where('reference', '=', reference));
export const photosOfRepair = reusableQuery((db, repairId: number) => db.selectFrom('repair_photos').selectAll().where('repair_id', '=', repairId).orderBy('id'));


/**
 * A repair page's history, work orders and photos in one read, each a JSON array: one round trip
 * instead of three. The two engines write JSON arrays differently (Kysely's helpers for each); the
 * query is built once per database, so the choice is made once.
 */
// Named, not `*`: SQLite's JSON objects are written column by column.
const WORK_ORDER_COLUMNS = ['id', 'reference', 'contractor_name', 'contractor_phone', 'trade', 'target_date', 'status', 'appointment_date', 'appointment_slot'] as const;
const PHOTO_COLUMNS = ['id', 'repair_id', 'stored_name', 'content_type', 'size_bytes', 'width', 'height'] as const;

export const detailsOfRepair = reusableQuery((db, repairId: number) => {
  const jsonArrayFrom = db.getExecutor().adapter instanceof PostgresAdapter ? postgresJsonArray : sqliteJsonArray;
  return db.selectNoFrom((eb) => [
    jsonArrayFrom(eb.selectFrom('repair_status_history').select(['id', 'status', 'note', 'at']).where('repair_id', '=', repairId).orderBy('at', 'desc').orderBy('id', 'desc')).as('history'),
    jsonArrayFrom(eb.selectFrom('work_orders').select(WORK_ORDER_COLUMNS).where('repair_id', '=', repairId).orderBy('id')).as('work_orders'),
    jsonArrayFrom(eb.selectFrom('repair_photos').select(PHOTO_COLUMNS).where('repair_id', '=', repairId).orderBy('id')).as('photos'),
  ]);
});
