import { describe, expect, it } from 'vitest';
import { checkReviewer, checkReviewRequest, countWords, reviewOrganisationKind } from './rating-review-rules.js';

const base = { publicationDate: '2026-03-02', today: '2026-03-10', capacities: ['registered_manager'] as const, organisationKind: 'other' as const, alreadyRequested: false, grounds: 'The inspection team did not consider the evidence we sent before the site visit.', confirmsProcessGrounds: true };

describe('rating review request rules', () => {
  it('counts 15 working days from publication, skipping bank holidays', () => {
    // Published Thursday 26 March 2026: Good Friday 3 April and Easter Monday 6 April are skipped.
    const r = checkReviewRequest({ ...base, publicationDate: '2026-03-26', today: '2026-04-20' });
    expect(r.ok && r.value.deadline.due).toBe('2026-04-20');
    const late = checkReviewRequest({ ...base, publicationDate: '2026-03-26', today: '2026-04-21' });
    expect(late.ok).toBe(false);
    expect(!late.ok && late.error[0]!.message).toContain('by 20 April 2026');
  });

  it.each([
    ['day 15 is in time', { today: '2026-03-23' }, true, ''],
    ['day 16 is late', { today: '2026-03-24' }, false, 'within 15 working days'],
    ['501 words is too long', { grounds: Array.from({ length: 501 }, () => 'word').join(' ') }, false, 'they have 501 words'],
    ['500 words is allowed', { grounds: Array.from({ length: 500 }, () => 'word').join(' ') }, true, ''],
    ['a second request for the report', { alreadyRequested: true }, false, 'only one request'],
    ['a colleague with no registered capacity', { capacities: [] }, false, 'Only the registered manager or the nominated individual'],
    ['a chief executive of a care company', { capacities: ['chief_executive'] }, false, 'Only the registered manager'],
    ['a chief executive of an NHS trust', { capacities: ['chief_executive'], organisationKind: 'nhs_trust' }, true, ''],
    ['a chief executive of a local authority', { capacities: ['chief_executive'], organisationKind: 'local_authority' }, true, ''],
    ['a nominated individual of a local authority', { capacities: ['nominated_individual'], organisationKind: 'local_authority' }, true, ''],
    ['a colleague of a local authority with no registered capacity', { capacities: [], organisationKind: 'local_authority' }, false, 'Only the registered manager, the nominated individual or the chief executive'],
    ['disagreement is not confirmed away', { confirmsProcessGrounds: false }, false, 'not disagreement with the judgement'],
  ] as const)('%s', (_name, over, allowed, message) => {
    const r = checkReviewRequest({ ...base, ...over } as Parameters<typeof checkReviewRequest>[0]);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.error.map((e) => e.message).join(' ')).toContain(message);
  });

  it('counts words across any whitespace', () => expect(countWords('  one\ntwo\t three  ')).toBe(3));

  it.each([
    ['a team member', 'a', false],
    ['the approver', 'b', false],
    ['someone uninvolved', 'c', true],
  ] as const)('reviewer: %s', (_n, id, ok) => {
    expect(checkReviewer({ reviewerId: id, reviewerRole: 'inspector', reviewerActive: true, teamMemberIds: ['a'], approverIds: ['b'] }).ok).toBe(ok);
  });

  const org = { kind: 'provider', name: 'Bellflower Care Ltd', odsCode: null, localAuthorityCode: null, registerType: 'Social Care Org', registerOwnership: 'Organisation' };
  it.each([
    ['a care company', [org], 'other'],
    ['an NHS trust on the register', [{ ...org, name: 'Oldham Care Organisation', registerType: 'NHS Healthcare Organisation', registerOwnership: 'NHS Body' }], 'nhs_trust'],
    ['an NHS trust known by its ODS code', [{ ...org, name: 'Bedfordshire Hospitals', odsCode: 'RC9', registerType: null, registerOwnership: null }], 'nhs_trust'],
    ['an NHS foundation trust known by its name', [{ ...org, name: 'East London NHS Foundation Trust', registerType: null, registerOwnership: null }], 'nhs_trust'],
    ['a GP practice (ODS code of a practice, not a trust)', [{ ...org, name: 'Stopsley Village Practice', odsCode: 'E81006' }], 'other'],
    ['a council record', [{ ...org, kind: 'local_authority', name: 'Luton Borough Council' }], 'local_authority'],
    ['a care home run by a council (its provider)', [{ ...org, kind: 'location', name: 'Ashgrove House' }, { ...org, name: 'Oldham Metropolitan Borough Council' }], 'local_authority'],
    ['a provider the register calls a local authority', [{ ...org, name: 'Shared Lives South', registerOwnership: 'Local Authority' }], 'local_authority'],
  ] as const)('organisation kind for a chief executive: %s', (_n, orgs, kind) => expect(reviewOrganisationKind(orgs)).toBe(kind));
});
