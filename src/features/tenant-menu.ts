export interface MenuItem {
  href: string;
  text: string;
  children?: MenuItem[];
}

/** The signed-in menu of seed 000; later features add their items here. */
export function tenantMenu(): MenuItem[] {
  return [
    { href: '/dashboard', text: 'Home' },
    {
      href: '/profile',
      text: 'My Profile',
      children: [
        { href: '/profile/personal-details', text: 'Personal Details' },
        { href: '/profile/contact-details', text: 'Contact Details' },
        { href: '/profile/secret-question', text: 'Edit Secret Question' },
        { href: '/profile/email', text: 'Update Account Email' },
        { href: '/profile/password', text: 'Change Login Password' },
        { href: '/profile/security-password', text: 'Change Security Password' },
        { href: '/profile/preferences', text: 'Self Service Preferences' },
      ],
    },
    { href: '/agreements', text: 'My Agreements' },
    { href: '/balance', text: 'My Balance' },
    { href: '/ways-to-pay', text: 'Ways to Pay' },
    { href: '/statement', text: 'Download a Statement' },
    { href: '/repairs', text: 'My Repairs' },
    { href: '/repairs/new', text: 'Log a Repair' },
    { href: '/communications', text: 'My Communications' },
    { href: '/activity', text: 'Recent activity' },
  ];
}
