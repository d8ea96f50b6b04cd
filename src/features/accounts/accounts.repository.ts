import { sql, type Kysely } from 'kysely';
import { BatchedReads } from '../../db/batched-reads.ts';
import type { AccountsTable, Database } from '../../db/database.ts';
import type { Engine } from '../../db/dialect.ts';
import { reusableQuery } from '../../db/reusable-query.ts';
import type { SessionQuery } from '../../plugins/session/session.repository.ts';

export interface AccountRecord {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  secretQuestion: string | null;
  secretAnswerHash: string | null;
  securityPasswordHash: string | null;
  preferredContact: 'email' | 'letter';
  status: 'active' | 'disabled';
  lastSignInAt: string | null;
}

/** The signed-in person as pages need them. */
export interface CurrentAccount {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  title: string | null;
  forenames: string;
  surname: string;
  displayName: string;
  mustChangePassword: boolean;
  preferredContact: 'email' | 'letter';
  /** The person's page version as the session's read found it (see db/page-versions.ts). */
  pagesVersion: number;
}

type AccountRow = Pick<AccountsTable, 'person_id' | 'username' | 'email' | 'password_hash' | 'must_change_password' | 'secret_question' | 'secret_answer_hash' | 'security_password_hash' | 'preferred_contact' | 'status' | 'last_sign_in_at'> & { id: number };

function toRecord(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    personId: r.person_id,
    username: r.username,
    email: r.email,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password === 1,
    secretQuestion: r.secret_question,
    secretAnswerHash: r.secret_answer_hash,
    securityPasswordHash: r.security_password_hash,
    preferredContact: r.preferred_contact,
    status: r.status,
    lastSignInAt: r.last_sign_in_at,
  };
}

/** The signed-in account's columns, named `account_…` beside the session's own. */
const ACCOUNT_COLUMNS = [
  'accounts.person_id as account_person_id',
  'accounts.username as account_username',
  'accounts.email as account_email',
  'accounts.must_change_password as account_must_change_password',
  'accounts.preferred_contact as account_preferred_contact',
  'accounts.status as account_status',
  'people.title as account_title',
  'people.forenames as account_forenames',
  'people.surname as account_surname',
  'page_versions.version as account_pages_version',
] as const;

/**
 * The tenant portal's session query: the session and its signed-in account in one read, since every
 * page needs both (a round trip saved on each page on PostgreSQL), with the person's page version,
 * which says whether a page kept for them is still right. The account's columns are named
 * `account_…` beside the session's own; `accountOfSession` reads them.
 */
const sessionsWithAccounts = (db: Kysely<Database>) =>
  db
    .selectFrom('sessions')
    .leftJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('people', 'people.id', 'accounts.person_id')
    .leftJoin('page_versions', 'page_versions.person_id', 'accounts.person_id')
    .selectAll('sessions')
    .select(ACCOUNT_COLUMNS);
export const sessionWithAccount: SessionQuery = reusableQuery((db, idHash: string) => sessionsWithAccounts(db).where('sessions.id_hash', '=', idHash));

/**
 * The same for several sessions at once, on PostgreSQL, written so that PostgreSQL plans it once
 * per connection and then keeps the plan (ADR 17). Written as `id_hash = any($1)`, each run was
 * planned afresh: with the array's length in view, a plan for this run always looked cheaper than
 * the kept one, and planning a four-table join cost more than running it. Here the array is read
 * through a sub-select, which hides its length from the planner alike on every run, so the kept
 * plan wins after PostgreSQL's five trial runs. Each key is looked up by the primary key (`limit 1`
 * keeps the lookup a subquery of its own), however few sessions the table holds. A key given twice
 * would give its row twice; BatchedReads gives each key once.
 */
const sessionsWithAccountsByHash = reusableQuery((db, idHashes: string[]) =>
  db
    .selectFrom(sql<{ wanted: string }>`unnest((select ${idHashes}::text[]))`.as('wanted'))
    .innerJoinLateral(
      (eb) => eb.selectFrom('sessions').selectAll().whereRef('sessions.id_hash', '=', 'wanted.wanted').limit(sql.lit(1)).as('sessions'),
      (join) => join.onTrue(),
    )
    .leftJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('people', 'people.id', 'accounts.person_id')
    .leftJoin('page_versions', 'page_versions.person_id', 'accounts.person_id')
    .selectAll('sessions')
    .select(ACCOUNT_COLUMNS),
);

/**
 * The session query the tenant portal runs on `engine`. On PostgreSQL the sessions asked for in the
 * same turn of the event loop are read in one statement (see BatchedReads), since each statement
 * costs the server about 50 µs of CPU before it reads anything. SQLite runs in the process, where a
 * statement of its own is cheaper than waiting for the turn to end.
 */
export function tenantSessionQuery(engine: Engine, db: Kysely<Database>): SessionQuery {
  if (engine !== 'postgres') return sessionWithAccount;
  type Row = Awaited<ReturnType<typeof sessionsWithAccountsByHash>>[number];
  const reads = new BatchedReads<string, Row>(async (idHashes) => new Map((await sessionsWithAccountsByHash(db, idHashes)).map((row) => [row.id_hash, row])));
  return async (given, idHash) => {
    // A read in a transaction (or on another database) must run there, not in the shared batch.
    if (given !== db) return sessionWithAccount(given, idHash);
    const row = await reads.read(idHash);
    return row ? [row] : [];
  };
}

/** The signed-in tenant from what `sessionWithAccount` read with the session. */
export function accountOfSession(joined: Record<string, unknown> | null): CurrentAccount | undefined {
  // No account row (none joined), or a disabled account: no one is signed in.
  if (!joined || typeof joined.account_id !== 'number' || joined.account_status !== 'active') return undefined;
  const forenames = joined.account_forenames as string;
  const surname = joined.account_surname as string;
  return {
    id: joined.account_id,
    personId: joined.account_person_id as number,
    username: joined.account_username as string,
    email: joined.account_email as string | null,
    title: joined.account_title as string | null,
    forenames,
    surname,
    displayName: `${forenames} ${surname}`,
    mustChangePassword: Number(joined.account_must_change_password) === 1,
    preferredContact: joined.account_preferred_contact as 'email' | 'letter',
    // No row yet: nothing watched has been written for this person since versions began.
    pagesVersion: Number(joined.account_pages_version ?? 0),
  };
}

export class AccountsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Email addresses and usernames are matched without regard to case. */
  async findByIdentifier(identifier: string): Promise<AccountRecord | undefined> {
    const lower = identifier.trim().toLowerCase();
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb.or([eb('email', '=', lower), eb('username', '=', lower)]))
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async findById(id: number): Promise<AccountRecord | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async recordSignIn(id: number, atIso: string): Promise<void> {
    await this.db.updateTable('accounts').set({ last_sign_in_at: atIso }).where('id', '=', id).execute();
  }
}
