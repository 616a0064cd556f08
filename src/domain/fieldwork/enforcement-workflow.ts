/**
 * Enforcement actions as a state table per kind (domain.md 4). Each move says which statutory
 * deadline it starts (a rule id of the rules engine's deadline table, computed there) and
 * which document it generates. The service writes the state, the deadlines, the documents,
 * the audit row and the timeline event.
 */
import type { DeadlineRuleId } from '../deadlines/deadline-rules.data.js';
import { enforcementPower, type EnforcementPower } from '../enforcement/enforcement-powers.data.js';
import { err, ok, type Result } from '../shared/result.js';

export const ENFORCEMENT_WORKFLOW_VERSION = 'enforcement-workflow/1';

/** The kinds of action an inspection can open (a subset of the rules engine's ENFORCEMENT_POWERS). */
export const ENFORCEMENT_ACTION_KINDS = ['requirement-notice', 'warning-notice', 'condition', 'suspension', 'cancellation', 'urgent-action', 'letter-of-intent', 'special-measures', 'prosecution'] as const satisfies readonly EnforcementPower[];
export type EnforcementActionKind = (typeof ENFORCEMENT_ACTION_KINDS)[number];

export const ENFORCEMENT_STATES = [
  'draft',
  'issued',
  'proposal_served',
  'representations_received',
  'decided',
  'decision_served',
  'action_plan_received',
  'sent',
  'assurance_received',
  'placed',
  'exited',
  'closed',
  'withdrawn',
] as const;
export type EnforcementState = (typeof ENFORCEMENT_STATES)[number];

