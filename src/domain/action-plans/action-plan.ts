/**
 * Action plans after a published report: which recommendations and breaches the plan covers,
 * what each side may do to an action, and when reminders and escalations are due. Pure and
 * versioned; every decision says why.
 */
import { addDays } from '../deadlines/calendar-date.js';
import { formatDate, isRealDate } from '../shared/dates.js';
import { err, ok, type Result } from '../shared/result.js';

export const ACTION_PLAN_RULES = { version: 'action-plans/1', reminderDaysBefore: 7 } as const;

export interface PlanItem {
  kind: 'recommendation' | 'breach';
  id: string;
  label: string;
}

export function coverage(items: readonly PlanItem[], actions: readonly { items: readonly { kind: string; id: string }[] }[]): { covered: PlanItem[]; uncovered: PlanItem[] } {
  const covered = new Set(actions.flatMap((a) => a.items.map((i) => `${i.kind}|${i.id}`)));
  return { covered: items.filter((i) => covered.has(`${i.kind}|${i.id}`)), uncovered: items.filter((i) => !covered.has(`${i.kind}|${i.id}`)) };
}

export type ActionStatus = 'open' | 'in_progress' | 'completed' | 'verified' | 'reopened' | 'withdrawn';
export type ActionEvent = 'progress' | 'complete' | 'verify' | 'reopen';
export type Side = 'organisation' | 'regulator';

const MOVES: readonly { event: ActionEvent; from: readonly ActionStatus[]; to: ActionStatus; by: Side; needs?: 'note' | 'evidence' | 'reason' }[] = [
  { event: 'progress', from: ['open', 'in_progress', 'reopened'], to: 'in_progress', by: 'organisation', needs: 'note' },
  { event: 'complete', from: ['open', 'in_progress', 'reopened'], to: 'completed', by: 'organisation', needs: 'evidence' },
  { event: 'verify', from: ['completed'], to: 'verified', by: 'regulator' },
  { event: 'reopen', from: ['completed', 'verified'], to: 'reopened', by: 'regulator', needs: 'reason' },
];

const EVENT_TEXT: Record<ActionEvent, string> = { progress: 'record progress on', complete: 'mark as complete', verify: 'verify', reopen: 'reopen' };

export function actionTransition(status: ActionStatus, event: ActionEvent, side: Side, text: string): Result<{ to: ActionStatus }, { code: 'not_permitted' | 'illegal_transition' | 'missing'; message: string }> {
  const move = MOVES.find((m) => m.event === event);
  if (!move) return err({ code: 'illegal_transition', message: 'Unknown change' });
  if (move.by !== side) return err({ code: 'not_permitted', message: move.by === 'regulator' ? `Only the regulator can ${EVENT_TEXT[event]} an action` : `Only the organisation can ${EVENT_TEXT[event]} an action` });
  if (!move.from.includes(status)) return err({ code: 'illegal_transition', message: `An action that is ${status.replace('_', ' ')} cannot be ${event === 'verify' ? 'verified' : event === 'reopen' ? 'reopened' : event === 'complete' ? 'marked as complete' : 'updated'}` });
  if (move.needs && !text.trim()) return err({ code: 'missing', message: move.needs === 'evidence' ? 'Describe the evidence that the action is complete' : move.needs === 'reason' ? 'Enter why the action is reopened' : 'Enter what has been done' });
  return ok({ to: move.to });
}

export const DONE: readonly ActionStatus[] = ['completed', 'verified'];
/** Nothing more is owed on these: done, or withdrawn with a reason. */
export const CLOSED: readonly ActionStatus[] = [...DONE, 'withdrawn'];

export type PlanStatus = 'draft' | 'submitted' | 'accepted' | 'returned' | 'revising';

/**
 * Issue 15: the plan's actions can be drafted, edited and withdrawn while it is being written,
 * after it is returned, or during a recorded revision of an accepted plan; never while the regulator
 * has it, nor once accepted without a revision. Null when changes are allowed, else why not.
 */
export function planChangeRefusal(status: PlanStatus | null): string | null {
  if (status === 'submitted') return 'The plan has been sent to the regulator: it can be changed again only if it is returned';
  if (status === 'accepted') return 'The plan has been accepted: to change it, start a revision and say why';
  return null;
}

/** A due date must be a real date, today or later. Null when it is fine, else what is wrong. */
export function dueDateRefusal(dueDate: string, today: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dueDate);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return 'Due date must be a real date';
  if (dueDate < today) return `Due date must be today or in the future (today is ${formatDate(today)})`;
  return null;
}

/** An action can be withdrawn (with a reason) unless it already is, or has been verified. */
export function withdrawRefusal(status: ActionStatus, reason: string): { code: 'illegal_transition' | 'missing'; message: string } | null {
  if (status === 'withdrawn') return { code: 'illegal_transition', message: 'The action has already been withdrawn' };
  if (status === 'verified') return { code: 'illegal_transition', message: 'A verified action cannot be withdrawn' };
  if (!reason.trim()) return { code: 'missing', message: 'Enter why the action is withdrawn' };
  return null;
}

/** What the daily job owes an action today: a reminder before it is due, or an escalation once overdue. */
export function followUpDue(a: { status: ActionStatus; dueDate: string; reminderSent: boolean; escalated: boolean }, today: string): { kind: 'reminder' | 'escalation'; reason: string } | null {
  if (CLOSED.includes(a.status)) return null;
  if (today > a.dueDate) return a.escalated ? null : { kind: 'escalation', reason: `Overdue: it was due by ${formatDate(a.dueDate)} and is not complete.` };
  if (!a.reminderSent && addDays(today, ACTION_PLAN_RULES.reminderDaysBefore) >= a.dueDate) return { kind: 'reminder', reason: `Due by ${formatDate(a.dueDate)}, within ${ACTION_PLAN_RULES.reminderDaysBefore} days.` };
  return null;
}

export function isOverdue(a: { status: ActionStatus; dueDate: string }, today: string): boolean {
  return !CLOSED.includes(a.status) && today > a.dueDate;
}

export interface ActionFacts {
  title: string;
  ownerName: string;
  ownerOrganisation: string;
  dueDate: string;
  covers: readonly string[];
}

/** What an edit changed, in words for the action's history ("Due date changed from 20 November 2026 to 4 December 2026"). */
export function describeActionChanges(before: ActionFacts, after: ActionFacts): string[] {
  const out: string[] = [];
  if (before.title !== after.title) out.push(`Reworded (was "${before.title.slice(0, 200)}")`);
  if (before.ownerOrganisation !== after.ownerOrganisation) out.push(`Owning organisation changed from ${before.ownerOrganisation || 'none'} to ${after.ownerOrganisation}`);
  if (before.ownerName !== after.ownerName) out.push(`Owner changed from ${before.ownerName} to ${after.ownerName}`);
  if (before.dueDate !== after.dueDate) out.push(`Due date changed from ${formatDate(before.dueDate)} to ${formatDate(after.dueDate)}`);
  const b = [...before.covers].sort().join(',');
  const a = [...after.covers].sort().join(',');
  if (a !== b) out.push('What it answers changed');
  return out;
}
