import { Secret, TOTP } from 'otpauth';

/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 seconds. */
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, issuer: string, label: string): string {
  return new TOTP({ ...PARAMS, issuer, label, secret: Secret.fromBase32(secretBase32) }).toString();
}

export function totpCode(secretBase32: string, at: Date): string {
  return TOTP.generate({ ...PARAMS, secret: Secret.fromBase32(secretBase32), timestamp: at.getTime() });
}

/**
 * The time step of a valid code (one step of clock drift either way), or null. A step at or
 * before `lastStep` is refused, so a code seen over someone's shoulder cannot be used again.
 */
export function verifyTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ ...PARAMS, token, secret: Secret.fromBase32(secretBase32), timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PARAMS.period, timestamp: at.getTime() }) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
