import { forPeople } from '../plain-words.js';
import { formatDateTime as formatPeopleDateTime } from '../../domain/shared/dates.js';
import type { Notification } from '../../services/notifications.service.js';
import type { SignedInUser } from '../../services/context.js';
import { isRegulatorRole, ROLE_LABELS } from '../../domain/vocabulary/roles.js';

export interface HomeLink {
  text: string;
  href: string;
  description: string;
}

const NOTICES: Record<string, string> = {
  'password-changed': 'Your password has been changed.',
  welcome: 'Your account is set up. Welcome to Inspectorate.',
};

/** "5 December 2026 at 2:30pm" (UK time), from the one date module. */
export function formatDateTime(d: Date): string {
  return formatPeopleDateTime(d);
}

/** The links a person's role gives them, in the order they are most likely to need them. */
export function homeLinks(user: SignedInUser): HomeLink[] {
  const links: HomeLink[] = [];
  if (user.role === 'administrator') {
    links.push({ text: 'Users', href: '/admin/users', description: 'Find, invite and manage people in any organisation.' });
    links.push({ text: 'Audit trail', href: '/admin/audit', description: 'Every change: who made it, when, and what changed.' });
    links.push({ text: 'Outbox', href: '/admin/outbox', description: 'Emails the service has sent or will send.' });
  }
  if (!isRegulatorRole(user.role)) {
    links.push({
      text: user.organisationName,
      href: '/organisation',
      description: user.isOrgAdmin ? 'Your organisation’s details and people. As an admin you can invite and remove colleagues.' : 'Your organisation’s details and people.',
    });
  }
  if (['enforcement_officer', 'inspection_manager', 'administrator'].includes(user.role)) {
    links.push({ text: 'Enforcement', href: '/enforcement', description: 'Every open enforcement action, its state and its next statutory deadline; issue and move notices.' });
  }
  links.push({ text: 'Your work', href: '/my-work', description: 'What is waiting for you to act on, and what is due in the next 5 working days.' });
  links.push({
    text: 'Inspections',
    href: '/inspections',
    description: isRegulatorRole(user.role) ? 'Plan inspections, request evidence, draw samples and agree the programme.' : 'Inspections of your organisation: send the evidence and case list asked for, and see the programme.',
  });
  links.push({ text: 'Find a service', href: '/locations', description: 'Search the public register of services and their ratings.' });
  links.push({ text: 'API tokens', href: '/account/tokens', description: 'Personal access tokens for the JSON API, with your permissions.' });
  return links;
}

export function homePage(user: SignedInUser, notifications: Notification[], notice: string | undefined) {
  return {
    pageTitle: 'Home',
    heading: `Hello, ${user.name}`,
    roleLine: `${ROLE_LABELS[user.role]}${user.isOrgAdmin ? ' (organisation admin)' : ''}, ${user.organisationName}`,
    notice: notice && NOTICES[notice] ? { text: NOTICES[notice], type: 'success', titleText: 'Success' } : null,
    links: homeLinks(user),
    notifications: notifications.map((n) => ({
      title: forPeople(n.title),
      body: n.body ? forPeople(n.body) : n.body,
      link: n.link,
      unread: n.read_at === null,
      when: formatDateTime(n.created_at),
    })),
  };
}
