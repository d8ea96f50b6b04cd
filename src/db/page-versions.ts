import type { Engine } from './dialect.ts';

/**
 * A person's page version: a number the database raises, inside the same transaction, whenever
 * a row that the person's own pages show is written, whoever writes it (a page, the back office,
 * the housing system's API, a script). A page worked out for a person at version N is still right
 * while their version is N, so it can be kept in memory and checked with a number that the
 * session's read brings anyway (ADR 13, ADR 15).
 *
 * Triggers, not calls in code, keep it: a write path that forgot to raise it would leave a tenant
 * looking at an old balance. Each watched table says how its rows lead to people.
 */
type Link =
  /** The row names the person (`person_id`). */
  | 'person'
  /** The row is a person (`id`): they and everyone on an agreement with them, whose pages show their name. */
  | 'person itself'
  /** The row puts a person on an agreement (`person_id`, `agreement_id`): they and everyone on it. */
  | 'membership'
  /** The row belongs to an agreement (`agreement_id`): everyone on it. */
  | 'agreement'
  /** The row is an agreement (`id`): everyone on it. */
  | 'agreement itself'
  /** The row is a property (`id`), a home or a block: everyone on an agreement for it or for a home in it. */
  | 'property itself'
  /** The row is a repair (`agreement_id`, `property_id`): the household that reported it, and everyone on an agreement for its home or a home in its block. */
  | 'repair itself'
  /** The row belongs to a repair (`repair_id`): as the repair itself. */
  | 'repair';

/** What the kept pages show (the dashboard, the rent account, My Balance, the repairs pages), and so what changes them. */
export const WATCHED_TABLES: Record<string, Link> = {
  people: 'person itself',
  contact_details: 'person',
  agreement_members: 'membership',
  communications: 'person',
  letters: 'person',
  audit_events: 'person',
  agreements: 'agreement itself',
  properties: 'property itself',
  rent_accounts: 'agreement',
  rent_transactions: 'agreement',
  charges: 'agreement',
  benefit_contributions: 'agreement',
  repairs: 'repair itself',
  repair_status_history: 'repair',
  work_orders: 'repair',
  repair_photos: 'repair',
};

/** The columns of a changed row that its link reads. */
const LINK_COLUMNS: Record<Link, string[]> = {
  person: ['person_id'],
  'person itself': ['id'],
  membership: ['person_id', 'agreement_id'],
  agreement: ['agreement_id'],
  'agreement itself': ['id'],
  'property itself': ['id'],
  'repair itself': ['agreement_id', 'property_id'],
  repair: ['repair_id'],
};

/** Everyone on the agreement `agreementId` names, starting from `rows`. */
const onAgreement = (rows: string, agreementId: string) => `select m.person_id from ${rows} join agreement_members m on m.agreement_id = ${agreementId}`;

/** Everyone on an agreement for the property `propertyId` names, or for a home whose block it is. */
const atProperty = (rows: string, propertyId: string) => [
  `select m.person_id from ${rows} join agreements a on a.property_id = ${propertyId} join agreement_members m on m.agreement_id = a.id`,
  `select m.person_id from ${rows} join properties h on h.parent_id = ${propertyId} join agreements a on a.property_id = h.id join agreement_members m on m.agreement_id = a.id`,
];

/**
 * The people the changed rows lead to, as SELECTs to be put together with UNION ALL. `rows` is a
 * FROM item that names the changed rows `c`: on SQLite a one-row subquery of `new` or `old`, on
 * PostgreSQL the statement's transition table.
 */
function peopleOf(link: Link, rows: string): string[] {
  switch (link) {
    case 'person':
      return [`select c.person_id from ${rows} where c.person_id is not null`];
    case 'person itself':
      return [`select c.id as person_id from ${rows}`, `select m.person_id from ${rows} join agreement_members me on me.person_id = c.id join agreement_members m on m.agreement_id = me.agreement_id`];
    case 'membership':
      return [`select c.person_id from ${rows}`, onAgreement(rows, 'c.agreement_id')];
    case 'agreement':
      return [onAgreement(rows, 'c.agreement_id')];
    case 'agreement itself':
      return [onAgreement(rows, 'c.id')];
    case 'property itself':
      return atProperty(rows, 'c.id');
    case 'repair itself':
      return [onAgreement(rows, 'c.agreement_id'), ...atProperty(rows, 'c.property_id')];
    case 'repair': {
      const withRepair = `${rows} join repairs rr on rr.id = c.repair_id`;
      return [onAgreement(withRepair, 'rr.agreement_id'), ...atProperty(withRepair, 'rr.property_id')];
    }
  }
}

/**
 * Only people who still exist: deleting a person takes their version row with it (on delete
 * cascade), and a version for someone gone would break the foreign key and undo the delete.
 */
const STILL_THERE = 'exists (select 1 from people still where still.id = p.person_id)';

const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

/** The statements that create the triggers for every watched table, on the given engine. */
export function pageVersionTriggers(engine: Engine): string[] {
  return Object.entries(WATCHED_TABLES).flatMap(([table, link]) => EVENTS.flatMap((event) => (engine === 'postgres' ? postgresTrigger(table, link, event) : [sqliteTrigger(table, link, event)])));
}

/** The statements that drop every page-version trigger the given tables may have, whichever set made them. */
export function dropPageVersionTriggers(engine: Engine, tables: readonly string[]): string[] {
  return tables.flatMap((table) =>
    EVENTS.map((event) => (engine === 'postgres' ? `drop function if exists ${triggerName(table, event)}() cascade` : `drop trigger if exists ${triggerName(table, event)}`)),
  );
}

const triggerName = (table: string, event: Event) => `page_versions_${table}_${event}`;

/** One per row: SQLite has no statement triggers. An upsert's SELECT needs a WHERE on SQLite, which each has. */
function sqliteTrigger(table: string, link: Link, event: Event): string {
  const rows = event === 'insert' ? ['new'] : event === 'delete' ? ['old'] : ['new', 'old'];
  const bumps = rows.map((r) => {
    const row = `(select ${LINK_COLUMNS[link].map((col) => `${r}.${col} as ${col}`).join(', ')}) c`;
    return `insert into page_versions (person_id, version) select p.person_id, 1 from (${peopleOf(link, row).join(' union ')}) p where ${STILL_THERE} on conflict (person_id) do update set version = version + 1;`;
  });
  return `create trigger ${triggerName(table, event)} after ${event} on ${table} begin ${bumps.join(' ')} end`;
}

/**
 * One per statement, reading the statement's changed rows as a transition table, so a bulk load of
 * transactions raises each person's version once rather than once per row. The rows are locked in
 * the order of their ids, so two statements that concern the same people take their locks in the same order.
 */
function postgresTrigger(table: string, link: Link, event: Event): string[] {
  const name = triggerName(table, event);
  const columns = LINK_COLUMNS[link].join(', ');
  const rows =
    event === 'insert' ? 'new_rows c' : event === 'delete' ? 'old_rows c' : `(select ${columns} from new_rows union all select ${columns} from old_rows) c`;
  const referencing = event === 'insert' ? 'new table as new_rows' : event === 'delete' ? 'old table as old_rows' : 'new table as new_rows old table as old_rows';
  return [
    `create function ${name}() returns trigger language plpgsql as $$ begin
      insert into page_versions (person_id, version) select distinct p.person_id, 1 from (${peopleOf(link, rows).join(' union all ')}) p where ${STILL_THERE} order by 1
      on conflict (person_id) do update set version = page_versions.version + 1;
      return null;
    end $$`,
    `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`,
  ];
}
