import { describe, expect, it } from 'vitest';
import { type Role } from '../domain/vocabulary/roles.js';
import type { SignedInUser } from '../services/context.js';
import { buildLayout, navigationFor } from './layout.view-model.js';

function user(role: Role, extra: Partial<SignedInUser> = {}): SignedInUser {
  return { id: 'u1', email: 'a@example.com', name: 'Ada Lovelace', role, organisationId: 'o1', organisationName: 'Somewhere NHS Trust', isOrgAdmin: false, ...extra };
}

const texts = (u: SignedInUser | null) => navigationFor(u).map((i) => i.text);

describe('service navigation', () => {
  it('offers the public the register and sign in, nothing signed-in', () => {
    expect(texts(null)).toEqual(['Find a service', 'How we reach a rating', 'Give feedback on care', 'Sign in']);
  });

  it.each<[Role, string[]]>([
    ['administrator', ['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Feedback', 'Notifications', 'Information returns', 'Rating reviews', 'Monitoring', 'Enforcement', 'Follow-up', 'Users', 'Audit trail', 'Outbox', 'Background jobs', 'Sign out']],
    ['inspector', ['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Feedback', 'Notifications', 'Information returns', 'Rating reviews', 'Follow-up', 'Sign out']],
    ['inspection_manager', ['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Feedback', 'Notifications', 'Information returns', 'Rating reviews', 'Monitoring', 'Enforcement', 'Follow-up', 'Sign out']],
    ['factual_accuracy_reviewer', ['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Sign out']],
    ['enforcement_officer', ['Home', 'Your work', 'Inspections', 'Find a service', 'Enforcement', 'Sign out']],
    ['provider_user', ['Home', 'Your work', 'Inspections', 'Find a service', 'Notifications', 'Information returns', 'Rating reviews', 'Your organisation', 'Sign out']],
    ['commissioner_user', ['Home', 'Your work', 'Inspections', 'Find a service', 'Your organisation', 'Sign out']],
  ])('fits the %s role', (role, expected) => {
    expect(texts(user(role))).toEqual(expected);
  });

  it('never shows administration to an organisation admin', () => {
    expect(texts(user('provider_user', { isOrgAdmin: true }))).not.toContain('Users');
  });
});

describe('layout', () => {
  it('marks the current section active, including pages beneath it', () => {
    const nav = buildLayout(user('administrator'), '/admin/audit').serviceNavigation.navigation;
    expect(nav.filter((i) => i.active).map((i) => i.text)).toEqual(['Audit trail']);
    const deeper = buildLayout(user('administrator'), '/admin/outbox/12').serviceNavigation.navigation;
    expect(deeper.filter((i) => i.active).map((i) => i.text)).toEqual(['Outbox']);
  });

  it('shows who is signed in and for which organisation, and nobody when anonymous', () => {
    expect(buildLayout(user('provider_user'), '/home').signedInAs).toEqual({ name: 'Ada Lovelace', organisationName: 'Somewhere NHS Trust' });
    expect(buildLayout(null, '/').signedInAs).toBeNull();
  });
});
