/**
 * Judgement: inspectors score quality statements (saf-2024: a score per statement; saf-2023: a
 * score per evidence category), with the evidence behind each score; the rules engine proposes
 * key question and overall ratings with its explanation, applying the limiters for breaches
 * with enforcement actions; the inspection manager approves, or departs with a reason. The
 * approval moves the inspection from judgement to draft_report.
 */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../data/database.js';
import { applyDepartures, type Departure } from '../../domain/fieldwork/judgement-approval.js';
import type { AutomaticLimiterFacts } from '../../domain/rating/automatic-limiters.data.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { notificationGapForLocation } from '../provider-portal/notification-monitoring.js';
import { overdueReturnFor } from '../provider-portal/information-returns.service.js';
import { proposeRatings, SCORING_METHODS, type LimiterInput, type Proposal, type ScoringMethod, type StatementScore } from '../../domain/fieldwork/judgement-proposal.js';
import { countsForLimiters, type EnforcementState } from '../../domain/fieldwork/enforcement-workflow.js';
import { EVIDENCE_CATEGORIES } from '../../domain/framework/evidence-categories.data.js';
import { parseKeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { qualityStatement, QUALITY_STATEMENTS } from '../../domain/framework/quality-statements.data.js';
import { transition, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { EDITING_TEAM_ROLES, type NoticeType } from '../../domain/inspection/inspection-model.js';
import { OVERALL_METHODS, overallMethodFor, type OverallMethod } from '../../domain/rating/asc-principles.method.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { isLeadInspector, mayOnInspection, requireOnInspection } from '../access.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from '../inspections/inspection-access.js';
import { addTimelineEvent, bumpVersion } from '../inspections/inspection-events.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { requireFieldworkState, userNames } from './fieldwork-access.js';
import { inspectionPath } from '../../domain/shared/app-paths.js';

/** Inspection kinds that get no ratings. */
export const UNRATED_KINDS = ['area_review_safeguarding_lac', 'joint_inspection'] as const;

export interface ScoreInput {
  score?: number | null;
  categoryScores?: Record<string, number> | null;
  rationale?: string;
  evidenceItemIds?: string[];
  version?: number | null;
}

export interface ScoreView {
  code: string;
  name: string;
  keyQuestion: string;
  score: number | null;
  categoryScores: Record<string, number> | null;
  rationale: string;
  evidenceItemIds: string[];
  scoredBy: string;
  scoredAt: string;
  version: number;
}

export interface StatementRow {
  code: string;
  name: string;
  keyQuestion: string;
  evidenceCount: number;
  score: ScoreView | null;
}

export interface JudgementView {
  inspectionId: string;
  scoringMethod: ScoringMethod;
  overallMethod: OverallMethod;
  status: 'not_started' | 'proposed' | 'approved';
  statements: StatementRow[];
  proposal: Proposal;
  limiters: LimiterInput[];
  approved: { subject: string; rating: string; proposedRating: string; departureReason: string | null; explanation: string[]; ratingDate: string | null }[] | null;
  approvedAt: string | null;
  approvedBy: string | null;
  you: { canScore: boolean; canApprove: boolean };
}

function requireRegulator(access: InspectionAccess): void {
  if (access.side !== 'regulator') throw new NotFoundError('No judgement found');
}

/** Four-eyes facts for the judgement: the lead inspector and anyone who scored may not approve it. */
async function judgementFourEyes(db: Executor, access: InspectionAccess): Promise<{ isLeadInspector: boolean; isAuthor: boolean }> {
  const scored = await db.selectFrom('quality_statement_scores').select('statement_code').where('inspection_id', '=', access.inspection.id).where('scored_by', '=', access.user.id).executeTakeFirst();
  return { isLeadInspector: await isLeadInspector(db, access.inspection.id, access.user.id), isAuthor: !!scored };
}

function canApprove(access: InspectionAccess, fourEyes: { isLeadInspector: boolean; isAuthor: boolean }): boolean {
  return access.side === 'regulator' && mayOnInspection(access, 'judgement.approve', fourEyes);
}

async function ensureJudgement(trx: Trx, ctx: ServiceContext, inspectionId: string) {
  const existing = await trx.selectFrom('judgements').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
  if (existing) return existing;
  return trx.insertInto('judgements').values({ inspection_id: inspectionId, scoring_method: 'saf-2024', overall_method: await defaultOverallMethod(trx, inspectionId), proposed_at: ctx.clock.now() }).returningAll().executeTakeFirstOrThrow();
}

/** The method that follows the kind of service inspected (the GP method for a GP practice), from the register. */
async function defaultOverallMethod(db: Executor, inspectionId: string): Promise<OverallMethod> {
  const i = await db.selectFrom('inspections').select('subject_organisation_id').where('id', '=', inspectionId).executeTakeFirst();
  if (!i?.subject_organisation_id) return 'asc-principles';
  const loc = await db
    .selectFrom('register_locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.inspection_directorate', 'l.type'])
    .where((eb) => eb.or([eb('l.organisation_id', '=', i.subject_organisation_id!), eb('o.parent_id', '=', i.subject_organisation_id!)]))
    .orderBy('l.location_id')
    .executeTakeFirst();
  return overallMethodFor(loc ? { inspectionDirectorate: loc.inspection_directorate, type: loc.type } : null);
}

/** Breaches with an enforcement action that counts (chosen, not withdrawn), for the limiters. */
export async function limiterInputs(db: Executor, inspectionId: string): Promise<LimiterInput[]> {
  const rows = await db
    .selectFrom('breaches as b')
    .innerJoin('enforcement_actions as a', 'a.breach_id', 'b.id')
    .select(['b.regulation', 'b.key_question', 'a.kind', 'a.state'])
    .where('b.inspection_id', '=', inspectionId)
    .where('b.status', '=', 'open')
    .orderBy('b.recorded_at')
    .orderBy('a.created_at')
    .execute();
  return rows.filter((r) => countsForLimiters(r.state as EnforcementState)).map((r) => ({ regulation: r.regulation, action: r.kind, keyQuestion: r.key_question ? parseKeyQuestion(r.key_question) : null }));
}

/** What the regulator knows about the inspected location that limits ratings by itself: "notifications not sent" (issue 19). */
async function limiterFacts(db: Executor, ctx: Pick<ServiceContext, 'clock' | 'config'>, inspectionId: string): Promise<AutomaticLimiterFacts> {
  const i = await db.selectFrom('inspections').select(['subject_type', 'subject_organisation_id']).where('id', '=', inspectionId).executeTakeFirst();
  if (!i?.subject_organisation_id || i.subject_type !== 'location') return { notificationGap: null, informationReturnOverdue: null };
  return {
    notificationGap: await notificationGapForLocation(db, ctx.config.notificationsQuietMonths, i.subject_organisation_id, londonDate(ctx.clock.now())),
    informationReturnOverdue: await overdueReturnFor(db, i.subject_organisation_id, ctx.clock.now()),
  };
}

async function currentProposal(db: Executor, ctx: Pick<ServiceContext, 'clock' | 'config'>, inspectionId: string, methods: { scoringMethod: ScoringMethod; overallMethod: OverallMethod }): Promise<{ proposal: Proposal; limiters: LimiterInput[] }> {
  const scores = await db.selectFrom('quality_statement_scores').selectAll().where('inspection_id', '=', inspectionId).execute();
  const limiters = await limiterInputs(db, inspectionId);
  const facts = await limiterFacts(db, ctx, inspectionId);
  const input: StatementScore[] = scores.map((s) => ({ code: s.statement_code, score: s.score, categoryScores: (s.category_scores as Record<string, number> | null) ?? null }));
  return { proposal: proposeRatings({ ...methods, scores: input, breaches: limiters, facts }), limiters };
}

export async function setJudgementMethods(ctx: ServiceContext, inspectionId: string, input: { scoringMethod?: ScoringMethod; overallMethod?: OverallMethod }): Promise<JudgementView> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'choose the rating method');
    requireFieldworkState(access, 'choose the rating method');
    const errors: FieldError[] = [];
    if (input.scoringMethod && !(SCORING_METHODS as readonly string[]).includes(input.scoringMethod)) errors.push({ field: 'scoringMethod', message: `The scoring method must be one of ${SCORING_METHODS.join(', ')}` });
    if (input.overallMethod && !(OVERALL_METHODS as readonly string[]).includes(input.overallMethod)) errors.push({ field: 'overallMethod', message: `The overall method must be one of ${OVERALL_METHODS.join(', ')}` });
    if (errors.length) throw new ValidationError(errors);
    const j = await ensureJudgement(trx, ctx, inspectionId);
    if (j.status === 'approved') throw new ConflictError('The judgement is approved: the method can no longer change', 'judgement_approved');
    await trx.updateTable('judgements').set({ ...(input.scoringMethod ? { scoring_method: input.scoringMethod } : {}), ...(input.overallMethod ? { overall_method: input.overallMethod } : {}), version: sql`version + 1` }).where('inspection_id', '=', inspectionId).execute();
    await recordAudit(trx, ctx, { action: 'JUDGEMENT_METHOD_SET', subjectType: 'inspection', subjectId: inspectionId, before: { scoringMethod: j.scoring_method, overallMethod: j.overall_method }, after: input });
  });
  return getJudgement(ctx, inspectionId);
}

