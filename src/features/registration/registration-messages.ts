import type { Config } from '../../config.ts';
import type { EmailMessage } from '../../lib/mail/outbox.ts';
import { renderLetterPdf } from '../../lib/pdf/letter-pdf.ts';
import { longDateText } from '../../lib/date-text.ts';


/**
 * Sign-in details go out in two emails, as the landlord's tenants know from before: the username
 * first, the temporary password after it, so neither message alone lets anyone in.
 */
export function credentialEmails(config: Config, to: string, name: string, username: string, temporaryPassword: string): [EmailMessage, EmailMessage] {
  const { landlord, publicUrl } = config;
  const signOff = `Thank you.\n\n${landlord.name}\n${landlord.phones[0].number} (${landlord.phones[0].hours})`;
  return [
    {
      to,
      subject: `Your username for the ${landlord.serviceName}`,
      text: `Dear ${name},\n\nThank you for registering for the ${landlord.serviceName}.\n\nYour username has been set to: ${username}\n\nYour temporary password will be emailed to you separately in a moment.\n\nYou can change your username when you first sign in at ${publicUrl}/sign-in\n\nIf you did not ask to register, call us.\n\n${signOff}\n`,
    },
    {
      to,
      subject: `Your temporary password for the ${landlord.serviceName}`,
      text: `Dear ${name},\n\nThank you for registering for the ${landlord.serviceName}.\n\nYour temporary password is: ${temporaryPassword}\n\nYou will be asked to choose a new password when you first sign in at ${publicUrl}/sign-in\n\nIf you did not ask to register, call us.\n\n${signOff}\n`,
    },
  ];
}

/** To the address of an account that already exists, when someone asks to register it again. */
export function alreadyRegisteredEmail(config: Config, to: string, name: string, username: string): EmailMessage {
  const { landlord, publicUrl } = config;
  return {
    to,
    subject: `You already have an account for the ${landlord.serviceName}`,
    text: `Dear ${name},\n\nSomeone asked to register for the ${landlord.serviceName} with your details. You already have an account, so we have not made another one.\n\nYour username is: ${username}\n\nSign in at ${publicUrl}/sign-in with your username or email address. If you have forgotten your password, choose "Forgotten your password?" on that page.\n\nIf it was not you who asked, you do not need to do anything, but you may want to call us on ${landlord.phones[0].number}.\n\n${landlord.name}\n`,
  };
}

export function credentialsLetter(config: Config, to: { name: string; address: string[] }, today: string, username: string, temporaryPassword: string): Promise<Buffer> {
  const { landlord, publicUrl } = config;
  return renderLetterPdf({
    landlordName: landlord.name,
    landlordAddress: landlord.address,
    landlordPhone: landlord.phones[0].number,
    date: longDateText(today),
    recipientName: to.name,
    recipientAddress: to.address,
    title: 'Your sign-in details for our online tenant portal',
    body: [
      `Dear ${to.name},`,
      `Thank you for registering for the ${landlord.serviceName}. Here are your sign-in details.`,
      { label: 'Your username', value: username },
      { label: 'Your temporary password', value: temporaryPassword },
      `Go to ${publicUrl}/sign-in and sign in with these. You will then choose your own password, and you can choose a different username.`,
      `Keep this letter somewhere safe until you have signed in, then destroy it. If you did not ask to register, call us on ${landlord.phones[0].number} (${landlord.phones[0].hours}).`,
    ],
    signOff: `Yours sincerely,\n\nCustomer Services\n${landlord.name}`,
  });
}

