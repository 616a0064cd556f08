/**
 * Case tracking (issue 15): for each sampled case the team follows through the services, which
 * services were seen, which records were read and what was found, and a summary by service and by
 * finding that feeds the draft report. Pure: no I/O. The report text never names a case (its
 * pseudonymous reference would be caught by the personal-data check anyway).
 */
import { countOf } from '../shared/plain-words.js';

export const FINDING_KINDS = ['good_practice', 'concern', 'immediate_action'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_LABELS: Record<FindingKind, string> = {
  good_practice: 'Good practice',
  concern: 'Concern',
  immediate_action: 'Immediate action needed',
};

export const LINK_KINDS = ['evidence_item', 'concern', 'visit'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_LABELS: Record<LinkKind, string> = { evidence_item: 'Evidence item', concern: 'Immediate-action concern', visit: 'Visit' };

export const MAX_RECORDS_READ = 5000;
export const MAX_FINDING = 5000;

export interface TrackingProblem {
  field: string;
  message: string;
}

export function isFindingKind(v: string): v is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(v);
}

export function isLinkKind(v: string): v is LinkKind {
  return (LINK_KINDS as readonly string[]).includes(v);
}

/** The services seen must be services in scope; something must be recorded. */
export function checkTrackingRecord(input: { servicesSeen: readonly string[]; recordsRead: string }, scope: readonly string[]): TrackingProblem[] {
  const problems: TrackingProblem[] = [];
  const unknown = input.servicesSeen.filter((s) => !scope.includes(s));
  if (unknown.length) problems.push({ field: 'servicesSeen', message: `Choose services in the inspection's scope (not ${unknown.map((u) => `"${u}"`).join(', ')})` });
  if (!input.servicesSeen.length) problems.push({ field: 'servicesSeen', message: 'Select the services you saw for this case' });
  if (!input.recordsRead.trim()) problems.push({ field: 'recordsRead', message: 'Enter the records you read, like "Health visiting record, GP summary"' });
  if (input.recordsRead.length > MAX_RECORDS_READ) problems.push({ field: 'recordsRead', message: `The records read must be ${MAX_RECORDS_READ} characters or fewer` });
  return problems;
}

export function checkFinding(input: { kind: string; text: string; serviceName: string | null }, scope: readonly string[]): TrackingProblem[] {
  const problems: TrackingProblem[] = [];
  if (!isFindingKind(input.kind)) problems.push({ field: 'kind', message: 'Choose what you found: good practice, a concern or immediate action needed' });
  if (!input.text.trim()) problems.push({ field: 'text', message: 'Describe what you found' });
  if (input.text.length > MAX_FINDING) problems.push({ field: 'text', message: `The finding must be ${MAX_FINDING} characters or fewer` });
  if (input.serviceName && !scope.includes(input.serviceName)) problems.push({ field: 'serviceName', message: "Choose a service in the inspection's scope" });
  return problems;
}

export interface TrackedCaseFacts {
  caseId: string;
  servicesSeen: readonly string[];
  findings: readonly { kind: FindingKind; serviceName: string | null }[];
}

export interface ServiceSummary {
  service: string;
  /** Tracked cases in which the service was seen. */
  casesSeen: number;
  counts: Record<FindingKind, number>;
}

export interface TrackingSummary {
  trackedCases: number;
  byService: ServiceSummary[];
  /** For each kind of finding: how many findings, and in how many cases. */
  byFinding: { kind: FindingKind; label: string; findings: number; cases: number }[];
}

const zero = (): Record<FindingKind, number> => ({ good_practice: 0, concern: 0, immediate_action: 0 });

/** The case-tracking summary by service (in scope order) and by finding. */
export function summariseTracking(cases: readonly TrackedCaseFacts[], services: readonly string[]): TrackingSummary {
  const byService = services.map((service) => {
    const counts = zero();
    for (const c of cases) for (const f of c.findings) if (f.serviceName === service) counts[f.kind]++;
    return { service, casesSeen: cases.filter((c) => c.servicesSeen.includes(service)).length, counts };
  });
  const byFinding = FINDING_KINDS.map((kind) => ({
    kind,
    label: FINDING_LABELS[kind],
    findings: cases.reduce((n, c) => n + c.findings.filter((f) => f.kind === kind).length, 0),
    cases: cases.filter((c) => c.findings.some((f) => f.kind === kind)).length,
  }));
  return { trackedCases: cases.length, byService, byFinding };
}

const IN_WORDS: Record<FindingKind, [string, string]> = {
  good_practice: ['good practice', 'good practice'],
  concern: ['a concern', 'concerns'],
  immediate_action: ['a need for immediate action', 'a need for immediate action'],
};

/** The summary in words for the draft report ("Cases we tracked"); null when no case was tracked. Names no case. */
export function describeTrackingForReport(summary: TrackingSummary): string | null {
  if (summary.trackedCases === 0) return null;
  const lines = [`We tracked ${countOf(summary.trackedCases, 'case')} from the sample through the services in scope, reading the records each service held and speaking to staff.`];
  const found = summary.byFinding.filter((f) => f.cases > 0).map((f) => `${IN_WORDS[f.kind][f.cases === 1 ? 0 : 1]} in ${countOf(f.cases, 'case')}`);
  if (found.length) lines.push(`We found ${found.length === 1 ? found[0] : `${found.slice(0, -1).join(', ')} and ${found[found.length - 1]}`}.`);
  const services = summary.byService.filter((s) => s.casesSeen > 0);
  if (services.length) {
    lines.push('');
    for (const s of services) {
      const parts = FINDING_KINDS.filter((k) => s.counts[k] > 0).map((k) => `${FINDING_LABELS[k].toLowerCase()}: ${s.counts[k]}`);
      lines.push(`${s.service}: seen in ${countOf(s.casesSeen, 'tracked case')}${parts.length ? `; ${parts.join(', ')}` : ''}.`);
    }
  }
  return lines.join('\n');
}