export async function scoreStatement(ctx: ServiceContext, inspectionId: string, code: string, input: ScoreInput): Promise<JudgementView> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'score quality statements');
    requireFieldworkState(access, 'score quality statements');
    const statement = qualityStatement(code.toUpperCase());
    if (!statement) throw new NotFoundError(`No quality statement ${code}`);
    const j = await ensureJudgement(trx, ctx, inspectionId);
    if (j.status === 'approved') throw new ConflictError('The judgement is approved: scores can no longer change', 'judgement_approved');
    const errors: FieldError[] = [];
    let score: number | null = null;
    let categoryScores: Record<string, number> | null = null;
    if (j.scoring_method === 'saf-2024') {
      if (!Number.isInteger(input.score) || (input.score as number) < 1 || (input.score as number) > 4) errors.push({ field: 'score', message: `Choose a score from 1 to 4 for ${statement.code} ${statement.name}` });
      else score = input.score as number;
    } else {
      const given = Object.entries(input.categoryScores ?? {});
      if (!given.length) errors.push({ field: 'categoryScores', message: `Score at least one evidence category for ${statement.code} ${statement.name}` });
      for (const [cat, v] of given) {
        if (!(EVIDENCE_CATEGORIES as readonly string[]).includes(cat)) errors.push({ field: `categoryScores.${cat}`, message: `Unknown evidence category ${cat}` });
        else if (!Number.isInteger(v) || v < 1 || v > 4) errors.push({ field: `categoryScores.${cat}`, message: `Choose a score from 1 to 4 for ${cat}` });
      }
      categoryScores = Object.fromEntries(given);
    }
    const evidenceIds = [...new Set(input.evidenceItemIds ?? [])];
    if (evidenceIds.length) {
      const found = await trx.selectFrom('evidence_items').select('id').where('inspection_id', '=', inspectionId).where('id', 'in', evidenceIds).execute();
      if (found.length !== evidenceIds.length) errors.push({ field: 'evidenceItemIds', message: 'Every evidence item must be one of this inspection’s' });
    }
    if (errors.length) throw new ValidationError(errors);
    const existing = await trx.selectFrom('quality_statement_scores').selectAll().where('inspection_id', '=', inspectionId).where('statement_code', '=', statement.code).forUpdate().executeTakeFirst();
    if (existing && input.version !== undefined && input.version !== null && input.version !== existing.version) {
      throw new ConflictError(`Someone else changed the score for ${statement.code} since you loaded it. Reload and try again.`, 'version_conflict');
    }
    const now = ctx.clock.now();
    const values = { score, category_scores: categoryScores ? JSON.stringify(categoryScores) : null, rationale: input.rationale?.trim() ?? existing?.rationale ?? '', evidence_item_ids: input.evidenceItemIds ? evidenceIds : (existing?.evidence_item_ids ?? []), scored_by: access.user.id, scored_at: now };
    if (existing) await trx.updateTable('quality_statement_scores').set({ ...values, version: existing.version + 1 }).where('inspection_id', '=', inspectionId).where('statement_code', '=', statement.code).execute();
    else await trx.insertInto('quality_statement_scores').values({ ...values, inspection_id: inspectionId, statement_code: statement.code }).execute();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'statement_scored', summary: `${statement.code} ${statement.name} scored ${score ?? JSON.stringify(categoryScores)}`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'QUALITY_STATEMENT_SCORED', subjectType: 'inspection', subjectId: inspectionId, before: existing ?? undefined, after: { code: statement.code, ...values } });
  });
  return getJudgement(ctx, inspectionId);
}

