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

  it.each([
    [['LTN-0001', 'LTN-0004'], 'Inspectors will track 2 of your cases. They may ask to see the records of these cases and, where the family agreed, speak to them.'],
    [['LTN-0001'], 'Inspectors will track 1 of your cases. They may ask to see the records of these cases and, where the family agreed, speak to them.'],
    [[], 'None of your cases has been sampled yet.'],
  ])('the organisation sees %j', (refs, text) => {
    expect(sampledForOrganisation(refs)).toEqual({ heading: 'Your cases in the sample', text, references: refs });
  });
});
