import { describe, expect, it } from 'vitest';
import { check, roleMayEver, writeScopeFor, type PermissionFacts } from './permissions.js';

describe('who may see a feedback giver’s contact details', () => {
  it.each<[string, PermissionFacts, boolean]>([
    ['an inspection manager', { role: 'inspection_manager' }, true],
    ['an inspector handling the feedback', { role: 'inspector', isHandler: true }, true],
    ['an inspector on the linked inspection’s team', { role: 'inspector', teamRole: 'inspector' }, true],
    ['the linked inspection’s lead inspector', { role: 'inspector', teamRole: 'lead_inspector' }, true],
    ['any other inspector', { role: 'inspector' }, false],
    ['a specialist adviser on the linked inspection', { role: 'inspector', teamRole: 'specialist_adviser' }, false],
    ['an administrator', { role: 'administrator' }, false],
    ['an administrator who triaged it', { role: 'administrator', isHandler: true }, false],
    ['a provider user', { role: 'provider_user', participation: ['subject'] }, false],
  ])('%s: %s', (_who, facts, allowed) => {
    expect(check('feedback.contact_details', facts) === null).toBe(allowed);
  });
});

describe('the provider portal’s actions', () => {
  it.each<[Parameters<typeof roleMayEver>[1], Parameters<typeof roleMayEver>[0], boolean]>([
    ['notifications.submit', 'provider_user', true],
    ['notifications.submit', 'inspector', false],
    ['notifications.triage', 'inspector', true],
    ['notifications.triage', 'provider_user', false],
    ['notifications.view', 'commissioner_user', false],
    ['rating_review.decide', 'inspector', false],
    ['rating_review.decide', 'inspection_manager', true],
    ['information_return.answer', 'provider_user', true],
    ['information_return.request', 'provider_user', false],
    ['feedback.respond', 'provider_user', true],
    ['feedback.respond', 'inspector', false],
  ])('%s by %s: %s', (action, role, allowed) => {
    expect(roleMayEver(role, action)).toBe(allowed);
  });

  it('the organisation side’s portal writes need the responses:write token scope', () => {
    expect(['notifications.submit', 'rating_review.request', 'information_return.answer', 'feedback.respond'].map((a) => writeScopeFor(a as 'feedback.respond'))).toEqual(['responses:write', 'responses:write', 'responses:write', 'responses:write']);
  });
});
