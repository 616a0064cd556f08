/**
 * The regulator's follow-up dashboard (issue 8): each location or provider with something to
 * follow up, with its current rating and age, the latest date it must be re-inspected by (rules
 * engine), open enforcement actions and their deadlines, overdue action-plan actions and open
 * concerns; and planning a focused follow-up inspection through the existing inspection service.
 */
import { sql } from 'kysely';
import { latestReinspection } from '../../domain/deadlines/index.js';
import { cqcKeyQuestionName, KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { combineFocusedInspection, type Combination, type DatedRating } from '../../domain/rating/focused-inspection.js';
import { parseRating, RATINGS } from '../../domain/vocabulary/ratings.js';
import { sectorOf } from '../../domain/register/rating-age.js';
import { requireAllowed } from '../access.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { createInspection } from '../inspections/inspection-plan.service.js';
import { allows } from '../../domain/access/permissions.js';
import { complianceCheckFor } from '../fieldwork/fieldwork-read.service.js';
import type { ComplianceCheckWindow } from '../../domain/enforcement/compliance.js';

export interface FollowUpRow {
  organisationId: string;
  kind: string;
  name: string;
  locationId: string | null;
  rating: string | null;
  ratingDate: string | null;
  reinspectBy: string | null;
  reinspectOverdue: boolean;
  enforcement: { kind: string; state: string; deadlines: { title: string; due: string }[]; complyBy: string | null; complianceCheck: ComplianceCheckWindow | null }[];
  overdueActions: number;
  openConcerns: number;
  odsCode?: string | null;
}

const OPEN_ENFORCEMENT = sql<boolean>`ea.state not in ('draft','closed','withdrawn','exited')`;

export const FOLLOW_UP_PAGE_SIZE = 50;

/**
 * One page of the follow-up list, searched by name, location ID or ODS code (case and spacing
 * ignored), most urgent first: every service that needs following up can be reached.
 */
export async function followUpSearch(ctx: ServiceContext, opts: { q?: string; page?: number } = {}): Promise<{ rows: FollowUpRow[]; total: number; page: number; pages: number }> {
  const all = await followUpDashboard(ctx, { limit: Number.MAX_SAFE_INTEGER });
  const q = (opts.q ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  const matched = q ? all.filter((r) => r.name.toLowerCase().includes(q) || r.locationId?.toLowerCase() === q || r.odsCode?.toLowerCase() === q) : all;
  const pages = Math.max(1, Math.ceil(matched.length / FOLLOW_UP_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Math.floor(opts.page ?? 1)));
  return { rows: matched.slice((page - 1) * FOLLOW_UP_PAGE_SIZE, page * FOLLOW_UP_PAGE_SIZE), total: matched.length, page, pages };
}

export async function followUpDashboard(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<FollowUpRow[]> {
  requireAllowed(ctx, 'follow_up.manage');
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const [enforcement, deadlines, concerns, overdue] = await Promise.all([
    ctx.db.selectFrom('enforcement_actions as ea').select(['ea.id', 'ea.organisation_id', 'ea.kind', 'ea.state', 'ea.compliance_date']).where(OPEN_ENFORCEMENT).execute(),
    ctx.db.selectFrom('enforcement_deadlines as d').innerJoin('enforcement_actions as ea', 'ea.id', 'd.action_id').select(['d.action_id', 'd.title', 'd.due']).where(OPEN_ENFORCEMENT).where('d.due', '>=', today).orderBy('d.due').execute(),
    ctx.db.selectFrom('concerns').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('status', 'in', ['open', 'acknowledged']).groupBy('organisation_id').execute(),
    ctx.db
      .selectFrom('action_plan_actions as a')
      .innerJoin('action_plans as p', 'p.id', 'a.plan_id')
      .innerJoin('inspections as i', 'i.id', 'p.inspection_id')
      .select([sql<string>`coalesce(i.subject_organisation_id, i.lead_commissioner_id)`.as('organisation_id'), sql<number>`count(*)`.as('n')])
      .where('a.status', 'not in', ['completed', 'verified'])
      .where('a.due_date', '<', today)
      .groupBy(sql`coalesce(i.subject_organisation_id, i.lead_commissioner_id)`)
      .execute(),
  ]);
  const ids = new Set<string>([...enforcement.map((e) => e.organisation_id), ...concerns.map((c) => c.organisation_id), ...overdue.map((o) => o.organisation_id)]);
  // Locations whose re-inspection is overdue or due within 3 months join the list too.
  const soon = new Date(ctx.clock.now().getTime() + 92 * 86_400_000).toISOString().slice(0, 10);
  const registered = await ctx.db
    .selectFrom('register_locations')
    .select(['organisation_id', 'location_id', 'name', 'overall_rating', 'overall_rating_date', 'overall_rating_date_precision', 'inspection_directorate', 'type'])
    .where('registration_status', '=', 'Registered')
    .where('overall_rating', 'in', [...RATINGS])
    .where('overall_rating_date', 'is not', null)
    .execute();
  const reinspection = new Map<string, { by: string; row: (typeof registered)[number] }>();
  for (const r of registered) {
    const from = r.overall_rating_date_precision === 'year' ? `${(r.overall_rating_date as string).slice(0, 4)}-12-31` : (r.overall_rating_date as string);
    const sector = sectorOf(r.inspection_directorate, r.type) === 'adult_social_care' ? 'adult-social-care' : 'gp-and-urgent-care';
    const res = latestReinspection({ sector, from, overall: r.overall_rating as 'Good' });
    if (!res.ok) continue;
    reinspection.set(r.organisation_id, { by: res.value.latest, row: r });
    if (res.value.latest <= soon) ids.add(r.organisation_id);
  }
  if (ids.size === 0) return [];
  const orgs = await ctx.db.selectFrom('organisations').select(['id', 'kind', 'name', 'ods_code']).where('id', 'in', [...ids]).execute();
  const concernsBy = new Map(concerns.map((c) => [c.organisation_id, Number(c.n)]));
  const overdueBy = new Map(overdue.map((o) => [o.organisation_id, Number(o.n)]));
  const rows: FollowUpRow[] = orgs.map((o) => {
    const re = reinspection.get(o.id);
    return {
      organisationId: o.id,
      kind: o.kind,
      name: o.name,
      odsCode: o.ods_code,
      locationId: re?.row.location_id ?? null,
      rating: re?.row.overall_rating ?? null,
      ratingDate: re?.row.overall_rating_date ?? null,
      reinspectBy: re?.by ?? null,
      reinspectOverdue: re ? re.by < today : false,
      enforcement: enforcement
        .filter((e) => e.organisation_id === o.id)
        .map((e) => ({
          kind: e.kind,
          state: e.state,
          deadlines: deadlines.filter((d) => d.action_id === e.id).map((d) => ({ title: d.title, due: d.due })),
          complyBy: e.compliance_date,
          // Issue 16: the follow-up that checks compliance is proposed on or after the date to comply by.
          complianceCheck: complianceCheckFor(ctx, e),
        })),
      overdueActions: overdueBy.get(o.id) ?? 0,
      openConcerns: concernsBy.get(o.id) ?? 0,
    };
  });
  const urgency = (r: FollowUpRow) => [r.reinspectBy, ...r.enforcement.flatMap((e) => [...e.deadlines.map((d) => d.due), ...(e.complianceCheck ? [e.complianceCheck.latest] : [])])].filter((x): x is string => !!x).sort()[0] ?? '9999-12-31';
  rows.sort((a, b) => b.overdueActions + b.openConcerns + b.enforcement.length - (a.overdueActions + a.openConcerns + a.enforcement.length) || urgency(a).localeCompare(urgency(b)) || a.name.localeCompare(b.name));
  return rows.slice(0, opts.limit ?? 200);
}

export interface FollowUpTarget {
  organisation: { id: string; name: string; kind: string };
  current: Partial<Record<KeyQuestion, DatedRating>>;
  /** What the ratings would be if no key question were inspected: every rating carried forward with its own date. */
  carriedForward: Combination;
  suggested: KeyQuestion[];
  leadInspectors: { id: string; name: string }[];
  /** Issue 16: open notices with a date to comply by; the follow-up that checks them is proposed on or after it. */
  complianceChecks: { kind: string; complyBy: string; window: ComplianceCheckWindow }[];
  proposedStart: string | null;
}

export async function followUpTarget(ctx: ServiceContext, organisationId: string): Promise<FollowUpTarget> {
  requireAllowed(ctx, 'follow_up.manage');
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw new NotFoundError();
  const organisation = await ctx.db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', organisationId).where('kind', 'in', ['location', 'provider']).executeTakeFirst();
  if (!organisation) throw new NotFoundError();
  const ratings = await ctx.db.selectFrom('ratings').select(['name', 'rating', 'report_date', 'inherited']).where('organisation_id', '=', organisationId).where('current', '=', true).where('scope', '=', 'key_question').execute();
  const current: Partial<Record<KeyQuestion, DatedRating>> = {};
  for (const k of KEY_QUESTIONS) {
    const r = ratings.find((x) => x.name === cqcKeyQuestionName(k));
    const parsed = r ? parseRating(r.rating) : null;
    if (r && r.report_date && parsed?.ok && parsed.value) current[k] = { rating: parsed.value, date: r.report_date, inherited: r.inherited };
  }
  const suggested = KEY_QUESTIONS.filter((k) => current[k]?.rating === 'Requires improvement' || current[k]?.rating === 'Inadequate');
  const leadInspectors = await ctx.db.selectFrom('users').select(['id', 'name']).where('role', '=', 'inspector').where('status', '=', 'active').orderBy('name').execute();
  const notices = await ctx.db.selectFrom('enforcement_actions as ea').select(['ea.kind', 'ea.compliance_date']).where('ea.organisation_id', '=', organisationId).where(OPEN_ENFORCEMENT).where('ea.compliance_date', 'is not', null).where('ea.compliance_decision', 'is', null).execute();
  const complianceChecks = notices.flatMap((n) => {
    const window = complianceCheckFor(ctx, n);
    return window ? [{ kind: n.kind, complyBy: n.compliance_date as string, window }] : [];
  });
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const latestComplyBy = complianceChecks.map((c) => c.complyBy).sort().at(-1) ?? null;
  const proposedStart = latestComplyBy ? (latestComplyBy > today ? latestComplyBy : today) : null;
  return { organisation, current, carriedForward: combineFocusedInspection(current, {}), suggested, leadInspectors, complianceChecks, proposedStart };
}

export interface FollowUpInput {
  keyQuestions: string[];
  leadInspectorId: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  noticeType: string;
}

/** Plans a focused inspection of the chosen key questions through the inspection service. */
export async function createFollowUpInspection(ctx: ServiceContext, organisationId: string, input: FollowUpInput): Promise<string> {
  const target = await followUpTarget(ctx, organisationId);
  const errors: FieldError[] = [];
  const kqs = KEY_QUESTIONS.filter((k) => input.keyQuestions.includes(k));
  if (kqs.length === 0) errors.push({ field: 'keyQuestions', message: 'Select the key questions the focused inspection looks at' });
  if (!target.leadInspectors.some((l) => l.id === input.leadInspectorId)) errors.push({ field: 'leadInspectorId', message: 'Select the lead inspector' });
  if (!['announced', 'short_notice', 'unannounced'].includes(input.noticeType)) errors.push({ field: 'noticeType', message: 'Select the notice type' });
  const user = requireAllowed(ctx, 'follow_up.manage');
  // Choosing the lead is an inspection manager's act; an inspector may propose one they lead themselves.
  if (!allows('inspection.plan', { role: user.role }) && input.leadInspectorId && input.leadInspectorId !== user.id) {
    errors.push({ field: 'leadInspectorId', message: allows('inspection.propose_plan', { role: user.role }) ? 'Only an inspection manager can plan an inspection led by someone else: select yourself, or ask a manager' : 'Only an inspection manager can plan a follow-up inspection' });
  }
  if (errors.length) throw new ValidationError(errors);
  const team = [{ userId: input.leadInspectorId, role: 'lead_inspector' as const }, ...(user.role === 'inspection_manager' && user.id !== input.leadInspectorId ? [{ userId: user.id, role: 'inspection_manager' as const }] : [])];
  const detail = await createInspection(ctx, {
    kind: 'focused',
    noticeType: input.noticeType as 'announced',
    subject: { type: target.organisation.kind === 'provider' ? 'provider' : 'location', organisationId },
    keyQuestions: kqs,
    fieldworkStart: input.fieldworkStart,
    fieldworkEnd: input.fieldworkEnd || input.fieldworkStart,
    team,
  });
  return detail.id;
}

export { keyQuestionName };
