import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { HOUR } from '../lib/clock.ts';

export interface ThrottlePolicy {
  /** Failures allowed in the window before delays start. */
  free: number;
  /** First delay in seconds; doubles with each further failure. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  windowMs: number;
}

/** Sign-in and code checks: 5 free tries, then 2 s, 4 s, 8 s … up to 15 minutes; never a permanent lock. */
export const FAILURE_POLICY: ThrottlePolicy = { free: 5, baseDelaySeconds: 2, maxDelaySeconds: 15 * 60, windowMs: HOUR };
/** Requests that send mail or letters: 5 an hour per key, then wait. */
export const SEND_POLICY: ThrottlePolicy = { free: 5, baseDelaySeconds: 60, maxDelaySeconds: HOUR / 1000, windowMs: HOUR };

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

/**
 * Rising-delay throttle kept in the database, so it holds across app instances and restarts.
 * Keys look like `signin:ip:203.0.113.9` or `signin:account:42`.
 */
export class Throttle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async check(keys: readonly string[]): Promise<ThrottleState> {
    if (keys.length === 0) return { blocked: false, retryAfterSeconds: 0 };
    const now = this.clock.now().getTime();
    const rows = await this.db.selectFrom('throttles').select(['key', 'blocked_until']).where('key', 'in', keys).execute();
    const waits = rows.map((r) => (r.blocked_until ? Math.ceil((Date.parse(r.blocked_until) - now) / 1000) : 0));
    const wait = Math.max(0, ...waits);
    return { blocked: wait > 0, retryAfterSeconds: wait };
  }

  /** Records a failure (or a use, for SEND_POLICY) against each key. */
  async fail(keys: readonly string[], policy: ThrottlePolicy = FAILURE_POLICY): Promise<void> {
    const now = this.clock.now();
    for (const key of keys) {
      const row = await this.db.selectFrom('throttles').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || now.getTime() - Date.parse(row.window_start) > policy.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const over = failures - policy.free;
      const blockedUntil = over > 0 ? new Date(now.getTime() + Math.min(policy.baseDelaySeconds * 2 ** (over - 1), policy.maxDelaySeconds) * 1000).toISOString() : null;
      const windowStart = fresh ? now.toISOString() : row.window_start;
      if (row) {
        await this.db.updateTable('throttles').set({ failures, window_start: windowStart, blocked_until: blockedUntil }).where('key', '=', key).execute();
      } else {
        await this.db
          .insertInto('throttles')
          .values({ key, failures, window_start: windowStart, blocked_until: blockedUntil })
          .onConflict((oc) => oc.column('key').doUpdateSet({ failures: (eb) => eb('throttles.failures', '+', 1) }))
          .execute();
      }
    }
  }

  async reset(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.db.deleteFrom('throttles').where('key', 'in', keys).execute();
  }
}
