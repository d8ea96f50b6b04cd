export type StaffRole = 'administrator' | 'customer_services' | 'repairs' | 'income';

export const STAFF_ROLES: ReadonlyArray<{ value: StaffRole; text: string }> = [
  { value: 'administrator', text: 'Administrator' },
  { value: 'customer_services', text: 'Customer services' },
  { value: 'repairs', text: 'Repairs' },
  { value: 'income', text: 'Income' },
];

export function roleName(role: StaffRole): string {
  return STAFF_ROLES.find((r) => r.value === role)?.text ?? role;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return STAFF_ROLES.some((r) => r.value === value);
}
