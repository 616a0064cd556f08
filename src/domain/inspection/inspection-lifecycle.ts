/**
 * The inspection lifecycle as a pure state table. Every state change goes through
 * `transition()`, which says who may make it, which guards must hold, and why a move is
 * refused, in words a person can act on. The service (inspection-lifecycle.service.ts)
 * supplies the facts, writes the change, the audit row and the timeline event.
 *
 * States after `fieldwork` are placeholders: later issues (judgement, report, factual
 * accuracy, publication) add their transitions to TRANSITIONS.
 */
import { err, ok, type Result } from '../shared/result.js';
import { EDITING_TEAM_ROLES, type NoticeType, type TeamRole } from './inspection-model.js';

export const LIFECYCLE_VERSION = 'inspection-lifecycle/1';

export const INSPECTION_STATES = [
  'planned',
  'notified',
  'fieldwork',
  'judgement',
  'draft_report',
  'factual_accuracy',
  'publication_ready',
  'published',
  'closed',
  'cancelled',
] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];

export const STATE_LABELS: Record<InspectionState, string> = {
  planned: 'Planned',
  notified: 'Notified',
  fieldwork: 'Fieldwork',
  judgement: 'Judgement',
  draft_report: 'Draft report',
  factual_accuracy: 'Factual accuracy check',
  publication_ready: 'Ready to publish',
  published: 'Published',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** Before the end of fieldwork: the plan can change and evidence can be requested from the organisations. */
export const BEFORE_FIELDWORK_ENDS: readonly InspectionState[] = ['planned', 'notified', 'fieldwork'];

export function evidenceCanBeRequested(state: string): boolean {
  return (BEFORE_FIELDWORK_ENDS as readonly string[]).includes(state);
}

/** Human phrase for "an inspection that is <state>". */
const STATE_PHRASES: Record<InspectionState, string> = {
  planned: 'planned',
  notified: 'notified',
  fieldwork: 'in fieldwork',
  judgement: 'at judgement',
  draft_report: 'at draft report',
  factual_accuracy: 'in its factual accuracy check',
  publication_ready: 'ready to publish',
  published: 'published',
  closed: 'closed',
  cancelled: 'cancelled',
};

export const INSPECTION_EVENTS = ['notify', 'start_fieldwork', 'end_fieldwork', 'cancel', 'send_for_factual_accuracy', 'complete_factual_accuracy', 'reopen_factual_accuracy', 'publish', 'approve_judgement'] as const;
export type InspectionEvent = (typeof INSPECTION_EVENTS)[number];

const EVENT_PHRASES: Record<InspectionEvent, string> = {
  notify: 'be notified',
  start_fieldwork: 'start fieldwork',
  end_fieldwork: 'end fieldwork',
  cancel: 'be cancelled',
  send_for_factual_accuracy: 'be sent for factual accuracy',
  complete_factual_accuracy: 'complete its factual accuracy check',
  reopen_factual_accuracy: 'reopen its factual accuracy review',
  publish: 'be published',
  approve_judgement: 'have its judgement approved',
};

const ACTION_PHRASES: Record<InspectionEvent, string> = {
  notify: 'notify the organisation of an inspection',
  start_fieldwork: 'start fieldwork',
  end_fieldwork: 'end fieldwork',
  cancel: 'cancel an inspection',
  send_for_factual_accuracy: 'send the draft report for factual accuracy',
  complete_factual_accuracy: 'complete the factual accuracy review',
  reopen_factual_accuracy: 'reopen the factual accuracy review',
  publish: 'publish the report',
  approve_judgement: 'approve the judgement',
};

const WHO: Record<string, string> = {
  lead_inspector: 'the lead inspector',
  inspector: 'an inspector on the team',
  inspection_manager: 'an inspection manager',
  administrator: 'an administrator',
  specialist_adviser: 'a specialist adviser',
  expert_by_experience: 'an expert by experience',
};

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The regulator's user roles that act on any inspection, whether or not on its team. */
export const MANAGING_ROLES = ['inspection_manager', 'administrator'] as const;

export const GUARDS = ['announced_or_short_notice', 'unannounced', 'has_fieldwork_dates', 'has_contacts', 'has_reason', 'via_report_workflow', 'via_judgement_approval', 'team_confirmed'] as const;

/** Approvals and publication: the inspection manager role only (src/domain/access/permissions.ts), never an administrator. */
const APPROVER_ROLES = ['inspection_manager'] as const;
export type GuardName = (typeof GUARDS)[number];

export interface TransitionRule {
  from: InspectionState;
  event: InspectionEvent;
  to: InspectionState;
  /** User roles (users.role) that may make this move on any inspection. */
  roles: readonly string[];
  /** Roles on the inspection team that may make this move. */
  teamRoles: readonly TeamRole[];
  guards: readonly GuardName[];
  /** Shown on the timeline. */
  summary: string;
}

const LEAD: readonly TeamRole[] = ['lead_inspector', 'inspection_manager'];
const INSPECTORS: readonly TeamRole[] = EDITING_TEAM_ROLES;

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'planned', event: 'notify', to: 'notified', roles: MANAGING_ROLES, teamRoles: LEAD, guards: ['announced_or_short_notice', 'has_fieldwork_dates', 'has_contacts', 'team_confirmed'], summary: 'Organisation notified of the inspection' },
  { from: 'planned', event: 'start_fieldwork', to: 'fieldwork', roles: MANAGING_ROLES, teamRoles: INSPECTORS, guards: ['unannounced', 'has_fieldwork_dates', 'team_confirmed'], summary: 'Unannounced fieldwork started' },
  { from: 'notified', event: 'start_fieldwork', to: 'fieldwork', roles: MANAGING_ROLES, teamRoles: INSPECTORS, guards: ['has_fieldwork_dates'], summary: 'Fieldwork started' },
  { from: 'fieldwork', event: 'end_fieldwork', to: 'judgement', roles: MANAGING_ROLES, teamRoles: LEAD, guards: [], summary: 'Fieldwork ended' },
  { from: 'planned', event: 'cancel', to: 'cancelled', roles: MANAGING_ROLES, teamRoles: LEAD, guards: ['has_reason'], summary: 'Inspection cancelled' },
  { from: 'notified', event: 'cancel', to: 'cancelled', roles: MANAGING_ROLES, teamRoles: LEAD, guards: ['has_reason'], summary: 'Inspection cancelled' },
  // Report (issue #7): made only by the report services (src/services/reports), which check the report's own rules first.
  { from: 'draft_report', event: 'send_for_factual_accuracy', to: 'factual_accuracy', roles: MANAGING_ROLES, teamRoles: LEAD, guards: ['via_report_workflow'], summary: 'Draft report sent for factual accuracy' },
  { from: 'factual_accuracy', event: 'complete_factual_accuracy', to: 'publication_ready', roles: [...MANAGING_ROLES, 'factual_accuracy_reviewer'], teamRoles: [], guards: ['via_report_workflow'], summary: 'Factual accuracy check completed: report ready to publish' },
  { from: 'publication_ready', event: 'reopen_factual_accuracy', to: 'factual_accuracy', roles: APPROVER_ROLES, teamRoles: ['inspection_manager'], guards: ['via_report_workflow'], summary: 'Factual accuracy review reopened' },
  { from: 'publication_ready', event: 'publish', to: 'published', roles: APPROVER_ROLES, teamRoles: ['inspection_manager'], guards: ['via_report_workflow'], summary: 'Report published' },
  // Judgement (issue #6): made only by approveJudgement (src/services/fieldwork/judgement.service.ts), which stores the approved ratings first.
  { from: 'judgement', event: 'approve_judgement', to: 'draft_report', roles: APPROVER_ROLES, teamRoles: ['inspection_manager'], guards: ['via_judgement_approval'], summary: 'Judgement approved: ratings agreed, report to be drafted' },
];

