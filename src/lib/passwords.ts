import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface HashCost {
  memoryCost: number;
  timeCost: number;
}

export class Hasher {
  private dummy: Promise<string> | null = null;
  constructor(private readonly cost: HashCost) {}
  /**
   * A hash of a random secret with the same cost as real ones: checking a password against it
   * when no account matches takes as long as a real check, so timing does not reveal accounts.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(crypto.randomUUID());
    return this.dummy;
  }
  hash(secret: string): Promise<string> {
    return argon2.hash(secret, { type: argon2.argon2id, ...this.cost });
  }
  async verify(hash: string | null, secret: string): Promise<boolean> {
    if (!hash) return false;
    try {
      return await argon2.verify(hash, secret);
    } catch {
      return false;
    }
  }
}

/** Secret answers are compared without regard to case or spacing: "  Rover " matches "rover". */
export function normaliseAnswer(answer: string): string {
  return answer.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
const serviceWords = ['password', 'tenant', 'housing', 'doorstep', 'portal', 'letmein', 'welcome'];

/**
 * NIST 800-63B rules: a length floor, no composition rules, and a refusal of passwords that are
 * common, repetitive or made of words about the service or the person.
 * Returns the message to show, or null when the password is acceptable.
 */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  if (password.length === 0) return 'Enter a password';
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[^a-z]+$/g, '').replace(/^[^a-z]+/g, '');
  if (common.has(lower) || (stripped.length >= 4 && common.has(stripped) && stripped.length >= lower.length - 6)) {
    return 'Password is too easy to guess because it is a commonly used password. Choose a different one';
  }
  if (new Set(lower).size <= 3) return 'Password is too easy to guess because it repeats the same few characters';
  const words = [...serviceWords, ...context.map((w) => w.toLowerCase()).filter((w) => w.length >= 4)];
  const leftover = words.reduce((rest, w) => rest.split(w).join(''), lower);
  if (leftover.replace(/[^a-z]/g, '').length < 4) {
    return 'Password is too easy to guess because it is mostly your name, email or words about this service. Choose a different one';
  }
  return null;
}
