import type { Kysely } from 'kysely';
import type { Database, SessionsTable } from '../../db/database.ts';
import { reusableQuery } from '../../db/reusable-query.ts';

export type SessionRow = SessionsTable;

/**
 * Reads a session by its id hash. A portal may read more with it in the same query (the tenant
 * portal reads the signed-in account): those columns come back beside the session's own.
 */
export type SessionQuery = (db: Kysely<Database>, idHash: string) => Promise<Array<SessionRow & Record<string, unknown>>>;

const sessionById = reusableQuery((db, idHash: string) => db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash));

export class SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly query: SessionQuery = sessionById,
  ) {}

  /** Read on every request: built once (see reusableQuery). */
  async find(idHash: string): Promise<(SessionRow & Record<string, unknown>) | undefined> {
    return (await this.query(this.db, idHash))[0];
  }

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async update(idHash: string, changes: Partial<Pick<SessionRow, 'data' | 'last_seen_at'>>): Promise<void> {
    await this.db.updateTable('sessions').set(changes).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of an account, except optionally the one in use. */
  async deleteForAccount(accountId: number, exceptIdHash?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('account_id', '=', accountId);
    if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteForStaff(staffId: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('staff_id', '=', staffId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(nowIso: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
  }
}