/** What the service knows about the inspection and the person asking. */
export interface TransitionFacts {
  noticeType: NoticeType;
  hasFieldworkDates: boolean;
  contactCount: number;
  reason?: string | null;
  /** Set by the report services: report moves are refused anywhere else (they carry their own checks). */
  viaReportWorkflow?: boolean;
  /** Set by approveJudgement: the judgement moves only with its approved ratings. */
  viaJudgementApproval?: boolean;
  /** False while a team an inspector proposed waits for an inspection manager to confirm it. */
  teamConfirmed?: boolean;
  actor: { role: string; teamRole: TeamRole | null };
}

export interface TransitionOutcome {
  from: InspectionState;
  to: InspectionState;
  event: InspectionEvent;
  summary: string;
  /** Which rule fired, for the audit row and the timeline. */
  explanation: string;
  version: typeof LIFECYCLE_VERSION;
}

export type TransitionRefusal = { code: 'illegal_transition' | 'not_permitted' | 'guard_failed'; message: string };

const GUARD_CHECKS: Record<GuardName, (f: TransitionFacts) => string | null> = {
  announced_or_short_notice: (f) =>
    f.noticeType === 'unannounced' ? 'An unannounced inspection is never notified in advance: start fieldwork instead' : null,
  unannounced: (f) =>
    f.noticeType === 'unannounced' ? null : 'An inspection that is planned cannot start fieldwork before it is notified',
  has_fieldwork_dates: () => null, // dates are required when the inspection is planned; kept as a named guard for later rules
  has_contacts: (f) => (f.contactCount > 0 ? null : 'Add at least one organisation contact before notifying, so someone receives the notification'),
  has_reason: (f) => (f.reason && f.reason.trim().length > 0 ? null : 'Give a reason for cancelling the inspection'),
  via_report_workflow: (f) => (f.viaReportWorkflow ? null : 'Use the report pages (or /api/v1/inspections/{id}/report) for this step: they check the report is ready first'),
  team_confirmed: (f) => (f.teamConfirmed === false ? 'An inspection manager must confirm the team before the organisation is told or fieldwork starts' : null),
  via_judgement_approval: (f) => (f.viaJudgementApproval ? null : 'Approve the judgement on the judgement page (or POST /api/v1/inspections/{id}/judgement/approval): it records the approved ratings'),
};

