/**
 * Provider information returns (issue 19, item 2). The regulator requests one from a provider or
 * location with a deadline (the `provider-information-return` deadline rule, 4 weeks, a
 * secondary source: PIR_RETURN_DAYS sets it); the organisation's users answer question by
 * question, saved as they go: each answer carries a version, so two colleagues saving at once
 * never overwrite each other (a stale save is refused with both texts shown). It is submitted
 * once; a late or unanswered return is flagged to the inspection team. On submission the
 * answers become a draft evidence item of the organisation's open inspection, citing the return.
 */
import { requireAllowed } from '../access.js';
import { randomBytes } from 'node:crypto';
import type { Db, Trx } from '../../data/database.js';
import type { InformationReturnRequestRow } from '../../data/tables/provider-portal.tables.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { computeDeadline } from '../../domain/deadlines/statutory-deadlines.js';
import { KEY_QUESTIONS, keyQuestionName } from '../../domain/vocabulary/key-questions.js';
import { QUESTION_SET_VERSION, questionSet, type ReturnQuestion } from '../../domain/information-returns/return-questions.data.js';
import { checkAnswer, compareReturns, isLate, unanswered, type AnswerChange } from '../../domain/information-returns/return-rules.js';
import { recordAudit } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { inTransaction, type ServiceContext, type SignedInUser } from '../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { organisationFamily, organisationsActedFor, requireRegulator, UUID } from './portal-access.js';
import { informationReturnPath } from '../../domain/shared/app-paths.js';

function newReference(): string {
  const A = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const c = [...randomBytes(8)].map((b) => A[b % A.length]).join('');
  return `PIR-${c.slice(0, 4)}-${c.slice(4)}`;
}

async function teamOf(db: Db | Trx, organisationId: string): Promise<string[]> {
  const family = await organisationFamily(db, organisationId);
  const rows = await db.selectFrom('inspections as i').innerJoin('inspection_team as t', 't.inspection_id', 'i.id').select('t.user_id').distinct().where('i.subject_organisation_id', 'in', family).where('i.state', 'not in', ['cancelled', 'published']).execute();
  return rows.map((r) => r.user_id);
}

export async function requestReturn(ctx: ServiceContext, input: { organisationId: string; note: string }): Promise<{ id: string; reference: string }> {
  const user = requireRegulator(ctx, 'information_return.request');
  if (!UUID.test(input.organisationId)) throw new ValidationError([{ field: 'organisationId', message: 'Choose the provider or location to ask' }]);
  return inTransaction(ctx, async (trx) => {
    const org = await trx.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', input.organisationId).executeTakeFirst();
    if (!org || !['provider', 'location'].includes(org.kind)) throw new ValidationError([{ field: 'organisationId', message: 'Choose a provider or a location' }]);
    const open = await trx.selectFrom('information_return_requests').select('reference').where('organisation_id', '=', org.id).where('status', '=', 'open').executeTakeFirst();
    if (open) throw new ConflictError(`${org.name} already has an open information return (${open.reference})`);
    const now = ctx.clock.now();
    const due = computeDeadline('provider-information-return', now, undefined, { amount: ctx.config.pirReturnDays, source: 'the PIR_RETURN_DAYS setting' });
    if (!due.ok) throw new Error(due.error);
    const reference = newReference();
    const note = input.note.trim().slice(0, 2000) || null;
    const row = await trx
      .insertInto('information_return_requests')
      .values({ reference, organisation_id: org.id, question_set: QUESTION_SET_VERSION, requested_by: user.id, requested_at: now, due_by: due.value.dueBy, due_date: due.value.due, deadline_explanation: due.value.explanation, note })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'INFORMATION_RETURN_REQUESTED', subjectType: 'information_return', subjectId: row.id, after: { reference, organisationId: org.id, due: due.value.due, questionSet: QUESTION_SET_VERSION } });
    const family = await organisationFamily(trx, org.id);
    const recipients = await trx.selectFrom('users').select(['id', 'email']).where('organisation_id', 'in', family).where('role', '=', 'provider_user').where('status', '=', 'active').where('is_org_admin', '=', true).execute();
    for (const r of recipients) {
      await queueEmail(trx, ctx, { to: r.email, subject: `Information return requested: ${reference}`, text: `We need information about ${org.name} before our next assessment. Please send the return by ${due.value.due}.\n\n${ctx.config.baseUrl}${informationReturnPath(row.id)}` });
      await notify(trx, { userId: r.id, title: `Information return requested for ${org.name}`, body: `Due by ${due.value.due}.`, link: informationReturnPath(row.id) });
    }
    return { id: row.id, reference };
  });
}

