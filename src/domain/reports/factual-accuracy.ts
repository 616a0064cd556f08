/**
 * Factual accuracy check (domain.md 5): the organisation has 10 working days from the date the
 * draft was sent (the rules engine's `factual-accuracy-check` rule); it comments on passages in
 * three categories, submits once (or confirms there are no inaccuracies), and a late submission
 * is refused unless an extension was granted. A reviewer who was not on the inspection decides
 * each comment.
 */
import { factualAccuracyDue, formatLongDate, type CalendarDate, type Deadline } from '../deadlines/index.js';
import { endOfLondonDay, londonDate } from '../deadlines/london-time.js';
import { err, ok, type Result } from '../shared/result.js';

export const FA_RULES_VERSION = 'factual-accuracy/1';

export const FA_CATEGORIES = ['typo_or_figure', 'factual_inaccuracy', 'omitted_information'] as const;
export type FaCategory = (typeof FA_CATEGORIES)[number];
export const FA_CATEGORY_LABELS: Record<FaCategory, string> = {
  typo_or_figure: 'A: typing error or wrong figure',
  factual_inaccuracy: 'B: factual inaccuracy behind a judgement (attach evidence)',
  omitted_information: 'C: information omitted (as it was at the time of the inspection)',
};

export const FA_DECISIONS = ['accepted', 'partly_accepted', 'rejected'] as const;
export type FaDecision = (typeof FA_DECISIONS)[number];
export const FA_DECISION_LABELS: Record<FaDecision, string> = { accepted: 'Accepted', partly_accepted: 'Partly accepted', rejected: 'Not accepted' };

type FieldProblem = { field: string; message: string };

/** The deadline: 10 working days from the instant the draft was sent (its London date is day 0). */
export function faDeadline(sentAt: Date): Result<Deadline> {
  return factualAccuracyDue(sentAt);
}

export interface CommentInput {
  sectionKey: string;
  passage: string;
  category: string;
  comment: string;
  proposedChange?: string | null;
  evidence?: string | null;
  /** Files attached to the comment (already on it, plus those arriving with this save). */
  fileCount?: number;
}

/** How many files one comment may carry, and how many one save may add (the page's limit). */
export const MAX_FILES_PER_COMMENT = 10;
export const MAX_FILES_PER_SAVE = 5;

/** A comment with more files than it may carry, as the form's `files` problem; null when within the limit. */
export function fileCountProblem(count: number): FieldProblem | null {
  return count > MAX_FILES_PER_COMMENT ? { field: 'files', message: `A comment can have at most ${MAX_FILES_PER_COMMENT} files attached: remove one before adding another` } : null;
}

/** A comment's fields, checked. There is no length cap on the comment itself. */
export function checkComment(input: CommentInput, sectionKeys: readonly string[]): Result<CommentInput & { category: FaCategory }, FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (!sectionKeys.includes(input.sectionKey)) problems.push({ field: 'sectionKey', message: 'Choose the section of the report your comment is about' });
  if (!input.passage?.trim()) problems.push({ field: 'passage', message: 'Enter the words in the report your comment is about' });
  if (!(FA_CATEGORIES as readonly string[]).includes(input.category)) problems.push({ field: 'category', message: 'Choose the kind of comment: A, B or C' });
  if (!input.comment?.trim()) problems.push({ field: 'comment', message: 'Enter your comment' });
  if (input.category === 'factual_inaccuracy' && !input.evidence?.trim() && !(input.fileCount ?? 0)) {
    problems.push({ field: 'evidence', message: 'Describe or attach the evidence for a factual inaccuracy behind a judgement (category B)' });
  }
  const tooMany = fileCountProblem(input.fileCount ?? 0);
  if (tooMany) problems.push(tooMany);
  if (problems.length) return err(problems);
  return ok({ ...input, category: input.category as FaCategory, passage: input.passage.trim(), comment: input.comment.trim() });
}

export interface SubmissionFacts {
  now: Date;
  due: CalendarDate;
  /** The granted extension, if any. */
  extendedDue: CalendarDate | null;
  submittedAt: Date | null;
  draftCommentCount: number;
  noInaccuracies: boolean;
}

