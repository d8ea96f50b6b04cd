import type { Landlord } from '../../config.ts';
import type { EmailMessage } from '../../lib/mail/outbox.ts';
import { dateTimeText } from '../../lib/date-text.ts';


export function resetLinkEmail(landlord: Landlord, to: string, link: string, minutes: number): EmailMessage {
  return {
    to,
    subject: `Reset your ${landlord.serviceName} password`,
    text: [
      'Hello,',
      '',
      `We received a request to reset the password for your ${landlord.serviceName} account.`,
      '',
      `To choose a new password, open this link within ${minutes} minutes:`,
      link,
      '',
      'The link works once. If it has expired, you can ask for a new one on the sign-in page.',
      '',
      'If you did not ask to reset your password, you can ignore this email. Your password has not changed.',
      '',
      landlord.name,
    ].join('\n'),
  };
}

export function passwordChangedEmail(landlord: Landlord, to: string, at: Date): EmailMessage {
  const phone = landlord.phones[0];
  return {
    to,
    subject: `Your ${landlord.serviceName} password was changed`,
    text: [
      'Hello,',
      '',
      `Your password was changed on ${dateTimeText(at.toISOString())} using a reset link sent to this email address.`,
      'For your security, you have been signed out everywhere you were signed in.',
      '',
      `If you did not do this, call ${phone.label.toLowerCase()} on ${phone.number} (${phone.hours}) straight away.`,
      '',
      landlord.name,
    ].join('\n'),
  };
}
