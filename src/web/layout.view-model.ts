import type { Role } from '../data/tables/foundation.tables.js';
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

const REGULATOR_ROLES: readonly Role[] = ['inspector', 'inspection_manager', 'factual_accuracy_reviewer', 'enforcement_officer', 'administrator'];

export function isRegulatorRole(role: Role): boolean {
  return REGULATOR_ROLES.includes(role);
}

/** Navigation that fits the signed-in role. Items are added here as capabilities land. */
export function navigationFor(user: SignedInUser | null): NavItem[] {
  const items: NavItem[] = [{ text: 'Find a service', href: '/locations' }];
  if (!user) {
    items.push({ text: 'How we reach a rating', href: '/how-we-rate' });
    items.push({ text: 'Sign in', href: '/sign-in' });
    return items;
  }
  items.unshift({ text: 'Home', href: '/home' });
  if (isRegulatorRole(user.role)) {
    if (user.role === 'administrator') {
      items.push({ text: 'Users', href: '/admin/users' });
      items.push({ text: 'Audit trail', href: '/admin/audit' });
      items.push({ text: 'Outbox', href: '/admin/outbox' });
    }
  } else {
    items.push({ text: 'Your organisation', href: '/organisation' });
  }
  items.push({ text: 'Sign out', href: '/sign-out' });
  return items;
}

export function buildLayout(user: SignedInUser | null, currentPath: string): LayoutViewModel {
  const navigation = navigationFor(user).map((item) => ({
    ...item,
    active: currentPath === item.href || (item.href !== '/' && currentPath.startsWith(`${item.href}/`)),
  }));
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
