import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Deps } from '../../deps.ts';
import { MINUTE } from '../../lib/clock.ts';
import { hmac } from '../../lib/tokens.ts';
import { PasswordResetRepository } from './password-reset.repository.ts';

/** How long a challenge may be solved and sent: long enough to type an email address, short for replays. */
export const CHALLENGE_LIFETIME_MS = 10 * MINUTE;

/**
 * Difficulty: the browser tries counters from 0 until it finds the secret one, each try a PBKDF2
 * of COST rounds, so the work is about 2,000–4,000 × 1,000 rounds: around a second on a phone,
 * a real cost for a script sending thousands. The server checks an answer with one HMAC.
 */
const ALGORITHM = 'PBKDF2/SHA-256';
const COST = 1_000;
const COUNTER_MIN = 2_000;
const COUNTER_MAX = 4_000;
const MAX_PAYLOAD_LENGTH = 4_000;

export type AltchaCheck = 'verified' | 'refused';

/**
 * ALTCHA proof of work without any image or audio puzzle (WCAG 2.2 SC 3.3.8): challenges are
 * signed with keys derived from the app secret, so any app instance can check any answer.
 */
export class AltchaService {
  private readonly signatureSecret: string;
  private readonly keySecret: string;
  constructor(private readonly deps: Deps) {
    this.signatureSecret = hmac(deps.config.appSecret, 'altcha-signature');
    this.keySecret = hmac(deps.config.appSecret, 'altcha-key');
  }

  /**
   * The expiry is carried in the signed `data`, not in `expiresAt`: the library checks
   * `expiresAt` against the machine's clock, while everything here reads time through deps.clock.
   */
  challenge(): Promise<Challenge> {
    const expires = Math.floor((this.deps.clock.now().getTime() + CHALLENGE_LIFETIME_MS) / 1000);
    return createChallenge({
      algorithm: ALGORITHM,
      cost: COST,
      counter: randomInt(COUNTER_MAX, COUNTER_MIN),
      deriveKey,
      data: { expires },
      hmacSignatureSecret: this.signatureSecret,
      hmacKeySignatureSecret: this.keySecret,
    });
  }

  /** Checks the widget's payload (base64 JSON of challenge and solution); each challenge counts once. */
  async verify(payload: string): Promise<AltchaCheck> {
    const parsed = parsePayload(payload);
    if (!parsed) return 'refused';
    const { challenge, solution } = parsed;
    const expires = Number(challenge.parameters.data?.expires);
    const now = this.deps.clock.now();
    if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return 'refused';
    let verified: boolean;
    try {
      const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: this.signatureSecret, hmacKeySignatureSecret: this.keySecret });
      verified = result.verified;
    } catch {
      verified = false;
    }
    if (!verified || !challenge.signature) return 'refused';
    // Replays are remembered in the throttles table (shared by every instance) until the
    // challenge could no longer be used anyway.
    const fresh = await new PasswordResetRepository(this.deps.db).claimOnce(`altcha:${challenge.signature}`, now.toISOString(), new Date(expires * 1000).toISOString());
    return fresh ? 'verified' : 'refused';
  }
}

function parsePayload(payload: string): { challenge: Challenge; solution: Solution } | null {
  if (payload.length > MAX_PAYLOAD_LENGTH) return null;
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as unknown;
    if (!value || typeof value !== 'object') return null;
    const { challenge, solution } = value as { challenge?: unknown; solution?: unknown };
    if (!challenge || typeof challenge !== 'object' || !solution || typeof solution !== 'object') return null;
    const c = challenge as Challenge;
    if (!c.parameters || typeof c.parameters !== 'object' || typeof c.signature !== 'string') return null;
    if (c.parameters.algorithm !== ALGORITHM) return null;
    return { challenge: c, solution: solution as Solution };
  } catch {
    return null;
  }
}