export async function getJudgement(ctx: ServiceContext, inspectionId: string): Promise<JudgementView> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireRegulator(access);
  const j = await ctx.db.selectFrom('judgements').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
  const scoringMethod = (j?.scoring_method ?? 'saf-2024') as ScoringMethod;
  const overallMethod = (j?.overall_method ?? (await defaultOverallMethod(ctx.db, inspectionId))) as OverallMethod;
  const scores = await ctx.db.selectFrom('quality_statement_scores').selectAll().where('inspection_id', '=', inspectionId).execute();
  const names = await userNames(ctx.db, scores.map((s) => s.scored_by));
  const counts = await ctx.db
    .selectFrom(sql<{ code: string }>`(select unnest(quality_statements) as code from evidence_items where inspection_id = ${inspectionId} and status = 'recorded')`.as('e'))
    .select(['e.code', ctx.db.fn.countAll<number>().as('n')])
    .groupBy('e.code')
    .execute();
  const countOf = new Map(counts.map((c) => [c.code, Number(c.n)]));
  const kqs = access.inspection.key_questions.map((k) => parseKeyQuestion(k)).filter((k) => k !== null);
  const statements: StatementRow[] = QUALITY_STATEMENTS.filter((q) => kqs.length === 0 || kqs.includes(q.keyQuestion)).map((q) => {
    const s = scores.find((x) => x.statement_code === q.code);
    return {
      code: q.code,
      name: q.name,
      keyQuestion: q.keyQuestion,
      evidenceCount: countOf.get(q.code) ?? 0,
      score: s
        ? { code: q.code, name: q.name, keyQuestion: q.keyQuestion, score: s.score, categoryScores: (s.category_scores as Record<string, number> | null) ?? null, rationale: s.rationale, evidenceItemIds: s.evidence_item_ids, scoredBy: names.get(s.scored_by) ?? '', scoredAt: s.scored_at.toISOString(), version: s.version }
        : null,
    };
  });
  const { proposal, limiters } = await currentProposal(ctx.db, ctx, inspectionId, { scoringMethod, overallMethod });
  let approved: JudgementView['approved'] = null;
  let approvedBy: string | null = null;
  if (j?.status === 'approved') {
    const rows = await ctx.db.selectFrom('judgement_ratings').selectAll().where('inspection_id', '=', inspectionId).execute();
    approved = rows.map((r) => ({ subject: r.subject, rating: r.approved_rating ?? r.proposed_rating, proposedRating: r.proposed_rating, departureReason: r.departure_reason, explanation: r.explanation, ratingDate: r.rating_date }));
    approvedBy = j.approved_by ? ((await userNames(ctx.db, [j.approved_by])).get(j.approved_by) ?? null) : null;
  }
  const inJudgement = ['fieldwork', 'judgement'].includes(access.inspection.state);
  return {
    inspectionId,
    scoringMethod,
    overallMethod,
    status: (j?.status as 'proposed' | 'approved' | undefined) ?? 'not_started',
    statements,
    proposal,
    limiters,
    approved,
    approvedAt: j?.approved_at?.toISOString() ?? null,
    approvedBy,
    you: {
      canScore: inJudgement && j?.status !== 'approved' && (access.isManager || (EDITING_TEAM_ROLES as readonly string[]).includes(access.teamRole ?? '')),
      canApprove: access.inspection.state === 'judgement' && j?.status !== 'approved' && canApprove(access, await judgementFourEyes(ctx.db, access)),
    },
  };
}