/** The request form's way in: a CQC location ID or provider ID from the register (the adapter never queries). */
/** The organisation a CQC location or provider ID names, or the problem with the ID in words (nothing is written). */
export async function findReturnRecipient(ctx: ServiceContext, registerId: string): Promise<{ organisationId: string } | { problem: FieldError }> {
  requireRegulator(ctx, 'information_return.request');
  const id = registerId.trim();
  if (!id) return { problem: { field: 'organisationId', message: 'Enter the CQC location ID or provider ID of the service to ask' } };
  const loc = await ctx.db.selectFrom('register_locations').select('organisation_id').where('location_id', '=', id).executeTakeFirst();
  const prov = loc ? undefined : await ctx.db.selectFrom('register_providers').select('organisation_id').where('provider_id', '=', id).executeTakeFirst();
  const organisationId = loc?.organisation_id ?? prov?.organisation_id;
  return organisationId ? { organisationId } : { problem: { field: 'organisationId', message: `No location or provider on the register has the ID ${id}` } };
}

export async function requestReturnByRegisterId(ctx: ServiceContext, input: { registerId: string; note: string }): Promise<{ id: string; reference: string }> {
  const found = await findReturnRecipient(ctx, input.registerId);
  if ('problem' in found) throw new ValidationError([found.problem]);
  return requestReturn(ctx, { organisationId: found.organisationId, note: input.note });
}

export interface ReturnView {
  request: InformationReturnRequestRow;
  organisationName: string;
  side: 'organisation' | 'regulator';
  groups: { keyQuestion: string; title: string; questions: { question: ReturnQuestion; value: string; version: number; savedBy: string | null; savedAt: Date | null }[] }[];
  answered: number;
  total: number;
  overdue: boolean;
  /** What changed since the organisation's previous submitted return (null when there is none). */
  changes: AnswerChange[] | null;
  previousReference: string | null;
}

async function loadReturn(db: Db | Trx, ctx: ServiceContext, id: string, lock = false): Promise<{ request: InformationReturnRequestRow; side: 'organisation' | 'regulator'; user: SignedInUser }> {
  const user = requireAllowed(ctx, 'information_return.view');
  if (!UUID.test(id)) throw new NotFoundError();
  let q = db.selectFrom('information_return_requests').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const request = await q.executeTakeFirst();
  if (!request) throw new NotFoundError();
  if (user.role === 'provider_user') {
    const orgs = await organisationsActedFor(db, user);
    if (!orgs.some((o) => o.id === request.organisation_id)) throw new NotFoundError();
    return { request, side: 'organisation', user };
  }
  requireRegulator(ctx, 'information_return.view');
  return { request, side: 'regulator', user };
}

async function answersOf(db: Db | Trx, requestId: string) {
  return db.selectFrom('information_return_answers as a').innerJoin('users as u', 'u.id', 'a.saved_by').select(['a.question_id', 'a.value', 'a.version', 'u.name', 'a.saved_at']).where('a.request_id', '=', requestId).execute();
}

