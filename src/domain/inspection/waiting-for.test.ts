import { describe, expect, it } from 'vitest';
import { waitingFor, type WaitingFacts } from './waiting-for.js';

const base: WaitingFacts = {
  state: 'planned',
  createdAt: '2026-11-01T09:00:00Z',
  teamConfirmed: true,
  plannedNotificationDate: '2026-11-20',
  notifiedAt: null,
  fieldworkStart: '2026-12-07',
  fieldworkEnd: '2026-12-11',
  fieldworkStartedAt: null,
  leadInspectorName: 'Ann Lead',
  openConcerns: { count: 0, earliestRaisedAt: null, earliestRespondBy: null, organisationNames: [] },
  outstandingEvidence: { count: 0, earliestDue: null, organisationNames: [] },
  judgementApproved: false,
  report: null,
};

describe('waitingFor', () => {
  it.each<[string, Partial<WaitingFacts>, ReturnType<typeof waitingFor>]>([
    ['a proposed team waits for a manager', { teamConfirmed: false }, { what: 'Confirmation of the proposed team', who: 'An inspection manager', since: '2026-11-01T09:00:00Z', by: '2026-11-20' }],
    ['a confirmed plan waits for notice', {}, { what: 'Notice to the organisation', who: 'Lead inspector: Ann Lead', since: '2026-11-01T09:00:00Z', by: '2026-11-20' }],
    ['notified with evidence outstanding waits for the organisation', { state: 'notified', notifiedAt: '2026-11-20T09:00:00Z', outstandingEvidence: { count: 2, earliestDue: '2026-11-27', organisationNames: ['Luton BC'] } }, { what: '2 documents requested', who: 'Luton BC', since: '2026-11-20T09:00:00Z', by: '2026-11-27' }],
    ['notified with nothing outstanding waits for fieldwork', { state: 'notified', notifiedAt: '2026-11-20T09:00:00Z' }, { what: 'Fieldwork to start', who: 'Lead inspector: Ann Lead', since: '2026-11-20T09:00:00Z', by: '2026-12-07' }],
    ['an open concern comes first', { state: 'fieldwork', openConcerns: { count: 1, earliestRaisedAt: '2026-12-08T10:00:00Z', earliestRespondBy: '2026-12-09T10:00:00Z', organisationNames: ['Trust'] }, outstandingEvidence: { count: 1, earliestDue: '2026-12-01', organisationNames: ['Luton BC'] } }, { what: 'A response to 1 concern needing immediate action', who: 'Trust', since: '2026-12-08T10:00:00Z', by: '2026-12-09T10:00:00Z' }],
    ['fieldwork with nothing outstanding', { state: 'fieldwork', fieldworkStartedAt: '2026-12-07T08:30:00Z' }, { what: 'Fieldwork to end', who: 'The inspection team', since: '2026-12-07T08:30:00Z', by: '2026-12-11' }],
    ['the report stage wins once a draft exists', { state: 'factual_accuracy', report: { stageLabel: 'Factual accuracy comments being reviewed', ownerLabel: 'Factual accuracy reviewers', since: '2027-01-10T09:00:00Z', due: '2027-01-24' } }, { what: 'Factual accuracy comments being reviewed', who: 'Factual accuracy reviewers', since: '2027-01-10T09:00:00Z', by: '2027-01-24' }],
    ['published: nothing', { state: 'published', report: { stageLabel: 'Published', ownerLabel: 'Nobody', since: '2027-02-01', due: null } }, null],
    ['cancelled: nothing', { state: 'cancelled' }, null],
  ])('%s', (_l, over, expected) => {
    expect(waitingFor({ ...base, ...over })).toEqual(expected);
  });
});
