/** Audit actions as a tenant reads them in "Recent activity". Actions not listed are not shown. */
const DESCRIPTIONS: Record<string, string> = {
  registered: 'You registered for an account',
  signed_in: 'You signed in',
  sign_in_failed: 'Someone tried to sign in to your account with the wrong password',
  password_changed: 'You changed your login password',
  password_reset: 'You reset your password',
  temporary_password_replaced: 'You chose a new password',
  username_changed: 'You changed your username',
  secret_question_changed: 'You changed your secret question',
  security_password_changed: 'You changed your security password',
  email_change_requested: 'You asked to change your account email',
  email_changed: 'Your account email was changed',
  preferred_contact_changed: 'You changed how we contact you',
  contact_detail_added: 'You added a contact detail',
  contact_detail_changed: 'You changed a contact detail',
  change_of_details_requested: 'You told us about a change to your details',
  repair_reported: 'You logged a repair',
  repair_cancelled: 'You cancelled a repair',
};

export interface ActivityItem {
  at: string;
  text: string;
}

export function describeActivity(rows: Array<{ at: string; action: string }>): ActivityItem[] {
  return rows.filter((r) => DESCRIPTIONS[r.action]).map((r) => ({ at: r.at, text: DESCRIPTIONS[r.action] }));
}

/** Several feeds as one, newest first; a calendar date (payments, charges) sorts before that day's instants. */
export function mergeActivity(lists: ActivityItem[][], limit: number): ActivityItem[] {
  return lists.flat().sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