export async function getReturn(ctx: ServiceContext, id: string): Promise<ReturnView> {
  const { request, side } = await loadReturn(ctx.db, ctx, id);
  const questions = questionSet(request.question_set);
  const answers = new Map((await answersOf(ctx.db, id)).map((a) => [a.question_id, a]));
  const org = await ctx.db.selectFrom('organisations').select('name').where('id', '=', request.organisation_id).executeTakeFirstOrThrow();
  const groups = KEY_QUESTIONS
    .map((kq) => ({
      keyQuestion: kq,
      title: keyQuestionName(kq),
      questions: questions.filter((q) => q.keyQuestion === kq).map((q) => {
        const a = answers.get(q.id);
        return { question: q, value: a?.value ?? '', version: a?.version ?? 0, savedBy: a?.name ?? null, savedAt: a?.saved_at ?? null };
      }),
    }))
    .filter((g) => g.questions.length);
  let changes: AnswerChange[] | null = null;
  let previousReference: string | null = null;
  if (request.status === 'submitted') {
    const prev = await ctx.db.selectFrom('information_return_requests').select(['id', 'reference']).where('organisation_id', '=', request.organisation_id).where('status', '=', 'submitted').where('submitted_at', '<', request.submitted_at!).orderBy('submitted_at', 'desc').executeTakeFirst();
    if (prev) {
      previousReference = prev.reference;
      const before = new Map((await answersOf(ctx.db, prev.id)).map((a) => [a.question_id, a.value]));
      changes = compareReturns(questions, before, new Map([...answers].map(([k, v]) => [k, v.value])));
    }
  }
  const answered = questions.filter((q) => (answers.get(q.id)?.value ?? '').trim()).length;
  return { request, organisationName: org.name, side, groups, answered, total: questions.length, overdue: request.status === 'open' && ctx.clock.now().getTime() > request.due_by.getTime(), changes, previousReference };
}

export interface AnswerSave {
  questionId: string;
  value: string;
  /** The version the person last saw (0 = not answered when they opened it). */
  baseVersion: number;
}

export interface SaveOutcome {
  saved: string[];
  /** Answers a colleague changed since this person opened the page: theirs was not written; both texts come back. */
  conflicts: { questionId: string; yours: string; theirs: string; theirsBy: string }[];
}

export async function saveAnswers(ctx: ServiceContext, id: string, saves: AnswerSave[]): Promise<SaveOutcome> {
  requireAllowed(ctx, 'information_return.answer');
  return inTransaction(ctx, async (trx) => {
    const { request, side, user } = await loadReturn(trx, ctx, id, true);
    if (side !== 'organisation') throw new NotFoundError();
    if (request.status !== 'open') throw new ConflictError('This return has already been submitted: it can no longer be changed');
    const questions = new Map(questionSet(request.question_set).map((q) => [q.id, q]));
    const errors: FieldError[] = [];
    const checked: { save: AnswerSave; value: string }[] = [];
    for (const s of saves) {
      const q = questions.get(s.questionId);
      if (!q) continue;
      const c = checkAnswer(q, s.value);
      if (!c.ok) errors.push({ field: `answer-${q.id}`, message: c.error });
      else checked.push({ save: s, value: c.value });
    }
    if (errors.length) throw new ValidationError(errors);
    const now = ctx.clock.now();
    const outcome: SaveOutcome = { saved: [], conflicts: [] };
    for (const { save, value } of checked) {
      const current = await trx.selectFrom('information_return_answers as a').innerJoin('users as u', 'u.id', 'a.saved_by').select(['a.value', 'a.version', 'u.name']).where('a.request_id', '=', id).where('a.question_id', '=', save.questionId).executeTakeFirst();
      const currentVersion = current?.version ?? 0;
      if ((current?.value ?? '') === value) continue;
      if (currentVersion !== save.baseVersion) {
        outcome.conflicts.push({ questionId: save.questionId, yours: value, theirs: current?.value ?? '', theirsBy: current?.name ?? '' });
        continue;
      }
      if (current) await trx.updateTable('information_return_answers').set({ value, version: currentVersion + 1, saved_by: user.id, saved_at: now }).where('request_id', '=', id).where('question_id', '=', save.questionId).execute();
      else await trx.insertInto('information_return_answers').values({ request_id: id, question_id: save.questionId, value, version: 1, saved_by: user.id, saved_at: now }).execute();
      outcome.saved.push(save.questionId);
    }
    if (outcome.saved.length) await recordAudit(trx, ctx, { action: 'INFORMATION_RETURN_ANSWERS_SAVED', subjectType: 'information_return', subjectId: id, after: { questions: outcome.saved, conflicts: outcome.conflicts.map((c) => c.questionId) } });
    return outcome;
  });
}

