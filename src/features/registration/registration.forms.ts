import { FormErrors, isEmail, parseDateInput, type FormBody } from '../../lib/forms.ts';
import { MAX_PASSWORD_LENGTH, passwordProblem } from '../../lib/passwords.ts';
import { normaliseCode } from '../../lib/tokens.ts';
import { isSecretQuestion } from './secret-questions.ts';

export const REFERENCE_MESSAGE = 'Enter your agreement reference, like 12345678';
export const MAX_NAME_LENGTH = 100;
export const MAX_ANSWER_LENGTH = 200;
export const SECURITY_PASSWORD_MIN = 6;
export const SECURITY_PASSWORD_MAX = 50;

function dateOfBirth(body: FormBody, errors: FormErrors, today: string): string | null {
  return parseDateInput(body, { name: 'dob', label: 'Date of birth', missing: 'Enter your date of birth', past: true, today }, errors);
}

/** Agreement references are 8 digits; spaces people copy from a letter do not matter. */
function agreementReference(body: FormBody, errors: FormErrors): string | null {
  const reference = (body.reference ?? '').replace(/\s+/g, '');
  if (!/^\d{8}$/.test(reference)) {
    errors.add('reference', REFERENCE_MESSAGE);
    return null;
  }
  return reference;
}

export interface CodeForm {
  dateOfBirth: string;
  reference: string;
  code: string;
}

/** Step 1 with a code. Only the format is judged here; whether the details match is one generic answer. */
export function readCodeForm(body: FormBody, today: string): { errors: FormErrors; form: CodeForm | null } {
  const errors = new FormErrors();
  const dob = dateOfBirth(body, errors, today);
  const reference = agreementReference(body, errors);
  const typed = (body.code ?? '').trim();
  const code = normaliseCode(typed);
  if (!typed) errors.add('code', 'Enter your activation code');
  else if (!/^[A-Z0-9]{12}$/.test(code)) errors.add('code', 'Enter the activation code exactly as it is in your letter, like K7PM-9QTX-R4WA');
  return { errors, form: errors.empty && dob && reference ? { dateOfBirth: dob, reference, code } : null };
}

export interface AccountForm {
  email: string;
  password: string;
  secretQuestion: string;
  secretAnswer: string;
  securityPassword: string;
}

/** Step 2 with a code: the account's sign-in details and the two further secrets. */
export function readAccountForm(body: FormBody, nameWords: string[]): { errors: FormErrors; form: AccountForm | null } {
  const errors = new FormErrors();
  const email = (body.email ?? '').trim().toLowerCase();
  if (!email) errors.add('email', 'Enter your email address');
  else if (!isEmail(email)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');

  const password = body.password ?? '';
  const confirm = body.confirm ?? '';
  const problem = passwordProblem(password, [...nameWords, email.split('@')[0] ?? '']);
  if (problem) errors.add('password', problem);
  if (!confirm) errors.add('confirm', 'Confirm your password');
  else if (!problem && confirm !== password) errors.add('confirm', 'The passwords you entered do not match');

  const secretQuestion = body.secretQuestion ?? '';
  if (!isSecretQuestion(secretQuestion)) errors.add('secretQuestion', 'Select a secret question');
  const secretAnswer = (body.secretAnswer ?? '').trim();
  if (!secretAnswer) errors.add('secretAnswer', 'Enter the answer to your secret question');
  else if (secretAnswer.length < 2) errors.add('secretAnswer', 'Answer must be 2 characters or more');
  else if (secretAnswer.length > MAX_ANSWER_LENGTH) errors.add('secretAnswer', `Answer must be ${MAX_ANSWER_LENGTH} characters or fewer`);

  const securityPassword = (body.securityPassword ?? '').trim();
  if (!securityPassword) errors.add('securityPassword', 'Enter a security password');
  else if (securityPassword.length < SECURITY_PASSWORD_MIN) errors.add('securityPassword', `Security password must be ${SECURITY_PASSWORD_MIN} characters or more`);
  else if (securityPassword.length > SECURITY_PASSWORD_MAX) errors.add('securityPassword', `Security password must be ${SECURITY_PASSWORD_MAX} characters or fewer`);
  else if (securityPassword === password) errors.add('securityPassword', 'Security password must be different from your login password');

  return { errors, form: errors.empty ? { email, password, secretQuestion, secretAnswer, securityPassword } : null };
}

export interface WithoutCodeForm {
  forenames: string;
  surname: string;
  dateOfBirth: string;
  reference: string;
  contact: 'email' | 'letter';
  /** What the person typed: never an address we send to, only a hint for staff. */
  typedEmail: string | null;
}

export function readWithoutCodeForm(body: FormBody, today: string): { errors: FormErrors; form: WithoutCodeForm | null } {
  const errors = new FormErrors();
  const forenames = (body.forenames ?? '').trim().replace(/\s+/g, ' ');
  const surname = (body.surname ?? '').trim().replace(/\s+/g, ' ');
  if (!forenames) errors.add('forenames', 'Enter your first name');
  else if (forenames.length > MAX_NAME_LENGTH) errors.add('forenames', `First name must be ${MAX_NAME_LENGTH} characters or fewer`);
  if (!surname) errors.add('surname', 'Enter your last name');
  else if (surname.length > MAX_NAME_LENGTH) errors.add('surname', `Last name must be ${MAX_NAME_LENGTH} characters or fewer`);
  const dob = dateOfBirth(body, errors, today);
  const reference = agreementReference(body, errors);
  const contact = body.contact === 'email' || body.contact === 'letter' ? body.contact : null;
  if (!contact) errors.add('contact', 'Select how you would like us to send your sign-in details');
  const typed = (body.email ?? '').trim().toLowerCase();
  if (typed && !isEmail(typed)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');
  const ok = errors.empty && dob && reference && contact;
  return { errors, form: ok ? { forenames, surname, dateOfBirth: dob, reference, contact, typedEmail: typed || null } : null };
}

export interface NewPasswordForm {
  password: string;
  username: string | null;
}

/** The new password after a temporary one; the new username is optional. */
export function readNewPasswordForm(body: FormBody, nameWords: string[], usernameProblem: (u: string) => string | null): { errors: FormErrors; form: NewPasswordForm | null } {
  const errors = new FormErrors();
  const password = body.password ?? '';
  const confirm = body.confirm ?? '';
  const problem = password.length > MAX_PASSWORD_LENGTH ? `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` : passwordProblem(password, nameWords);
  if (problem) errors.add('password', problem === 'Enter a password' ? 'Enter a new password' : problem);
  if (!confirm) errors.add('confirm', 'Confirm your new password');
  else if (!problem && confirm !== password) errors.add('confirm', 'The passwords you entered do not match');
  const username = (body.username ?? '').trim().toLowerCase();
  if (username) {
    const bad = usernameProblem(username);
    if (bad) errors.add('username', bad);
  }
  return { errors, form: errors.empty ? { password, username: username || null } : null };
}
