import type { Engine } from './dialect.ts';

/**
 * A person's page version: a number the database raises, inside the same transaction, whenever
 * a row that the person's own pages show is written, whoever writes it (a page, the back office,
 * the housing system's API, a script). A page worked out for a person at version N is still right
 * while their version is N, so it can be kept in memory and checked with a number that the
 * session's read brings anyway (ADR 13).
 *
 * Triggers, not calls in code, keep it: a write path that forgot to raise it would leave a tenant
 * looking at an old balance. Each watched table says how its rows lead to people.
 */
type Link =
  /** The row names the person. */
  | 'person'
  /** The row belongs to an agreement (`agreement_id`): everyone on it. */
  | 'agreement'
  /** The row is an agreement (`id`): everyone on it. */
  | 'agreement itself'
  /** The row is a property (`id`): everyone on an agreement for it. */
  | 'property itself';

/** What the dashboard shows, and so what changes it. A page that keeps more adds its tables here. */
export const WATCHED_TABLES: Record<string, Link> = {
  agreement_members: 'person',
  communications: 'person',
  letters: 'person',
  audit_events: 'person',
  agreements: 'agreement itself',
  properties: 'property itself',
  rent_accounts: 'agreement',
  rent_transactions: 'agreement',
  repairs: 'agreement',
};

/**
 * The people a changed row leads to, `r` being the row: SQLite's `new` or `old` with no `from`, or
 * on PostgreSQL an alias of the transition table named in `from`.
 */
function peopleOf(link: Link, r: string, from: string | null): string {
  if (link === 'person') return `select ${r}.person_id as person_id ${from ? `from ${from} ` : ''}where ${r}.person_id is not null`;
  const joins: Array<[table: string, on: string]> =
    link === 'agreement' ? [['agreement_members m', `m.agreement_id = ${r}.agreement_id`]]
    : link === 'agreement itself' ? [['agreement_members m', `m.agreement_id = ${r}.id`]]
    : [['agreements a', `a.property_id = ${r}.id`], ['agreement_members m', `m.agreement_id = a.id`]];
  if (from) return `select m.person_id as person_id from ${from} ${joins.map(([t, on]) => `join ${t} on ${on}`).join(' ')}`;
  // Without a table to start from, the first join's condition is the filter.
  const [[first, filter], ...rest] = joins;
  return `select m.person_id as person_id from ${first} ${rest.map(([t, on]) => `join ${t} on ${on} `).join('')}where ${filter}`;
}

const EVENTS = ['insert', 'update', 'delete'] as const;

/** The statements that create the triggers for every watched table, on the given engine. */
export function pageVersionTriggers(engine: Engine): string[] {
  return Object.entries(WATCHED_TABLES).flatMap(([table, link]) => EVENTS.flatMap((event) => (engine === 'postgres' ? postgresTrigger(table, link, event) : [sqliteTrigger(table, link, event)])));
}

const triggerName = (table: string, event: (typeof EVENTS)[number]) => `page_versions_${table}_${event}`;

/** One per row: SQLite has no statement triggers. An upsert's SELECT needs a WHERE on SQLite, which each has. */
function sqliteTrigger(table: string, link: Link, event: (typeof EVENTS)[number]): string {
  const rows = event === 'insert' ? ['new'] : event === 'delete' ? ['old'] : ['new', 'old'];
  const bumps = rows.map(
    (r) => `insert into page_versions (person_id, version) select p.person_id, 1 from (${peopleOf(link, r, null)}) p where true on conflict (person_id) do update set version = version + 1;`,
  );
  return `create trigger ${triggerName(table, event)} after ${event} on ${table} begin ${bumps.join(' ')} end`;
}

/**
 * One per statement, reading the statement's changed rows as a transition table, so a bulk load of
 * transactions raises each person's version once rather than once per row. The rows are locked in
 * the order of their ids, so two statements that concern the same people take their locks in the same order.
 */
function postgresTrigger(table: string, link: Link, event: (typeof EVENTS)[number]): string[] {
  const name = triggerName(table, event);
  const from = event === 'insert' ? 'new_rows c' : event === 'delete' ? 'old_rows c' : '(select * from new_rows union all select * from old_rows) c';
  const referencing = event === 'insert' ? 'new table as new_rows' : event === 'delete' ? 'old table as old_rows' : 'new table as new_rows old table as old_rows';
  return [
    `create function ${name}() returns trigger language plpgsql as $$ begin
      insert into page_versions (person_id, version) select distinct p.person_id, 1 from (${peopleOf(link, 'c', from)}) p order by 1
      on conflict (person_id) do update set version = page_versions.version + 1;
      return null;
    end $$`,
    `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`,
  ];
}
