import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from './notification-types.data.js';
import { NOTIFICATION_APPLICABILITY, notificationApplies, whyNotApplicable } from './notification-applicability.data.js';

describe('notification types offered by kind of service', () => {
  it.each([
    ['dols', ['primary_medical'], false],
    ['dols', ['adult_social_care'], true],
    ['dols', ['other'], true],
    ['court_deprivation', ['primary_medical'], false],
    ['court_deprivation', ['adult_social_care'], true],
    ['death', ['primary_medical'], true],
    ['serious_injury', ['primary_medical'], true],
    ['manager_absence', ['primary_medical'], true],
    ['death_detained', ['adult_social_care'], false],
    ['child_in_adult_unit', ['primary_medical'], false],
    ['child_in_adult_unit', ['primary_medical', 'other'], true],
    ['dols', [], true],
    ['death_registered_provider', ['adult_social_care'], true],
    ['death_registered_provider', ['primary_medical'], true],
    ['death_registered_provider', ['other'], true],
  ] as const)('%s for %j: %s', (type, kinds, offered) => {
    expect(notificationApplies(type, kinds)).toBe(offered);
  });

  it('every rule names a real notification type', () => {
    for (const r of NOTIFICATION_APPLICABILITY.rules) expect(NOTIFICATION_TYPES.map((t) => t.id)).toContain(r.type);
  });

  it('says why in plain words', () => {
    expect(whyNotApplicable('dols', ['primary_medical'])).toBe('This notification is not one a GP practice sends: it is for care homes and hospitals, which ask for Deprivation of Liberty Safeguards authorisations.');
    expect(whyNotApplicable('death', ['primary_medical'])).toBeNull();
  });
});