/** Submit once, on time (or within a granted extension). */
export function checkSubmission(f: SubmissionFacts): Result<{ late: boolean; effectiveDue: CalendarDate }, string> {
  if (f.submittedAt) return err(`Your factual accuracy response was already submitted on ${formatLongDate(londonDate(f.submittedAt))}: it can only be submitted once`);
  const effectiveDue = f.extendedDue && f.extendedDue > f.due ? f.extendedDue : f.due;
  if (f.now.getTime() > endOfLondonDay(effectiveDue).getTime()) {
    return err(
      f.extendedDue
        ? `The extended deadline for factual accuracy comments was the end of ${formatLongDate(effectiveDue)}: late comments cannot be accepted`
        : `The deadline for factual accuracy comments was the end of ${formatLongDate(f.due)}: late comments cannot be accepted unless an extension was granted`,
    );
  }
  if (f.noInaccuracies && f.draftCommentCount > 0) return err('You have comments saved: delete them before confirming there are no inaccuracies, or submit the comments');
  if (!f.noInaccuracies && f.draftCommentCount === 0) return err('Add at least one comment, or confirm there are no factual inaccuracies');
  return ok({ late: false, effectiveDue });
}

/** Comments can be saved (drafted) until the response is submitted and while time remains. */
export function checkCanComment(f: Pick<SubmissionFacts, 'now' | 'due' | 'extendedDue' | 'submittedAt'>): Result<true, string> {
  const r = checkSubmission({ ...f, draftCommentCount: 1, noInaccuracies: false });
  return r.ok ? ok(true) : err(r.error);
}

export function checkExtensionRequest(reason: string, f: { now: Date; due: CalendarDate; submittedAt: Date | null; pending: boolean }): Result<string, FieldProblem> {
  if (f.submittedAt) return err({ field: 'reason', message: 'Your response is already submitted: an extension is not needed' });
  if (f.pending) return err({ field: 'reason', message: 'You have already asked for an extension: wait for the decision' });
  if (!reason?.trim() || reason.trim().length < 10) return err({ field: 'reason', message: 'Explain the exceptional circumstances for asking for an extension' });
  return ok(reason.trim());
}

export interface ReviewerFacts {
  role: string;
  onInspectionTeam: boolean;
}

const REVIEWER_ROLES = ['factual_accuracy_reviewer', 'inspection_manager', 'administrator'];

/** Comments are reviewed by regulator staff independent of the visit. */
export function checkReviewer(f: ReviewerFacts): Result<true, string> {
  if (!REVIEWER_ROLES.includes(f.role)) return err('Only a factual accuracy reviewer or an inspection manager can decide factual accuracy comments');
  if (f.onInspectionTeam) return err('Factual accuracy comments are decided by someone who was not on the inspection: ask a reviewer independent of the visit');
  return ok(true);
}

export interface DecisionInput {
  decision: string;
  reason?: string | null;
  changeMade?: string | null;
}

export function checkDecision(d: DecisionInput): Result<{ decision: FaDecision; reason: string | null; changeMade: string | null }, FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (!(FA_DECISIONS as readonly string[]).includes(d.decision)) problems.push({ field: 'decision', message: 'Choose accept, partly accept or not accept' });
  const reason = d.reason?.trim() || null;
  const change = d.changeMade?.trim() || null;
  if ((d.decision === 'accepted' || d.decision === 'partly_accepted') && !change) problems.push({ field: 'changeMade', message: 'Say what was changed in the report' });
  if ((d.decision === 'rejected' || d.decision === 'partly_accepted') && !reason) problems.push({ field: 'reason', message: d.decision === 'rejected' ? 'Give the reason the comment is not accepted' : 'Give the reason the comment is only partly accepted' });
  if (problems.length) return err(problems);
  return ok({ decision: d.decision as FaDecision, reason, changeMade: change });
}

/** The check is over for an organisation once it has submitted, or its (extended) deadline has passed. */
export function recipientClosed(r: { submittedAt: Date | null; due: CalendarDate; extendedDue: CalendarDate | null }, now: Date): boolean {
  if (r.submittedAt) return true;
  const due = r.extendedDue && r.extendedDue > r.due ? r.extendedDue : r.due;
  return now.getTime() > endOfLondonDay(due).getTime();
}