export async function submitReturn(ctx: ServiceContext, id: string): Promise<{ late: boolean }> {
  requireAllowed(ctx, 'information_return.answer');
  return inTransaction(ctx, async (trx) => {
    const { request, side, user } = await loadReturn(trx, ctx, id, true);
    if (side !== 'organisation') throw new NotFoundError();
    if (request.status !== 'open') throw new ConflictError('This return has already been submitted');
    const questions = questionSet(request.question_set);
    const answers = new Map((await answersOf(trx, id)).map((a) => [a.question_id, a.value]));
    const missing = unanswered(questions, answers);
    if (missing.length) throw new ValidationError(missing.slice(0, 10).map((q) => ({ field: `answer-${q.id}`, message: `Answer "${q.text}" before you submit the return` })));
    const now = ctx.clock.now();
    const late = isLate(now, request.due_by);
    await trx.updateTable('information_return_requests').set({ status: 'submitted', submitted_by: user.id, submitted_at: now, late, late_flagged_at: late ? (request.late_flagged_at ?? now) : request.late_flagged_at }).where('id', '=', id).execute();
    const org = await trx.selectFrom('organisations').select('name').where('id', '=', request.organisation_id).executeTakeFirstOrThrow();
    const evidenceIn = await addReturnAsEvidence(trx, request, org.name, questions, answers, now);
    await recordAudit(trx, ctx, { action: late ? 'INFORMATION_RETURN_SUBMITTED_LATE' : 'INFORMATION_RETURN_SUBMITTED', subjectType: 'information_return', subjectId: id, after: { late, due: request.due_date, evidenceItems: evidenceIn } });
    const team = new Set([...(await teamOf(trx, request.organisation_id)), request.requested_by]);
    for (const uid of team) await notify(trx, { userId: uid, title: `${late ? 'Late information return' : 'Information return'} from ${org.name}`, body: `${request.reference} was submitted${late ? ` after its deadline of ${request.due_date}` : ''}.`, link: informationReturnPath(id) });
    return { late };
  });
}

/** Each open inspection of the organisation gets the return as a draft evidence item citing it. */
async function addReturnAsEvidence(trx: Trx, request: InformationReturnRequestRow, orgName: string, questions: readonly ReturnQuestion[], answers: ReadonlyMap<string, string>, now: Date): Promise<string[]> {
  const family = await organisationFamily(trx, request.organisation_id);
  const inspections = await trx.selectFrom('inspections').select('id').where('subject_organisation_id', 'in', family).where('state', 'in', ['planned', 'notified', 'fieldwork', 'judgement']).execute();
  const out: string[] = [];
  for (const i of inspections) out.push(await returnEvidenceItem(trx, { ...request, submitted_at: now }, orgName, questions, answers, i.id, now));
  return out;
}

/** The return's answers as one draft evidence item of the inspection, each answer citing the return; recorded so it is added once. */
async function returnEvidenceItem(trx: Trx, request: InformationReturnRequestRow, orgName: string, questions: readonly ReturnQuestion[], answers: ReadonlyMap<string, string>, inspectionId: string, now: Date): Promise<string> {
  const submittedAt = request.submitted_at ?? now;
  const lines = [`Provider information return ${request.reference} from ${orgName}, submitted ${londonDate(submittedAt)}${isLate(submittedAt, request.due_by) ? ` (late: due ${request.due_date})` : ''}.`];
  for (const kq of KEY_QUESTIONS) {
    const qs = questions.filter((q) => q.keyQuestion === kq);
    if (!qs.length) continue;
    lines.push('', `${keyQuestionName(kq)}:`);
    for (const q of qs) lines.push(`- ${q.text} ${q.options?.find((o) => o.value === answers.get(q.id))?.text ?? answers.get(q.id) ?? ''} [${request.reference}, ${q.id}]`);
  }
  const body = lines.join('\n');
  const item = await trx
    .insertInto('evidence_items')
    .values({ inspection_id: inspectionId, type: 'data', quality_statements: [], evidence_category: null, visit_id: null, case_id: null, refers_to_date: londonDate(submittedAt), inspector_id: request.requested_by, body, status: 'draft', created_at: now, updated_at: now, recorded_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('evidence_item_revisions').values({ evidence_item_id: item.id, kind: 'saved', version: 1, based_on_version: null, body, saved_by: request.requested_by, saved_at: now }).execute();
  await trx.insertInto('information_return_evidence').values({ request_id: request.id, inspection_id: inspectionId, evidence_item_id: item.id, added_at: now }).onConflict((oc) => oc.doNothing()).execute();
  return item.id;
}

/**
 * A newly planned inspection gets the organisation's submitted returns that are not yet evidence
 * of any inspection (submitted while none was open): "the next inspection of that organisation".
 * Called inside the planning transaction; returns the evidence items made.
 */
export async function addWaitingReturnsToInspection(trx: Trx, inspectionId: string, subjectOrganisationId: string, now: Date): Promise<string[]> {
  const family = await organisationFamily(trx, subjectOrganisationId);
  if (!family.length) return [];
  const waiting = await trx
    .selectFrom('information_return_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .selectAll('r')
    .select('o.name as organisationName')
    .where('r.organisation_id', 'in', family)
    .where('r.status', '=', 'submitted')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('information_return_evidence as e').select('e.request_id').whereRef('e.request_id', '=', 'r.id'))))
    .orderBy('r.submitted_at')
    .execute();
  const out: string[] = [];
  for (const { organisationName, ...request } of waiting) {
    const answers = new Map((await answersOf(trx, request.id)).map((a) => [a.question_id, a.value]));
    out.push(await returnEvidenceItem(trx, request, organisationName, questionSet(request.question_set), answers, inspectionId, now));
  }
  return out;
}