export function rulesFrom(state: InspectionState): TransitionRule[] {
  return TRANSITIONS.filter((t) => t.from === state);
}

/** The moves that would succeed now for these facts (for showing buttons). */
export function availableEvents(state: InspectionState, facts: TransitionFacts): InspectionEvent[] {
  return rulesFrom(state)
    .map((r) => r.event)
    .filter((e, i, all) => all.indexOf(e) === i)
    .filter((e) => transition(state, e, facts).ok);
}

export function transition(state: InspectionState, event: InspectionEvent, facts: TransitionFacts): Result<TransitionOutcome, TransitionRefusal> {
  const candidates = TRANSITIONS.filter((t) => t.from === state && t.event === event);
  if (candidates.length === 0) {
    const special = illegalMessage(state, event, facts);
    return err({ code: 'illegal_transition', message: special });
  }
  let firstGuardFailure: string | null = null;
  let permitted = false;
  for (const rule of candidates) {
    const allowed = rule.roles.includes(facts.actor.role) || (facts.actor.teamRole !== null && rule.teamRoles.includes(facts.actor.teamRole));
    if (!allowed) continue;
    permitted = true;
    const failed = rule.guards.map((g) => GUARD_CHECKS[g](facts)).find((m) => m !== null);
    if (failed) {
      firstGuardFailure ??= failed;
      continue;
    }
    const who = facts.actor.teamRole ? `team role ${facts.actor.teamRole}` : `role ${facts.actor.role}`;
    return ok({
      from: state,
      to: rule.to,
      event,
      summary: rule.summary,
      explanation: `${LIFECYCLE_VERSION}: ${state} --${event}--> ${rule.to} by ${who}${rule.guards.length ? `; guards held: ${rule.guards.join(', ')}` : ''}`,
      version: LIFECYCLE_VERSION,
    });
  }
  if (!permitted) {
    const roles = [...new Set(candidates.flatMap((c) => [...c.teamRoles, ...c.roles]))].map((r) => WHO[r] ?? r.replace(/_/g, ' '));
    return err({ code: 'not_permitted', message: `Only ${listOr(roles)} can ${ACTION_PHRASES[event]}` });
  }
  return err({ code: 'guard_failed', message: firstGuardFailure ?? 'This change is not allowed now' });
}

function illegalMessage(state: InspectionState, event: InspectionEvent, facts: TransitionFacts): string {
  const phrase = STATE_PHRASES[state];
  const prefix = `An inspection that is ${phrase}`;
  if (state === 'planned' && event === 'start_fieldwork' && facts.noticeType !== 'unannounced') {
    return `${prefix} cannot start fieldwork before it is notified`;
  }
  if (event === 'notify' && state !== 'planned') {
    return `${prefix} has already been notified or started, so it cannot be notified again`;
  }
  if (event === 'end_fieldwork' && (state === 'planned' || state === 'notified')) {
    return `${prefix} cannot end fieldwork before fieldwork has started`;
  }
  return `${prefix} cannot ${EVENT_PHRASES[event]}`;
}

/** Organisations see nothing of an inspection before they are told of it; unannounced ones stay hidden until fieldwork starts. */
export function visibleToOrganisation(state: InspectionState, notifiedAt: Date | null): boolean {
  if (state === 'planned') return false;
  if (state === 'cancelled') return notifiedAt !== null;
  return true;
}

/** States in which the plan (scope, team, contacts, dates) can still be edited. */
export function planEditable(state: InspectionState): boolean {
  return state === 'planned' || state === 'notified' || state === 'fieldwork';
}
