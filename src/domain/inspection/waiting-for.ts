/**
 * What an inspection is waiting for, from whom, since when and by when: the one line at the top
 * of the inspection overview, worked out from plain facts about the record. The report's own
 * stage (with its owner and clock) wins once a draft exists; before that the lifecycle state and
 * what is outstanding (concerns, evidence) say who must act. Pure.
 */

export interface WaitingFacts {
  state: string;
  createdAt: string;
  teamConfirmed: boolean;
  plannedNotificationDate: string | null;
  notifiedAt: string | null;
  fieldworkStart: string;
  fieldworkEnd: string;
  fieldworkStartedAt: string | null;
  leadInspectorName: string | null;
  /** Concerns needing immediate action not yet responded to. */
  openConcerns: { count: number; earliestRaisedAt: string | null; earliestRespondBy: string | null; organisationNames: string[] };
  /** Evidence requests still to do and wanted. */
  outstandingEvidence: { count: number; earliestDue: string | null; organisationNames: string[] };
  judgementApproved: boolean;
  report: { stageLabel: string; ownerLabel: string; since: string; due: string | null } | null;
}

export interface WaitingFor {
  what: string;
  who: string;
  /** Date or instant (ISO). */
  since: string | null;
  /** Date (YYYY-MM-DD) or instant; null when no date applies. */
  by: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const names = (list: string[], fallback: string) => (list.length ? list.join(', ') : fallback);

export function waitingFor(f: WaitingFacts): WaitingFor | null {
  const lead = f.leadInspectorName ? `Lead inspector: ${f.leadInspectorName}` : 'The lead inspector';
  if (f.state === 'cancelled' || f.state === 'closed') return null;
  if (f.report && f.state !== 'published') return { what: f.report.stageLabel, who: f.report.ownerLabel, since: f.report.since, by: f.report.due };
  switch (f.state) {
    case 'planned':
      if (!f.teamConfirmed) return { what: 'Confirmation of the proposed team', who: 'An inspection manager', since: f.createdAt, by: f.plannedNotificationDate ?? f.fieldworkStart };
      return { what: 'Notice to the organisation', who: lead, since: f.createdAt, by: f.plannedNotificationDate ?? f.fieldworkStart };
    case 'notified':
    case 'fieldwork': {
      if (f.openConcerns.count) return { what: `A response to ${plural(f.openConcerns.count, 'concern needing immediate action', 'concerns needing immediate action')}`, who: names(f.openConcerns.organisationNames, 'The organisation'), since: f.openConcerns.earliestRaisedAt, by: f.openConcerns.earliestRespondBy };
      if (f.outstandingEvidence.count) return { what: plural(f.outstandingEvidence.count, 'document requested', 'documents requested'), who: names(f.outstandingEvidence.organisationNames, 'The organisation'), since: f.notifiedAt, by: f.outstandingEvidence.earliestDue };
      if (f.state === 'notified') return { what: 'Fieldwork to start', who: lead, since: f.notifiedAt, by: f.fieldworkStart };
      return { what: 'Fieldwork to end', who: 'The inspection team', since: f.fieldworkStartedAt ?? f.fieldworkStart, by: f.fieldworkEnd };
    }
    case 'judgement':
      return { what: f.judgementApproved ? 'The draft report to be started' : 'Scores and the judgement to be approved', who: f.judgementApproved ? lead : `${lead}, then an inspection manager`, since: f.fieldworkEnd, by: null };
    case 'draft_report':
      return { what: 'The draft report to be started', who: lead, since: f.fieldworkEnd, by: null };
    default:
      return null;
  }
}