/**
 * For the rules engine's "requested information not returned" limiter: the organisation's (or its
 * provider's) return past its deadline and still not submitted, in words; null when there is none.
 */
export async function overdueReturnFor(db: Db | Trx, organisationId: string, now: Date): Promise<{ explanation: string } | null> {
  const org = await db.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) return null;
  const r = await db
    .selectFrom('information_return_requests')
    .select(['reference', 'due_date'])
    .where('organisation_id', 'in', [org.id, ...(org.parent_id ? [org.parent_id] : [])])
    .where('status', '=', 'open')
    .where('due_by', '<', now)
    .orderBy('due_by')
    .executeTakeFirst();
  return r ? { explanation: `Requested information not returned: information return ${r.reference} was due by ${formatLongDate(r.due_date)} and has not been submitted.` } : null;
}

export interface ReturnListRow {
  id: string;
  reference: string;
  organisationName: string;
  dueDate: string;
  status: InformationReturnRequestRow['status'];
  late: boolean;
  overdue: boolean;
  submittedAt: Date | null;
}

export async function listReturns(ctx: ServiceContext): Promise<ReturnListRow[]> {
  const user = requireUser(ctx);
  let q = ctx.db.selectFrom('information_return_requests as r').innerJoin('organisations as o', 'o.id', 'r.organisation_id').select(['r.id', 'r.reference', 'o.name', 'r.due_date', 'r.due_by', 'r.status', 'r.late', 'r.submitted_at']);
  if (user.role === 'provider_user') {
    const orgs = await organisationsActedFor(ctx.db, user);
    if (!orgs.length) return [];
    q = q.where('r.organisation_id', 'in', orgs.map((o) => o.id));
  } else requireRegulator(ctx, 'information_return.view');
  const now = ctx.clock.now().getTime();
  const rows = await q.orderBy('r.requested_at', 'desc').limit(500).execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, organisationName: r.name, dueDate: r.due_date, status: r.status, late: r.late, overdue: r.status === 'open' && r.due_by.getTime() < now, submittedAt: r.submitted_at }));
}

/** Flags returns past their deadline and not submitted to the inspection team, once each (run daily). */
export async function flagOverdueReturns(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('information_return_requests as r').innerJoin('organisations as o', 'o.id', 'r.organisation_id').select(['r.id', 'r.reference', 'r.organisation_id', 'r.requested_by', 'r.due_date', 'o.name']).where('r.status', '=', 'open').where('r.due_by', '<', now).where('r.late_flagged_at', 'is', null).forUpdate().execute();
    for (const r of rows) {
      await trx.updateTable('information_return_requests').set({ late_flagged_at: now }).where('id', '=', r.id).execute();
      const team = new Set([...(await teamOf(trx, r.organisation_id)), r.requested_by]);
      for (const uid of team) await notify(trx, { userId: uid, title: `Information return not returned: ${r.name}`, body: `${r.reference} was due by ${r.due_date} and has not been submitted. "Requested information not returned" can limit Well-led to Requires improvement.`, link: informationReturnPath(r.id) });
      await recordAudit(trx, ctx, { action: 'INFORMATION_RETURN_OVERDUE_FLAGGED', subjectType: 'information_return', subjectId: r.id, after: { due: r.due_date } });
    }
    return rows.length;
  });
}
