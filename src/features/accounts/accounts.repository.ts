import type { Kysely } from 'kysely';
import type { AccountsTable, Database } from '../../db/database.ts';
import { reusableQuery } from '../../db/reusable-query.ts';

export interface AccountRecord {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  secretQuestion: string | null;
  secretAnswerHash: string | null;
  securityPasswordHash: string | null;
  preferredContact: 'email' | 'letter';
  status: 'active' | 'disabled';
  lastSignInAt: string | null;
}

/** The signed-in person as pages need them. */
export interface CurrentAccount {
  id: number;
  personId: number;
  username: string;
  email: string | null;
  title: string | null;
  forenames: string;
  surname: string;
  displayName: string;
  mustChangePassword: boolean;
  preferredContact: 'email' | 'letter';
}

type AccountRow = Pick<AccountsTable, 'person_id' | 'username' | 'email' | 'password_hash' | 'must_change_password' | 'secret_question' | 'secret_answer_hash' | 'security_password_hash' | 'preferred_contact' | 'status' | 'last_sign_in_at'> & { id: number };

function toRecord(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    personId: r.person_id,
    username: r.username,
    email: r.email,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password === 1,
    secretQuestion: r.secret_question,
    secretAnswerHash: r.secret_answer_hash,
    securityPasswordHash: r.security_password_hash,
    preferredContact: r.preferred_contact,
    status: r.status,
    lastSignInAt: r.last_sign_in_at,
  };
}

const currentAccount = reusableQuery((db, id: number) =>
  db
    .selectFrom('accounts')
    .innerJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.person_id', 'accounts.username', 'accounts.email', 'accounts.must_change_password', 'accounts.preferred_contact', 'accounts.status', 'people.title', 'people.forenames', 'people.surname'])
    .where('accounts.id', '=', id),
);

export class AccountsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Email addresses and usernames are matched without regard to case. */
  async findByIdentifier(identifier: string): Promise<AccountRecord | undefined> {
    const lower = identifier.trim().toLowerCase();
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb.or([eb('email', '=', lower), eb('username', '=', lower)]))
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async findById(id: number): Promise<AccountRecord | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The signed-in tenant, read on every page: built once (see reusableQuery). */
  async current(id: number): Promise<CurrentAccount | undefined> {
    const [row] = await currentAccount(this.db, id);
    if (!row || row.status !== 'active') return undefined;
    return {
      id: row.id,
      personId: row.person_id,
      username: row.username,
      email: row.email,
      title: row.title,
      forenames: row.forenames,
      surname: row.surname,
      displayName: `${row.forenames} ${row.surname}`,
      mustChangePassword: row.must_change_password === 1,
      preferredContact: row.preferred_contact,
    };
  }

  async recordSignIn(id: number, atIso: string): Promise<void> {
    await this.db.updateTable('accounts').set({ last_sign_in_at: atIso }).where('id', '=', id).execute();
  }
}
