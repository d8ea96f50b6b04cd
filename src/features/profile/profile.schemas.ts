import { FormErrors, isEmail, normaliseUkPhone, parseDateInput, type FormBody } from '../../lib/forms.ts';
import { londonDate } from '../../lib/london-date.ts';

/** Today where the landlord is: a contact detail added at 00:30 BST starts on that day, not the day before. */
export function londonToday(now: Date): string {
  return londonDate(now);
}

export function addYears(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');
}

/** The questions offered are registration's; an older question already on an account stays selectable. */
export { SECRET_QUESTIONS } from '../registration/secret-questions.ts';

/** Contact methods, as the landlord's housing system names them. */
export const CONTACT_METHODS = {
  home_phone: { name: 'Home phone', kind: 'phone' },
  mobile_phone: { name: 'Mobile phone', kind: 'phone' },
  work_phone: { name: 'Work phone', kind: 'phone' },
  email: { name: 'Email', kind: 'email' },
} as const;
export type ContactMethod = keyof typeof CONTACT_METHODS;

export function isContactMethod(value: string): value is ContactMethod {
  return Object.hasOwn(CONTACT_METHODS, value);
}


export interface ContactDetailInput {
  method: ContactMethod;
  value: string;
  startDate: string;
}

/**
 * A new contact detail starts today or later. When an existing one is edited, its start date may
 * stay in the past (or be corrected), because it records when the detail was first used.
 */
export function parseContactDetail(body: FormBody, today: string, editing: boolean, errors: FormErrors): ContactDetailInput | null {
  const method = (body.method ?? '').trim();
  const raw = (body.value ?? '').trim();
  if (!isContactMethod(method)) errors.add('method', 'Select a contact method');

  let value: string | null = null;
  if (isContactMethod(method)) {
    const kind = CONTACT_METHODS[method].kind;
    if (kind === 'phone') {
      value = raw ? normaliseUkPhone(raw) : null;
      if (!raw) errors.add('value', 'Enter a phone number');
      else if (!value) errors.add('value', 'Enter a UK phone number, like 01632 960 001 or 07700 900 982');
    } else {
      if (!raw) errors.add('value', 'Enter an email address');
      else if (!isEmail(raw)) errors.add('value', 'Enter an email address in the correct format, like name@example.com');
      else value = raw.toLowerCase();
    }
  } else if (raw.length > 254) {
    errors.add('value', 'Contact value must be 254 characters or fewer');
  }

  const startDate = parseDateInput(
    body,
    {
      name: 'startDate',
      label: 'Start date',
      missing: 'Enter the date this contact detail starts',
      today,
      notBefore: editing ? undefined : { date: today, message: 'Start date must be today or in the future' },
      notAfter: { date: addYears(today, 1), message: 'Start date must be within the next 12 months' },
    },
    errors,
  );
  if (!errors.empty || !value || !startDate || !isContactMethod(method)) return null;
  return { method, value, startDate };
}

export const CHANGE_KINDS = {
  name: { label: 'My name', summary: 'Name change' },
  address: { label: 'My address', summary: 'Address change' },
  other: { label: 'Something else', summary: 'Other change to personal details' },
} as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;
export const CHANGE_DETAIL_MAX = 1000;

export function parseChangeRequest(body: FormBody, errors: FormErrors): { kind: ChangeKind; detail: string } | null {
  const kind = body.changed ?? '';
  const detail = (body.detail ?? '').trim();
  const known = Object.hasOwn(CHANGE_KINDS, kind);
  if (!known) errors.add('changed', 'Select what has changed', '#changed');
  if (!detail) errors.add('detail', 'Enter the details of the change');
  else if (detail.length > CHANGE_DETAIL_MAX) errors.add('detail', `Details must be ${CHANGE_DETAIL_MAX.toLocaleString('en-GB')} characters or fewer`);
  return errors.empty && known ? { kind: kind as ChangeKind, detail } : null;
}

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;

/**
 * Usernames are kept in lower case (sign-in matches without regard to case) and never contain
 * "@", so one can never be mistaken for somebody's email address at sign-in.
 */
export function parseUsername(body: FormBody, errors: FormErrors): string | null {
  const username = (body.username ?? '').trim().toLowerCase();
  if (!username) errors.add('username', 'Enter a username');
  else if (username.length < USERNAME_MIN) errors.add('username', `Username must be ${USERNAME_MIN} characters or more`);
  else if (username.length > USERNAME_MAX) errors.add('username', `Username must be ${USERNAME_MAX} characters or fewer`);
  else if (!/^[a-z0-9._-]+$/.test(username)) errors.add('username', 'Username must only include letters a to z, numbers, full stops, hyphens and underscores');
  else if (!/^[a-z0-9].*[a-z0-9]$/.test(username)) errors.add('username', 'Username must start and end with a letter or number');
  return errors.has('username') ? null : username;
}

export const SECURITY_PASSWORD_MIN = 6;
export const SECURITY_PASSWORD_MAX = 50;
export const SECRET_ANSWER_MIN = 3;
export const SECRET_ANSWER_MAX = 100;
