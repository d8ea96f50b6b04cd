import type { Kysely } from 'kysely';
import type { Database, StaffUsersTable } from '../../db/database.ts';
import type { StaffRole } from './staff-roles.ts';

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpConfirmed: boolean;
  totpLastCounter: number | null;
  status: StaffUsersTable['status'];
  lastSignInAt: string | null;
}

type Row = Omit<StaffUsersTable, 'id'> & { id: number };

function toUser(r: Row): StaffUser {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    totpSecretSealed: r.totp_secret,
    totpConfirmed: r.totp_confirmed_at !== null,
    totpLastCounter: r.totp_last_counter,
    status: r.status,
    lastSignInAt: r.last_sign_in_at,
  };
}

export class StaffUsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByEmail(email: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findById(id: number): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<StaffUser[]> {
    const rows = await this.db.selectFrom('staff_users').selectAll().orderBy('name').execute();
    return rows.map(toUser);
  }

  async insert(values: { email: string; name: string; role: StaffRole; passwordHash: string | null; status: StaffUsersTable['status']; createdAt: string }): Promise<number> {
    const row = await this.db
      .insertInto('staff_users')
      .values({ email: values.email.toLowerCase(), name: values.name, role: values.role, password_hash: values.passwordHash, status: values.status, created_at: values.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: number, changes: Partial<Omit<StaffUsersTable, 'id'>>): Promise<void> {
    await this.db.updateTable('staff_users').set(changes).where('id', '=', id).execute();
  }

  /** Accepts a TOTP step only if it is later than the last one accepted (checked in the same statement). */
  async acceptTotpStep(id: number, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_users')
      .set({ totp_last_counter: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async replaceRecoveryCodes(staffId: number, hashes: string[]): Promise<void> {
    await this.db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
    await this.db.insertInto('staff_recovery_codes').values(hashes.map((code_hash) => ({ staff_id: staffId, code_hash }))).execute();
  }

  unusedRecoveryCodes(staffId: number): Promise<Array<{ id: number; code_hash: string }>> {
    return this.db.selectFrom('staff_recovery_codes').select(['id', 'code_hash']).where('staff_id', '=', staffId).where('used_at', 'is', null).execute();
  }

  async useRecoveryCode(id: number, atIso: string): Promise<boolean> {
    const result = await this.db.updateTable('staff_recovery_codes').set({ used_at: atIso }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
