import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export class StaffInvitationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(staffId: number, tokenHash: string, now: Date, expires: Date): Promise<void> {
    await this.db.insertInto('staff_invitations').values({ staff_id: staffId, token_hash: tokenHash, created_at: now.toISOString(), expires_at: expires.toISOString() }).execute();
  }

  async findLive(tokenHash: string, now: Date): Promise<{ id: number; staffId: number } | undefined> {
    const row = await this.db
      .selectFrom('staff_invitations')
      .select(['id', 'staff_id'])
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row ? { id: row.id, staffId: row.staff_id } : undefined;
  }

  /** Single use: only the first of two racing requests gets true. */
  async use(id: number, now: Date): Promise<boolean> {
    const result = await this.db.updateTable('staff_invitations').set({ used_at: now.toISOString() }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