export const ENFORCEMENT_STATE_LABELS: Record<EnforcementState, string> = {
  draft: 'Draft',
  issued: 'Issued',
  proposal_served: 'Notice of proposal served',
  representations_received: 'Representations received',
  decided: 'Decided',
  decision_served: 'Notice of decision served',
  action_plan_received: 'Action plan received',
  sent: 'Sent',
  assurance_received: 'Assurance received',
  placed: 'In special measures',
  exited: 'Out of special measures',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export const ENFORCEMENT_EVENTS = ['issue', 'serve_proposal', 'receive_representations', 'decide', 'serve_decision', 'receive_action_plan', 'send', 'receive_assurance', 'place', 'exit', 'close', 'withdraw', 'record_compliance'] as const;
export type EnforcementEvent = (typeof ENFORCEMENT_EVENTS)[number];

/** Deadlines a move starts: the rules engine's rules, plus the letter of intent's hours (secondary source: "often 24 hours"). */
export type DeadlineStart = DeadlineRuleId | 'letter-of-intent-assurance';

export const DOCUMENT_KINDS = ['requirement_notice', 'warning_notice', 'notice_of_proposal', 'notice_of_decision', 'decision_letter', 'urgent_notice', 'letter_of_intent', 'special_measures_letter', 'compliance_letter', 'prosecution_letter'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface EnforcementMove {
  kinds: readonly EnforcementActionKind[];
  from: readonly EnforcementState[];
  event: EnforcementEvent;
  to: EnforcementState;
  /** Who makes the move: the regulator's enforcement side, or the organisation (by submitting). */
  by: 'regulator' | 'organisation';
  deadlines: readonly DeadlineStart[];
  document?: DocumentKind;
  summary: string;
}

const NOP: readonly EnforcementActionKind[] = ['condition', 'suspension', 'cancellation'];
const OPEN: readonly EnforcementState[] = ENFORCEMENT_STATES.filter((s) => s !== 'closed' && s !== 'withdrawn' && s !== 'exited');

export const ENFORCEMENT_MOVES: readonly EnforcementMove[] = [
  { kinds: ['warning-notice'], from: ['draft'], event: 'issue', to: 'issued', by: 'regulator', deadlines: ['warning-notice-representations'], document: 'warning_notice', summary: 'Warning notice issued' },
  { kinds: ['warning-notice'], from: ['issued'], event: 'receive_representations', to: 'representations_received', by: 'organisation', deadlines: ['warning-notice-reply'], summary: 'Representations received against the warning notice' },
  { kinds: ['warning-notice'], from: ['issued', 'representations_received'], event: 'decide', to: 'decided', by: 'regulator', deadlines: [], document: 'decision_letter', summary: 'Decision on the warning notice recorded' },
  { kinds: ['warning-notice'], from: ['decided'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Warning notice closed' },
  { kinds: ['requirement-notice'], from: ['draft'], event: 'issue', to: 'issued', by: 'regulator', deadlines: ['requirement-notice-action-plan'], document: 'requirement_notice', summary: 'Requirement notice issued' },
  { kinds: ['requirement-notice'], from: ['issued'], event: 'receive_action_plan', to: 'action_plan_received', by: 'organisation', deadlines: [], summary: 'Action plan received for the requirement notice' },
  { kinds: ['requirement-notice'], from: ['action_plan_received'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Requirement notice closed' },
  { kinds: NOP, from: ['draft'], event: 'serve_proposal', to: 'proposal_served', by: 'regulator', deadlines: ['notice-of-proposal-representations'], document: 'notice_of_proposal', summary: 'Notice of proposal served' },
  { kinds: NOP, from: ['proposal_served'], event: 'receive_representations', to: 'representations_received', by: 'organisation', deadlines: [], summary: 'Representations received against the notice of proposal' },
  { kinds: NOP, from: ['proposal_served', 'representations_received'], event: 'serve_decision', to: 'decision_served', by: 'regulator', deadlines: ['tribunal-appeal'], document: 'notice_of_decision', summary: 'Notice of decision served' },
  { kinds: NOP, from: ['decision_served'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Action closed' },
  { kinds: ['urgent-action'], from: ['draft'], event: 'issue', to: 'issued', by: 'regulator', deadlines: [], document: 'urgent_notice', summary: 'Urgent action taken' },
  { kinds: ['urgent-action'], from: ['issued'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Urgent action closed' },
  { kinds: ['letter-of-intent'], from: ['draft'], event: 'send', to: 'sent', by: 'regulator', deadlines: ['letter-of-intent-assurance'], document: 'letter_of_intent', summary: 'Letter of intent sent' },
  { kinds: ['letter-of-intent'], from: ['sent'], event: 'receive_assurance', to: 'assurance_received', by: 'organisation', deadlines: [], summary: 'Assurance and action plan received' },
  { kinds: ['letter-of-intent'], from: ['assurance_received', 'sent'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Letter of intent closed' },
  { kinds: ['special-measures'], from: ['draft'], event: 'place', to: 'placed', by: 'regulator', deadlines: [], document: 'special_measures_letter', summary: 'Placed in special measures' },
  { kinds: ['special-measures'], from: ['placed'], event: 'exit', to: 'exited', by: 'regulator', deadlines: [], summary: 'Out of special measures' },
  // Compliance with a notice's date to comply by is checked (issue 16): the decision closes the notice, with its letter.
  { kinds: ['warning-notice'], from: ['issued', 'representations_received', 'decided'], event: 'record_compliance', to: 'closed', by: 'regulator', deadlines: [], document: 'compliance_letter', summary: 'Compliance with the warning notice checked' },
  { kinds: ['requirement-notice'], from: ['issued', 'action_plan_received'], event: 'record_compliance', to: 'closed', by: 'regulator', deadlines: [], document: 'compliance_letter', summary: 'Compliance with the requirement notice checked' },
  // Where the breached regulation is directly prosecutable (domain.md 3.1): the decision to prosecute, then the case closed.
  { kinds: ['prosecution'], from: ['draft'], event: 'issue', to: 'issued', by: 'regulator', deadlines: [], document: 'prosecution_letter', summary: 'Decision to prosecute sent' },
  { kinds: ['prosecution'], from: ['issued'], event: 'close', to: 'closed', by: 'regulator', deadlines: [], summary: 'Prosecution closed' },
  { kinds: ENFORCEMENT_ACTION_KINDS, from: OPEN, event: 'withdraw', to: 'withdrawn', by: 'regulator', deadlines: [], summary: 'Action withdrawn' },
];

/** Decisions recorded on a warning notice (after representations, or without any). */
export const WARNING_NOTICE_DECISIONS = ['upheld', 'varied', 'withdrawn'] as const;
export type WarningNoticeDecision = (typeof WARNING_NOTICE_DECISIONS)[number];

/** Not closed, withdrawn or exited: the action still needs someone. */
export function isOpenEnforcementState(state: EnforcementState): boolean {
  return OPEN.includes(state);
}

export function isEnforcementActionKind(v: unknown): v is EnforcementActionKind {
  return typeof v === 'string' && (ENFORCEMENT_ACTION_KINDS as readonly string[]).includes(v);
}

export function kindName(kind: EnforcementActionKind): string {
  return enforcementPower(kind).name;
}

export function enforcementMove(kind: EnforcementActionKind, from: EnforcementState, event: EnforcementEvent): Result<EnforcementMove, string> {
  const move = ENFORCEMENT_MOVES.find((m) => m.event === event && m.kinds.includes(kind) && m.from.includes(from));
  if (move) return ok(move);
  const anyForKind = ENFORCEMENT_MOVES.some((m) => m.event === event && m.kinds.includes(kind));
  if (!anyForKind) return err(`A ${kindName(kind).toLowerCase()} cannot ${event.replace(/_/g, ' ')}`);
  return err(`A ${kindName(kind).toLowerCase()} that is ${ENFORCEMENT_STATE_LABELS[from].toLowerCase()} cannot ${event.replace(/_/g, ' ')}`);
}

/** Moves the regulator can make now with a plain button (recording compliance has its own form: canRecordCompliance). */
export function availableEnforcementEvents(kind: EnforcementActionKind, state: EnforcementState): EnforcementEvent[] {
  return ENFORCEMENT_MOVES.filter((m) => m.by === 'regulator' && m.event !== 'record_compliance' && m.kinds.includes(kind) && m.from.includes(state)).map((m) => m.event);
}

/** Whether the regulator can record its compliance decision on the action now. */
export function canRecordCompliance(kind: EnforcementActionKind, state: EnforcementState): boolean {
  return ENFORCEMENT_MOVES.some((m) => m.event === 'record_compliance' && m.kinds.includes(kind) && m.from.includes(state));
}

/** Whether the organisation may send representations (or an action plan, or assurance) now, and as which event. */
export function organisationEvent(kind: EnforcementActionKind, state: EnforcementState): EnforcementEvent | null {
  return ENFORCEMENT_MOVES.find((m) => m.by === 'organisation' && m.kinds.includes(kind) && m.from.includes(state))?.event ?? null;
}

/** Actions that count for the rating limiters: chosen and not withdrawn (draft actions are not yet decided). */
export function countsForLimiters(state: EnforcementState): boolean {
  return state !== 'draft' && state !== 'withdrawn';
}

/** The organisation sees an action once it has been issued, sent, served or placed. */
export function visibleToOrganisation(state: EnforcementState): boolean {
  return state !== 'draft';
}

/** A letter of intent asks for assurance, "often within 24 hours" (secondary source): an hours rule, not working days. */
export const LETTER_OF_INTENT_HOURS = 24;
export const LETTER_OF_INTENT_RULE_TITLE = 'Assurance and action plan in reply to a letter of intent';
