import type { Generated, Kysely } from 'kysely';

/*
 * Table types. Calendar dates are ISO `YYYY-MM-DD` strings, instants are ISO UTC strings
 * (`toISOString()`), flags are 0/1 integers and money is integer pence, so both engines store
 * and compare them the same way.
 */

export interface PeopleTable {
  id: Generated<number>;
  title: string | null;
  forenames: string;
  surname: string;
  date_of_birth: string;
  created_at: string;
}

export interface PropertiesTable {
  id: Generated<number>;
  kind: 'house' | 'flat' | 'block';
  address_line1: string;
  address_line2: string | null;
  town: string;
  county: string | null;
  postcode: string;
  uprn: string | null;
  parent_id: number | null;
}

export interface AgreementsTable {
  id: Generated<number>;
  reference: string;
  type: string;
  status: 'current' | 'former';
  property_id: number;
  start_date: string;
  end_date: string | null;
}

export interface AgreementMembersTable {
  agreement_id: number;
  person_id: number;
  role: 'lead' | 'joint';
}

export interface AccountsTable {
  id: Generated<number>;
  person_id: number;
  username: string;
  email: string | null;
  password_hash: string;
  must_change_password: number;
  secret_question: string | null;
  secret_answer_hash: string | null;
  security_password_hash: string | null;
  preferred_contact: 'email' | 'letter';
  status: 'active' | 'disabled';
  created_at: string;
  last_sign_in_at: string | null;
}

