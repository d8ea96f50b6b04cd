import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: for session ids, reset links and confirmation links. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored as their SHA-256 so that a copy of the database cannot be used to sign in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// No 0/O, 1/I/L, 5/S, 2/Z: codes and temporary passwords are read off paper and typed.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';

/** A code like `K7PM-9QTX-R4WA` (≈ 57 bits): typed from a letter, checked with a tries limit. */
export function activationCode(): string {
  return groups(12, 4);
}

/** A temporary password of 16 characters from the same unambiguous alphabet (≈ 76 bits). */
export function temporaryPassword(): string {
  return groups(16, 4);
}

/** A staff recovery code like `K7PMQ-9QTXR` (≈ 48 bits, single use, checked with a tries limit). */
export function recoveryCode(): string {
  return groups(10, 5);
}

function groups(length: number, size: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}
