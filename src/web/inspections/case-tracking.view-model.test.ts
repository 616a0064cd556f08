import { describe, expect, it } from 'vitest';
import type { TrackedCaseView, TrackingSummaryView } from '../../services/fieldwork/case-tracking.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { sampledForOrganisation, trackedCasePage, trackingSummaryPage } from './case-tracking.view-model.js';

const detail = (state: string, side: 'regulator' | 'organisation' = 'regulator') =>
  ({ id: 'i1', reference: 'INS-2026-000001', kindLabel: 'Area review', subjectName: 'Luton area', state, stateLabel: state, you: { side, enforcementOnly: false } }) as unknown as InspectionDetail;

const tracked: TrackedCaseView = {
  caseId: 'c1',
  inspectionId: 'i1',
  caseReference: 'LTN-0001',
  organisationName: 'NHS BLMK ICB',
  servicesUsed: ['Midwifery'],
  inSample: true,
  tracked: null,
  findings: [],
  links: [],
  linkable: [{ kind: 'visit', targetId: 'v1', description: 'Midwifery, 30 November 2026 at the hospital' }],
  scope: ['Midwifery', 'Health Visiting'],
};

describe('the tracked case page', () => {
  it.each([
    ['fieldwork', 'regulator', true, false],
    ['judgement', 'regulator', true, false],
    ['draft_report', 'regulator', false, false],
  ] as const)('at %s for the %s: recording form %s, finding form %s (nothing recorded yet)', (state, side, form, finding) => {
    const v = trackedCasePage(detail(state, side), tracked);
    expect(!!v.trackingForm).toBe(form);
    expect(!!v.findingForm).toBe(finding);
    expect(v.needsTrackingFirst).toBe(form);
  });

  it('once the services seen are recorded, findings can be added and the form keeps what was typed after a mistake', () => {
    const v = trackedCasePage(detail('fieldwork'), { ...tracked, tracked: { servicesSeen: ['Midwifery'], recordsRead: 'Maternity record', recordedBy: 'Lena', recordedAt: '2026-11-30T10:00:00Z', updatedBy: 'Lena', updatedAt: '2026-11-30T10:00:00Z' } }, {
      form: 'finding',
      errors: [{ field: 'kind', message: 'Choose what you found' }],
      finding: { kind: '', text: 'Handover not written', serviceName: 'Midwifery' },
    });
    expect(v.pageTitle).toBe('Error: Tracked case LTN-0001: INS-2026-000001');
    expect(v.findingForm?.text.value).toBe('Handover not written');
    expect(v.findingForm?.kind.errorMessage).toEqual({ text: 'Choose what you found' });
    expect(v.trackingForm?.recordsRead.errorMessage).toBe(false);
    expect(v.linkForm?.target.items.map((i) => i.value)).toEqual(['', 'visit:v1']);
  });

  it('a swapped-out case is shown but not tracked', () => {
    const v = trackedCasePage(detail('fieldwork'), { ...tracked, inSample: false });
    expect(v.trackingForm).toBeNull();
    expect(v.linkForm).toBeNull();
  });
});

describe('the summary page and the organisation’s sampled cases', () => {
  const summary: TrackingSummaryView = {
    inspectionId: 'i1',
    summary: { trackedCases: 1, byService: [{ service: 'Midwifery', casesSeen: 1, counts: { good_practice: 0, concern: 1, immediate_action: 0 } }], byFinding: [{ kind: 'concern', label: 'Concern', findings: 1, cases: 1 }] },
    cases: [
      { caseId: 'c1', caseReference: 'LTN-<1>', organisationName: 'ICB', tracked: true, servicesSeen: ['Midwifery'], counts: { good_practice: 0, concern: 1, immediate_action: 0 }, links: 2 },
      { caseId: 'c2', caseReference: 'LTN-0002', organisationName: 'ICB', tracked: false, servicesSeen: [], counts: { good_practice: 0, concern: 0, immediate_action: 0 }, links: 0 },
    ],
    reportText: 'We tracked 1 case.',
  };

  it('counts cases in words and escapes references in links', () => {
    const v = trackingSummaryPage(detail('fieldwork'), summary);
    expect(v.intro).toBe('1 case of the 2 sampled cases tracked so far.');
    expect(v.cases.rows[0]![0]).toEqual({ html: '<a class="govuk-link" href="/inspections/i1/cases/c1/tracking">LTN-&lt;1&gt;</a>' });
    expect(v.cases.rows[0]![3]).toEqual({ text: 'Concern: 1' });
    expect(v.cases.rows[1]![2]).toEqual({ text: 'Not tracked yet' });
    expect(v.cases.rows[1]![3]).toEqual({ text: 'None yet' });
  });

  const icb = { id: 'icb', name: 'NHS BLMK ICB' };
  const trustOrg = { id: 'trust', name: 'Bedfordshire Hospitals' };
  const sampledCase = (caseReference: string, organisation: { id: string; name: string }, servicesUsed: string[]) => ({ caseReference, organisation, servicesUsed });
  const lead = { isLead: true, organisationIds: ['icb'], services: [] };
  const trust = { isLead: false, organisationIds: ['trust'], services: ['Midwifery', 'A&E'] };

  it.each([
    ['the lead, its own cases', lead, [sampledCase('LTN-0001', icb, ['Midwifery']), sampledCase('LTN-0004', icb, ['School Nursing'])], 'Your cases in the sample', 'Inspectors will track 2 of your cases. They may ask to see the records of these cases and, where the family agreed, speak to them.', ['LTN-0001', 'LTN-0004']],
    ['the lead, one case', lead, [sampledCase('LTN-0001', icb, ['Midwifery'])], 'Your cases in the sample', 'Inspectors will track 1 of your cases. They may ask to see the records of these cases and, where the family agreed, speak to them.', ['LTN-0001']],
    ['the lead, none yet', lead, [], 'Your cases in the sample', 'None of your cases has been sampled yet.', []],
    [
      'the lead, with a case from another list',
      lead,
      [sampledCase('LTN-0001', icb, ['Midwifery']), sampledCase('BH-0002', trustOrg, ['A&E'])],
      'Cases in the sample',
      "Inspectors will track 2 cases: 1 from your case list and 1 from another organisation's list. You lead the response to this review, so you see every sampled case. They may ask to see the records of these cases and, where the family agreed, speak to them.",
      ['LTN-0001', 'BH-0002 (from Bedfordshire Hospitals)'],
    ],
    [
      'another participant: the cases that used its services, and why',
      trust,
      [sampledCase('LTN-0001', icb, ['Midwifery', 'Health Visiting']), sampledCase('BH-0002', trustOrg, ['A&E', 'midwifery'])],
      'Sampled cases involving your services',
      'Inspectors will track 2 cases that involve you. You see only the sampled cases that came from your own case list or in which the child used a service you run or commission (Midwifery and A&E). Inspectors track the other sampled cases with the organisations concerned. They may ask to see your records of these cases.',
      ['LTN-0001 (used Midwifery)', 'BH-0002 (from your case list; used A&E and midwifery)'],
    ],
    ['another participant, none', trust, [], 'Sampled cases involving your services', 'None of the sampled cases came from your case list or used a service you run or commission (Midwifery and A&E).', []],
  ])('%s', (_l, who, cases, heading, text, references) => {
    expect(sampledForOrganisation(cases, who)).toEqual({ heading, text, references });
  });
});