export interface ActivationCodesTable {
  id: Generated<number>;
  person_id: number;
  agreement_id: number;
  code_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  failed_attempts: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value, so a copy of the table cannot be replayed as cookies. */
  id_hash: string;
  kind: 'tenant' | 'staff';
  account_id: number | null;
  staff_id: number | null;
  data: string;
  remember: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ContactDetailsTable {
  id: Generated<number>;
  person_id: number;
  method: string;
  value: string;
  start_date: string;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor_type: 'tenant' | 'staff' | 'system' | 'anonymous';
  actor_id: number | null;
  person_id: number | null;
  action: string;
  detail: string;
  request_id: string | null;
  ip: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export interface LettersTable {
  id: Generated<number>;
  person_id: number;
  agreement_id: number | null;
  kind: string;
  title: string;
  pdf: Uint8Array;
  created_at: string;
  post_by: string;
  posted_at: string | null;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  account_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface EmailChangesTable {
  id: Generated<number>;
  account_id: number;
  new_email: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ThrottlesTable {
  key: string;
  failures: number;
  window_start: string;
  blocked_until: string | null;
}

export interface RequestsTable {
  id: Generated<number>;
  person_id: number | null;
  kind: string;
  summary: string;
  detail: string;
  status: 'open' | 'resolved';
  created_at: string;
  assigned_staff_id: number | null;
  resolved_at: string | null;
  resolved_by_staff_id: number | null;
  resolution: string | null;
}

export interface RequestNotesTable {
  id: Generated<number>;
  request_id: number;
  staff_id: number;
  body: string;
  created_at: string;
}

export interface StaffUsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'administrator' | 'customer_services' | 'repairs' | 'income';
  password_hash: string | null;
  /** Encrypted with a key derived from APP_SECRET (lib/secret-box.ts). */
  totp_secret: string | null;
  totp_confirmed_at: string | null;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_counter: number | null;
  status: 'invited' | 'active' | 'disabled';
  created_at: string;
  last_sign_in_at: string | null;
}

export interface StaffRecoveryCodesTable {
  id: Generated<number>;
  staff_id: number;
  code_hash: string;
  used_at: string | null;
}

export interface StaffInvitationsTable {
  id: Generated<number>;
  staff_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type ChargeFrequency = 'weekly' | 'four_weekly' | 'monthly';

export interface ChargesTable {
  id: Generated<number>;
  agreement_id: number;
  kind: 'rent' | 'service_charge' | 'other';
  description: string;
  amount_pence: number;
  frequency: ChargeFrequency;
  effective_from: string;
  effective_to: string | null;
}

export interface BenefitContributionsTable {
  id: Generated<number>;
  agreement_id: number;
  kind: string;
  amount_pence: number;
  frequency: ChargeFrequency;
  effective_from: string;
  effective_to: string | null;
}

export interface RentAccountsTable {
  agreement_id: number;
  account_type: string;
  payment_method: string;
  /** Positive: the tenant owes this much. */
  balance_pence: number;
  last_seq: number;
  last_payment_date: string | null;
  last_payment_pence: number | null;
  /** When the account was last brought up to date. */
  updated_at: string;
}

export type TransactionType = 'charge' | 'payment' | 'benefit' | 'adjustment' | 'refund';

export interface RentTransactionsTable {
  id: Generated<number>;
  agreement_id: number;
  /** Posting order within the agreement, from 1. */
  seq: number;
  date: string;
  type: TransactionType;
  description: string;
  /** Signed so that charges increase what is owed. */
  amount_pence: number;
  /** The balance after this transaction, fixed when it was posted. */
  balance_pence: number;
  reference: string | null;
  created_at: string;
}

export interface CommunicationsTable {
  id: Generated<number>;
  person_id: number;
  agreement_id: number | null;
  kind: 'statement' | 'letter' | 'message';
  title: string;
  body: string | null;
  pdf: Uint8Array | null;
  letter_id: number | null;
  idempotency_key: string | null;
  created_at: string;
  read_at: string | null;
}

export type RepairStatus = 'reported' | 'assigned' | 'appointment_booked' | 'in_progress' | 'on_hold' | 'completed' | 'cancelled';
export type RepairPriority = 'emergency' | 'urgent' | 'routine';

export interface RepairsTable {
  id: Generated<number>;
  reference: string;
  /** The home, or the block for a communal repair. */
  property_id: number;
  agreement_id: number | null;
  reported_by_person_id: number | null;
  channel: 'portal' | 'phone' | 'staff' | 'housing_system';
  location: 'home' | 'communal' | 'outside';
  area_id: string;
  area: string;
  item_id: string;
  item: string;
  problem_id: string;
  problem: string;
  trade: string;
  description: string;
  priority: RepairPriority;
  status: RepairStatus;
  reported_at: string;
  target_date: string;
  /** Awaab's Law: when a possible significant hazard must have been investigated. */
  investigate_by: string | null;
  /** JSON array of hazard flags, e.g. ["damp_mould"]. */
  hazard_flags: string;
  /** JSON of the damp and mould answers. */
  damp_details: string | null;
  access_notes: string | null;
  /** JSON: { days: string[], times: string[] }. */
  availability: string;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  cancelled_at: string | null;
}

export interface RepairStatusHistoryTable {
  id: Generated<number>;
  repair_id: number;
  status: RepairStatus;
  note: string | null;
  actor_type: 'tenant' | 'staff' | 'contractor' | 'system';
  at: string;
}

export type WorkOrderStatus = 'issued' | 'appointment_booked' | 'in_progress' | 'completed' | 'cancelled';

export interface WorkOrdersTable {
  id: Generated<number>;
  repair_id: number;
  reference: string;
  contractor_name: string;
  contractor_phone: string;
  trade: string;
  target_date: string;
  status: WorkOrderStatus;
  appointment_date: string | null;
  appointment_slot: string | null;
  created_at: string;
  updated_at: string;
}

export interface RepairPhotosTable {
  id: Generated<number>;
  repair_id: number;
  stored_name: string;
  content_type: string;
  size_bytes: number;
  width: number;
  height: number;
  uploaded_by_person_id: number | null;
  created_at: string;
}

/** What staff write about a repair for each other; never shown to the tenant. */
export interface RepairInternalNotesTable {
  id: Generated<number>;
  repair_id: number;
  staff_id: number;
  body: string;
  created_at: string;
}

/** Raised by triggers whenever a row the person's pages show is written (see page-versions.ts). */
export interface PageVersionsTable {
  person_id: number;
  version: number;
}

export interface Database {
  people: PeopleTable;
  properties: PropertiesTable;
  agreements: AgreementsTable;
  agreement_members: AgreementMembersTable;
  accounts: AccountsTable;
  activation_codes: ActivationCodesTable;
  sessions: SessionsTable;
  contact_details: ContactDetailsTable;
  audit_events: AuditEventsTable;
  outbox: OutboxTable;
  letters: LettersTable;
  password_resets: PasswordResetsTable;
  email_changes: EmailChangesTable;
  throttles: ThrottlesTable;
  requests: RequestsTable;
  staff_users: StaffUsersTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_invitations: StaffInvitationsTable;
  request_notes: RequestNotesTable;
  charges: ChargesTable;
  benefit_contributions: BenefitContributionsTable;
  rent_accounts: RentAccountsTable;
  rent_transactions: RentTransactionsTable;
  communications: CommunicationsTable;
  repairs: RepairsTable;
  repair_status_history: RepairStatusHistoryTable;
  work_orders: WorkOrdersTable;
  repair_photos: RepairPhotosTable;
  repair_internal_notes: RepairInternalNotesTable;
  page_versions: PageVersionsTable;
}

export type Db = Kysely<Database>;
