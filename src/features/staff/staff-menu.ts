import type { StaffRole } from './staff-roles.ts';

export interface StaffMenuItem {
  href: string;
  text: string;
  roles: StaffRole[] | 'all';
}

/** The back office's navigation; each feature adds its item with the roles that may use it. */
const ITEMS: StaffMenuItem[] = [
  { href: '/staff', text: 'Home', roles: 'all' },
  { href: '/staff/customers', text: 'Customers', roles: ['customer_services', 'income', 'repairs'] },
  { href: '/staff/requests', text: 'Requests', roles: ['customer_services'] },
  { href: '/staff/letters', text: 'Letters to post', roles: ['customer_services'] },
  { href: '/staff/repairs', text: 'Repairs', roles: ['repairs', 'customer_services'] },
  { href: '/staff/users', text: 'Staff', roles: ['administrator'] },
  { href: '/staff/audit', text: 'Audit log', roles: ['administrator'] },
];

export function staffMenu(role: StaffRole): Array<{ href: string; text: string }> {
  return ITEMS.filter((i) => i.roles === 'all' || role === 'administrator' || i.roles.includes(role)).map(({ href, text }) => ({ href, text }));
}
