import { describe, expect, it } from 'vitest';
import { defaultRecommendations, validatePlan, type PlanInput } from './inspection-plan.js';

const area: PlanInput = {
  kind: 'area_review_safeguarding_lac',
  subjectType: 'area',
  subjectOrganisationKind: null,
  areaName: 'Luton',
  leadCommissionerKind: 'commissioner',
  noticeType: 'short_notice',
  fieldworkStart: '2026-11-30',
  fieldworkEnd: '2026-12-04',
  keyQuestions: [],
  partnerInspectorates: [],
  team: [{ role: 'lead_inspector', userIsRegulator: true }, { role: 'inspector', userIsRegulator: true }],
  scopeServices: [{ serviceName: 'School Nursing', commissionedBy: 'local_authority', ...{ recommendationsAllowed: false, recommendationsNote: 'LA' } }],
};

describe('inspection plan', () => {
  it('accepts the Luton area review', () => {
    expect(validatePlan(area)).toEqual([]);
  });

  it.each([
    [{ subjectType: 'location' as const, subjectOrganisationKind: 'location' }, 'subject.type'],
    [{ areaName: ' ' }, 'subject.areaName'],
    [{ leadCommissionerKind: 'provider' }, 'subject.leadCommissionerId'],
    [{ fieldworkEnd: '2026-11-29' }, 'fieldworkEnd'],
    [{ fieldworkStart: '2026-02-30' }, 'fieldworkStart'],
    [{ team: [{ role: 'inspector' as const, userIsRegulator: true }] }, 'team'],
    [{ partnerInspectorates: ['Ofsted'] }, 'partnerInspectorates'],
    [{ scopeServices: [] }, 'scopeServices'],
    [{ scopeServices: [{ serviceName: 'School Nursing', commissionedBy: 'local_authority' as const, recommendationsAllowed: false, recommendationsNote: null }] }, 'scopeServices[0].recommendationsNote'],
  ])('refuses %j on %s', (over, field) => {
    expect(validatePlan({ ...area, ...over }).map((e) => e.field)).toContain(field);
  });

  it('checks GP practice and joint inspections', () => {
    const gp: PlanInput = { ...area, kind: 'comprehensive', subjectType: 'location', subjectOrganisationKind: 'location', areaName: null, leadCommissionerKind: null, noticeType: 'announced', keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'wellLed'], scopeServices: [] };
    expect(validatePlan(gp)).toEqual([]);
    expect(validatePlan({ ...gp, keyQuestions: ['safe'] }).map((e) => e.field)).toEqual(['keyQuestions']);
    expect(validatePlan({ ...gp, subjectOrganisationKind: 'provider' })[0]?.message).toBe('The subject must be a location, but the organisation chosen is a provider: choose one of its locations (a GP practice is a location), or plan a provider inspection');
    expect(validatePlan({ ...gp, subjectType: 'provider', subjectOrganisationKind: 'location' })[0]?.message).toBe('The subject must be a provider, but the organisation chosen is a location: choose the provider that runs it, or plan a location inspection');
    expect(validatePlan({ ...area, kind: 'joint_inspection', partnerInspectorates: [] }).map((e) => e.field)).toEqual(['partnerInspectorates']);
  });

  it('defaults local authority services to no recommendations, with the reason', () => {
    expect(defaultRecommendations('local_authority').allowed).toBe(false);
    expect(defaultRecommendations('nhs')).toEqual({ allowed: true, note: null });
  });
});
