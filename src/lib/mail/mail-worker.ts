import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../clock.ts';

const BATCH = 20;
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 10;

/**
 * Sends the outbox over SMTP. A message is claimed by moving its next attempt forward (a lease),
 * so several app instances can run workers without sending twice; a failure backs off
 * exponentially and is retried up to MAX_ATTEMPTS times.
 */
export class MailWorker {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    smtpUrl: string | null,
    private readonly from: string,
    private readonly log: { warn(obj: object, msg: string): void } = console,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  start(intervalMs = 5_000): void {
    if (!this.transport || this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  /** Asks for a send soon (after a commit) without waiting for it. */
  kick(): void {
    if (this.transport) setImmediate(() => void this.flush().catch(() => undefined));
  }

  /** Sends everything due now; resolves with how many were sent. One run at a time. */
  flush(): Promise<number> {
    if (!this.transport) return Promise.resolve(0);
    if (!this.running) this.running = this.sendDue().finally(() => (this.running = null));
    return this.running;
  }

  private async sendDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'attempts', 'next_attempt_at'])
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('id')
      .limit(BATCH)
      .execute();
    let sent = 0;
    for (const row of due) {
      const lease = new Date(now.getTime() + LEASE_MS).toISOString();
      const claim = await this.db
        .updateTable('outbox')
        .set({ next_attempt_at: lease })
        .where('id', '=', row.id)
        .where('next_attempt_at', '=', row.next_attempt_at)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      try {
        await this.transport!.sendMail({ from: this.from, to: row.to_address, subject: row.subject, text: row.text_body });
        await this.db.updateTable('outbox').set({ sent_at: this.clock.now().toISOString(), attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute();
        sent += 1;
      } catch (err) {
        const backoff = Math.min(2 ** row.attempts * 30_000, 6 * 3_600_000);
        await this.db
          .updateTable('outbox')
          .set({ attempts: row.attempts + 1, last_error: String((err as Error).message).slice(0, 500), next_attempt_at: new Date(now.getTime() + backoff).toISOString() })
          .where('id', '=', row.id)
          .execute();
        this.log.warn({ outboxId: row.id, err: (err as Error).message }, 'email not sent; will retry');
      }
    }
    return sent;
  }
}
