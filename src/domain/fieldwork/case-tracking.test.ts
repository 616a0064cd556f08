import { describe, expect, it } from 'vitest';
import { checkFinding, checkTrackingRecord, describeTrackingForReport, summariseTracking, type TrackedCaseFacts } from './case-tracking.js';

const scope = ['Midwifery', 'Health Visiting', 'School Nursing'];
const cases: TrackedCaseFacts[] = [
  { caseId: 'a', servicesSeen: ['Midwifery', 'Health Visiting'], findings: [{ kind: 'good_practice', serviceName: 'Health Visiting' }, { kind: 'concern', serviceName: 'Midwifery' }] },
  { caseId: 'b', servicesSeen: ['Health Visiting'], findings: [{ kind: 'good_practice', serviceName: 'Health Visiting' }] },
  { caseId: 'c', servicesSeen: ['School Nursing'], findings: [{ kind: 'immediate_action', serviceName: null }] },
];

describe('what the team records for a tracked case', () => {
  it.each([
    [{ servicesSeen: ['Midwifery'], recordsRead: 'Maternity record' }, []],
    [{ servicesSeen: [], recordsRead: 'Maternity record' }, ['servicesSeen']],
    [{ servicesSeen: ['Dentistry'], recordsRead: 'x' }, ['servicesSeen']],
    [{ servicesSeen: ['Midwifery'], recordsRead: '  ' }, ['recordsRead']],
  ])('%j → problems with %j', (input, fields) => {
    expect(checkTrackingRecord(input, scope).map((p) => p.field)).toEqual(fields);
  });

  it.each([
    [{ kind: 'concern', text: 'Handover not recorded', serviceName: 'Midwifery' }, []],
    [{ kind: 'worry', text: 'x', serviceName: null }, ['kind']],
    [{ kind: 'good_practice', text: ' ', serviceName: null }, ['text']],
    [{ kind: 'good_practice', text: 'x', serviceName: 'Dentistry' }, ['serviceName']],
  ])('finding %j → problems with %j', (input, fields) => {
    expect(checkFinding(input, scope).map((p) => p.field)).toEqual(fields);
  });
});

describe('the case-tracking summary', () => {
  const summary = summariseTracking(cases, scope);

  it('counts by service, in scope order', () => {
    expect(summary.byService).toEqual([
      { service: 'Midwifery', casesSeen: 1, counts: { good_practice: 0, concern: 1, immediate_action: 0 } },
      { service: 'Health Visiting', casesSeen: 2, counts: { good_practice: 2, concern: 0, immediate_action: 0 } },
      { service: 'School Nursing', casesSeen: 1, counts: { good_practice: 0, concern: 0, immediate_action: 0 } },
    ]);
  });

  it('counts by finding: findings and cases', () => {
    expect(summary.byFinding.map((f) => [f.label, f.findings, f.cases])).toEqual([
      ['Good practice', 2, 2],
      ['Concern', 1, 1],
      ['Immediate action needed', 1, 1],
    ]);
  });

  it('says it in words for the report, naming no case', () => {
    expect(describeTrackingForReport(summary)).toBe(
      [
        'We tracked 3 cases from the sample through the services in scope, reading the records each service held and speaking to staff.',
        'We found good practice in 2 cases, a concern in 1 case and a need for immediate action in 1 case.',
        '',
        'Midwifery: seen in 1 tracked case; concern: 1.',
        'Health Visiting: seen in 2 tracked cases; good practice: 2.',
        'School Nursing: seen in 1 tracked case.',
      ].join('\n'),
    );
  });

  it('nothing to say when no case was tracked', () => {
    expect(describeTrackingForReport(summariseTracking([], scope))).toBeNull();
  });
});
