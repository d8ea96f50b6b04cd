import { randomInt } from 'node:crypto';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 40;

/**
 * Usernames are lower case letters, digits, dots, hyphens and underscores; never an `@`, so a
 * username can never be mistaken for somebody's email address at sign-in.
 */
export function usernameProblem(username: string): string | null {
  if (username.length < USERNAME_MIN) return `Username must be ${USERNAME_MIN} characters or more`;
  if (username.length > USERNAME_MAX) return `Username must be ${USERNAME_MAX} characters or fewer`;
  if (!/^[a-z0-9._-]+$/.test(username)) return 'Username must only include letters a to z, numbers, dots, hyphens and underscores';
  if (!/^[a-z0-9]/.test(username)) return 'Username must start with a letter or a number';
  return null;
}

/** `Siân O'Neill-Jones` → `sian.oneill-jones`: the first forename and the surname, in plain letters. */
export function usernameBase(forenames: string, surname: string): string {
  const plain = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '');
  const first = plain(forenames.trim().split(/\s+/)[0] ?? '');
  const last = plain(surname.trim().replace(/\s+/g, '-'));
  const base = [first, last].filter(Boolean).join('.').replace(/^[^a-z0-9]+/, '').slice(0, USERNAME_MAX - 5);
  if (base.length >= USERNAME_MIN) return base;
  return base ? `tenant.${base}` : 'tenant';
}

/** The base itself first, then the base with a random number, so a taken name is not a dead end. */
export function usernameCandidates(base: string, count = 12): string[] {
  const out = [base];
  while (out.length < count) out.push(`${base}${randomInt(2, 10_000)}`);
  return out;
}
