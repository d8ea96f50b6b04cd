import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Engine } from './db/dialect.ts';
import type { Clock } from './lib/clock.ts';
import type { MailWorker } from './lib/mail/mail-worker.ts';
import type { Hasher } from './lib/passwords.ts';
import type { Csrf } from './plugins/csrf.ts';
import type { SessionManager } from './plugins/session/session-plugin.ts';
import type { Throttle } from './plugins/throttle.ts';

/** What every feature is built from. Features construct their own services from these. */
export interface Deps {
  config: Config;
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  hasher: Hasher;
  mail: MailWorker;
  throttle: Throttle;
  /** Tenant portal sessions. */
  sessions: SessionManager;
  /** Back-office sessions: their own cookie, never readable as a tenant's. */
  staffSessions: SessionManager;
  csrf: Csrf;
}