export async function approveJudgement(ctx: ServiceContext, inspectionId: string, input: { departures?: Departure[]; version?: number | null }): Promise<JudgementView> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireRegulator(access);
    requireOnInspection(access, 'judgement.approve', 'approve the judgement', await judgementFourEyes(trx, access));
    const r = access.inspection;
    const j = await ensureJudgement(trx, ctx, inspectionId);
    if (j.status === 'approved') throw new ConflictError('The judgement has already been approved', 'judgement_approved');
    const contactCount = (await trx.selectFrom('inspection_contacts').select(trx.fn.countAll<number>().as('n')).where('inspection_id', '=', r.id).executeTakeFirstOrThrow()).n;
    const moved = transition(r.state as InspectionState, 'approve_judgement', {
      noticeType: r.notice_type as NoticeType,
      hasFieldworkDates: true,
      contactCount: Number(contactCount),
      viaJudgementApproval: true,
      actor: { role: access.user.role, teamRole: access.teamRole },
    });
    if (!moved.ok) {
      if (moved.error.code === 'not_permitted') throw new ForbiddenError(moved.error.message);
      throw new ConflictError(r.state === 'fieldwork' ? 'End fieldwork before approving the judgement' : moved.error.message, moved.error.code);
    }
    const { proposal } = await currentProposal(trx, ctx, inspectionId, { scoringMethod: j.scoring_method as ScoringMethod, overallMethod: j.overall_method as OverallMethod });
    if (proposal.problems.length) throw new ConflictError(`The scores cannot be rated yet: ${proposal.problems.join('; ')}`, 'scores_incomplete');
    // Area reviews and joint inspections are not rated: their judgement is the findings and recommendations.
    const rated = !(UNRATED_KINDS as readonly string[]).includes(r.kind);
    if (rated && proposal.keyQuestions.every((k) => k.rating === 'Not rated')) throw new ConflictError('Score the quality statements before approving the judgement', 'scores_incomplete');
    if (!rated) proposal.overall.explanation.unshift('This kind of inspection is not rated: the report gives findings and, where allowed, recommendations.');
    const applied = applyDepartures(proposal, input.departures ?? []);
    if (!applied.ok) throw new ValidationError(applied.error);
    await bumpVersion(trx, ctx, r.id, r.version, input.version);
    const now = ctx.clock.now();
    await trx.deleteFrom('judgement_ratings').where('inspection_id', '=', inspectionId).execute();
    await trx
      .insertInto('judgement_ratings')
      .values(
        applied.value.map((a) => {
          const proposed = a.subject === 'overall' ? proposal.overall.explanation : (proposal.keyQuestions.find((k) => k.keyQuestion === a.subject)?.explanation ?? []);
          return { inspection_id: inspectionId, subject: a.subject, proposed_rating: a.proposedRating, proposed_percentage: a.percentage, proposed_explanation: proposed, approved_rating: a.rating, departure_reason: a.departureReason, explanation: a.explanation, rating_date: r.fieldwork_end };
        }),
      )
      .execute();
    await trx.updateTable('judgements').set({ status: 'approved', approved_by: access.user.id, approved_at: now, version: sql`version + 1` }).where('inspection_id', '=', inspectionId).execute();
    await trx.updateTable('inspections').set({ state: moved.value.to }).where('id', '=', r.id).execute();
    const overall = applied.value.find((a) => a.subject === 'overall')!;
    const departures = applied.value.filter((a) => a.departureReason);
    await addTimelineEvent(trx, ctx, r.id, {
      kind: 'approve_judgement',
      summary: `Judgement approved by ${access.user.name}: overall ${overall.rating}${departures.length ? `; departures from the principles for ${departures.map((d) => d.subject).join(', ')}` : ''}`,
      visibleToOrganisation: true,
    });
    await messageContacts(trx, ctx, r.id, { title: `Inspection ${r.reference}: judgement reached`, summary: 'The inspection team has reached its judgement. You will receive the draft report for a factual accuracy check.', link: inspectionPath(r.id) });
    await recordAudit(trx, ctx, { action: 'JUDGEMENT_APPROVED', subjectType: 'inspection', subjectId: r.id, before: { state: r.state }, after: { state: moved.value.to, explanation: moved.value.explanation, ratings: applied.value } });
  });
  return getJudgement(ctx, inspectionId);
}
