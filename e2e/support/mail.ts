import type { CaughtMail } from '../../test/helpers/smtp.ts';
import type { RunningPortal } from './server.ts';

/** Waits for the first caught email to `to` whose subject matches, as a person would check their inbox. */
export async function mailTo(portal: RunningPortal, to: string, subject: RegExp, ms = 10_000): Promise<CaughtMail> {
  const until = Date.now() + ms;
  for (;;) {
    const found = portal.smtp.messages.find((m) => m.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no email to ${to} matching ${subject}; caught: ${portal.smtp.messages.map((m) => `${m.to}: ${m.subject}`).join('; ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
