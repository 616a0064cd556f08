import { type Role, isRegulatorRole } from '../domain/vocabulary/roles.js';
import type { SignedInUser } from '../services/context.js';


export interface NavItem {
  text: string;
  href: string;
  active?: boolean;
}

export interface LayoutViewModel {
  serviceNavigation: {
    navigation: NavItem[];
    navigationLabel: string;
  };
  signedInAs: { name: string; organisationName: string } | null;
  footerLinks: { text: string; href: string }[];
  phaseBannerHtml: string;
  footerNote: string;
}

/** Who sees a navigation item. */
export type Audience =
  | 'everyone'
  | 'anonymous'
  | 'signed-in'
  | 'regulator'
  | 'organisation'
  | { roles: readonly Role[] };

export interface NavEntry {
  text: string;
  href: string;
  audience: Audience;
}

/**
 * The service navigation, in display order. Add a line here when a capability lands:
 * the audience decides who sees it (the service still checks permission on every call).
 */
export const NAVIGATION: readonly NavEntry[] = [
  { text: 'Home', href: '/home', audience: 'signed-in' },
  { text: 'Your work', href: '/my-work', audience: 'signed-in' },
  { text: 'Inspections', href: '/inspections', audience: 'signed-in' },
  { text: 'Reports', href: '/reports/drafts', audience: { roles: ['inspector', 'inspection_manager', 'administrator', 'factual_accuracy_reviewer'] } },
  { text: 'Find a service', href: '/locations', audience: 'everyone' },
  { text: 'How we reach a rating', href: '/how-we-rate', audience: 'anonymous' },
  { text: 'Give feedback on care', href: '/give-feedback', audience: 'anonymous' },
  { text: 'Feedback', href: '/feedback', audience: { roles: ['inspector', 'inspection_manager', 'administrator'] } },
  { text: 'Notifications', href: '/notifications', audience: { roles: ['inspector', 'inspection_manager', 'administrator', 'provider_user'] } },
  { text: 'Information returns', href: '/information-returns', audience: { roles: ['inspector', 'inspection_manager', 'administrator', 'provider_user'] } },
  { text: 'Rating reviews', href: '/rating-reviews', audience: { roles: ['inspector', 'inspection_manager', 'administrator', 'provider_user'] } },
  { text: 'Monitoring', href: '/monitoring', audience: { roles: ['inspection_manager', 'administrator'] } },
  { text: 'Enforcement', href: '/enforcement', audience: { roles: ['enforcement_officer', 'inspection_manager', 'administrator'] } },
  { text: 'Follow-up', href: '/follow-up', audience: { roles: ['inspector', 'inspection_manager', 'administrator'] } },
  { text: 'Your organisation', href: '/organisation', audience: 'organisation' },
  { text: 'Users', href: '/admin/users', audience: { roles: ['administrator'] } },
  { text: 'Audit trail', href: '/admin/audit', audience: { roles: ['administrator'] } },
  { text: 'Outbox', href: '/admin/outbox', audience: { roles: ['administrator'] } },
  { text: 'Background jobs', href: '/admin/jobs', audience: { roles: ['administrator'] } },
  { text: 'Sign in', href: '/sign-in', audience: 'anonymous' },
  { text: 'Sign out', href: '/sign-out', audience: 'signed-in' },
];

export function seesEntry(user: SignedInUser | null, audience: Audience): boolean {
  if (audience === 'everyone') return true;
  if (audience === 'anonymous') return user === null;
  if (user === null) return false;
  if (audience === 'signed-in') return true;
  if (audience === 'regulator') return isRegulatorRole(user.role);
  if (audience === 'organisation') return !isRegulatorRole(user.role);
  return audience.roles.includes(user.role);
}

/** Navigation that fits the signed-in role (or the public, when nobody is signed in). */
export function navigationFor(user: SignedInUser | null, entries: readonly NavEntry[] = NAVIGATION): NavItem[] {
  return entries.filter((e) => seesEntry(user, e.audience)).map(({ text, href }) => ({ text, href }));
}

export function isActive(href: string, currentPath: string): boolean {
  return currentPath === href || (href !== '/' && currentPath.startsWith(`${href}/`));
}

export function buildLayout(user: SignedInUser | null, currentPath: string): LayoutViewModel {
  const navigation = navigationFor(user).map((item) => ({ ...item, active: isActive(item.href, currentPath) }));
  return {
    serviceNavigation: { navigation, navigationLabel: 'Menu' },
    signedInAs: user ? { name: user.name, organisationName: user.organisationName } : null,
    footerLinks: [
      { text: 'Accessibility statement', href: '/accessibility' },
      { text: 'Cookies', href: '/cookies' },
      { text: 'How we reach a rating', href: '/how-we-rate' },
      { text: 'Public API', href: '/public/v1' },
    ],
    phaseBannerHtml: 'This is a new service. Inspectorate is open source.',
    footerNote: 'Register data contains public sector information licensed under the Open Government Licence v3.0.',
  };
}
