import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { DAY } from '../../lib/clock.ts';
import type { Hasher } from '../../lib/passwords.ts';
import { activationCode, normaliseCode } from '../../lib/tokens.ts';

export const MAX_CODE_ATTEMPTS = 5;

export interface IssuedCode {
  code: string;
  expiresAt: string;
}

/**
 * Issues a new activation code for one person on one agreement; any earlier unused code of theirs
 * for that agreement stops working. Only the argon2id hash is kept: the code itself exists only
 * in the letter.
 */
export async function issueActivationCode(
  db: Kysely<Database>,
  hasher: Hasher,
  now: Date,
  personId: number,
  agreementId: number,
  validDays: number,
): Promise<IssuedCode> {
  const code = activationCode();
  const expiresAt = new Date(now.getTime() + validDays * DAY).toISOString();
  await db
    .updateTable('activation_codes')
    .set({ revoked_at: now.toISOString() })
    .where('person_id', '=', personId)
    .where('agreement_id', '=', agreementId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .insertInto('activation_codes')
    .values({
      person_id: personId,
      agreement_id: agreementId,
      code_hash: await hasher.hash(normaliseCode(code)),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      failed_attempts: 0,
    })
    .execute();
  return { code, expiresAt };
}
