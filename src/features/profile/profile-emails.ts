import type { Landlord } from '../../config.ts';
import type { EmailMessage } from '../../lib/mail/outbox.ts';
import { dateTimeText } from '../../lib/date-text.ts';


function ifNotYou(landlord: Landlord): string {
  const phone = landlord.phones[0];
  return `If you did not do this, call ${phone.label.toLowerCase()} on ${phone.number} (${phone.hours}) straight away.`;
}

/** A short notice that something about the account's security changed. */
export function securityNoticeEmail(landlord: Landlord, to: string, what: string, at: Date, extra: string[] = []): EmailMessage {
  return {
    to,
    subject: `Your ${landlord.serviceName} ${what} was changed`,
    text: ['Hello,', '', `Your ${what} for ${landlord.serviceName} was changed on ${dateTimeText(at.toISOString())}.`, ...extra, '', ifNotYou(landlord), '', landlord.name].join('\n'),
  };
}

export function confirmEmailChangeEmail(landlord: Landlord, to: string, link: string, hours: number): EmailMessage {
  return {
    to,
    subject: `Confirm your new email address for ${landlord.serviceName}`,
    text: [
      'Hello,',
      '',
      `You asked to use this email address for your ${landlord.serviceName} account.`,
      '',
      `To confirm it, open this link within ${hours} hours. You will be asked to sign in if you are not signed in already:`,
      link,
      '',
      'Until you confirm, we keep using your old email address.',
      '',
      'If you did not ask for this, you can ignore this email.',
      '',
      landlord.name,
    ].join('\n'),
  };
}

/** Sent to the address being replaced, so a takeover attempt does not go unnoticed. */
export function emailChangeRequestedNotice(landlord: Landlord, to: string, newEmail: string, at: Date): EmailMessage {
  return {
    to,
    subject: `A change of email address was asked for on your ${landlord.serviceName} account`,
    text: [
      'Hello,',
      '',
      `On ${dateTimeText(at.toISOString())} someone signed in to your ${landlord.serviceName} account asked to change its email address to ${maskEmail(newEmail)}.`,
      'Nothing changes until the link we sent to the new address is opened.',
      '',
      ifNotYou(landlord),
      '',
      landlord.name,
    ].join('\n'),
  };
}

/** Sent to an address already used by another account: the person asking is not told on screen. */
export function emailAlreadyUsedEmail(landlord: Landlord, to: string): EmailMessage {
  return {
    to,
    subject: `This email address is already used for ${landlord.serviceName}`,
    text: [
      'Hello,',
      '',
      `Someone asked to use this email address for a ${landlord.serviceName} account, but it is already used by another account.`,
      'Each account needs its own email address, so nothing has changed.',
      '',
      'If you did not ask for this, you can ignore this email.',
      '',
      landlord.name,
    ].join('\n'),
  };
}

/** "j***@example.com": enough to recognise, not enough to copy. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
