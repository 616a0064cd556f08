/**
 * The ranked list for inspection managers: every registered location scored by the pure rule
 * in src/domain/monitoring/risk-score.ts from its rating and age, GP Patient Survey results,
 * feedback from the public, open concerns and open enforcement actions.
 */
import { sql } from 'kysely';
import { comparePractice, type SurveyFigure } from '../../domain/gp-survey/survey-comparison.js';
import { riskScore, type RiskScore } from '../../domain/monitoring/risk-score.js';
import { sectorOf } from '../../domain/register/rating-age.js';
import { requireAllowed } from '../access.js';
import type { ServiceContext } from '../context.js';
import { loadSurveyMapping } from '../gp-survey/gp-survey.import.js';
import { unansweredFeedbackCounts } from '../feedback/feedback-response.service.js';
import { notificationMonitoringReasons } from '../provider-portal/notification-monitoring.js';

export interface MonitoringRow {
  locationId: string;
  name: string;
  localAuthority: string | null;
  rating: string | null;
  ratingDate: string | null;
  result: RiskScore;
}

function count(rows: { organisation_id: string; n: number | string }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}

async function surveyWorse(ctx: ServiceContext): Promise<Map<string, { title: string; gap: number }[]>> {
  const latest = await ctx.db.selectFrom('gp_survey_results').select(sql<number>`max(survey_year)`.as('y')).executeTakeFirst();
  const year = latest?.y;
  const out = new Map<string, { title: string; gap: number }[]>();
  if (!year) return out;
  const rows = await ctx.db.selectFrom('gp_survey_results').select(['area_type', 'area_code', 'icb_code', 'measure', 'percentage', 'responses', 'suppressed']).where('survey_year', '=', year).execute();
  let measures: { id: string; title: string; higherIsBetter: boolean }[];
  try {
    measures = loadSurveyMapping(ctx.config.projectRoot, `${year}.json`).measures;
  } catch {
    measures = [...new Set(rows.map((r) => r.measure))].map((id) => ({ id, title: id.replace(/_/g, ' '), higherIsBetter: true }));
  }
  const fig = (r: (typeof rows)[number]): SurveyFigure => ({ percentage: r.percentage === null ? null : Number(r.percentage), responses: r.responses, suppressed: r.suppressed });
  const england = new Map(rows.filter((r) => r.area_type === 'england').map((r) => [r.measure, fig(r)]));
  const practices = new Map<string, Map<string, SurveyFigure>>();
  for (const r of rows.filter((x) => x.area_type === 'practice')) {
    const m = practices.get(r.area_code) ?? new Map<string, SurveyFigure>();
    m.set(r.measure, fig(r));
    practices.set(r.area_code, m);
  }
  for (const [code, practice] of practices) {
    const worse = comparePractice(measures, { practice, icb: new Map(), england })
      .filter((c) => c.vsEngland.judgement === 'worse')
      .map((c) => ({ title: c.title, gap: c.vsEngland.gap ?? 0 }));
    if (worse.length) out.set(code, worse);
  }
  return out;
}

export async function rankLocations(
  ctx: ServiceContext,
  filter: { localAuthority?: string | undefined; icb?: string | undefined } = {},
  limit = 100,
): Promise<{ rows: MonitoringRow[]; scored: number; localAuthorities: string[]; icbs: string[] }> {
  requireAllowed(ctx, 'monitoring.view');
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const yearAgo = new Date(ctx.clock.now().getTime() - 365 * 86_400_000);
  let q = ctx.db
    .selectFrom('register_locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.location_id', 'l.name', 'l.organisation_id', 'o.parent_id', 'l.ods_code', 'l.local_authority', 'l.overall_rating', 'l.overall_rating_date', 'l.overall_rating_date_precision', 'l.registration_date', 'l.inspection_directorate', 'l.type'])
    .where('l.registration_status', '=', 'Registered');
  if (filter.localAuthority) q = q.where('l.local_authority', '=', filter.localAuthority);
  if (filter.icb) q = q.where('l.icb_name', '=', filter.icb);
  const [locations, feedback, urgent, concerns, enforcement, survey, authorities, icbs, kqRatings, overdueEnforcement, unanswered] = await Promise.all([
    q.execute(),
    ctx.db.selectFrom('feedback').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('received_at', '>', yearAgo).groupBy('organisation_id').execute(),
    ctx.db.selectFrom('feedback').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('received_at', '>', yearAgo).where('risk_flagged', '=', true).groupBy('organisation_id').execute(),
    ctx.db.selectFrom('concerns').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('status', 'in', ['open', 'acknowledged']).groupBy('organisation_id').execute(),
    ctx.db.selectFrom('enforcement_actions').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('state', 'not in', ['draft', 'closed', 'withdrawn', 'exited']).groupBy('organisation_id').execute(),
    surveyWorse(ctx),
    ctx.db.selectFrom('register_locations').select('local_authority').distinct().where('local_authority', 'is not', null).where('registration_status', '=', 'Registered').orderBy('local_authority').execute(),
    ctx.db.selectFrom('register_locations').select('icb_name').distinct().where('icb_name', 'is not', null).where('registration_status', '=', 'Registered').orderBy('icb_name').execute(),
    ctx.db.selectFrom('ratings').select(['organisation_id', 'name', 'rating']).where('current', '=', true).where('scope', '=', 'key_question').where('rating', 'in', ['Inadequate', 'Requires improvement']).execute(),
    // Issue 16: open actions past a deadline, or past the date to comply by with no compliance decision.
    ctx.db
      .selectFrom('enforcement_actions as ea')
      .select(['ea.organisation_id', sql<number>`count(*)`.as('n')])
      .where('ea.state', 'not in', ['draft', 'closed', 'withdrawn', 'exited'])
      .where((eb) =>
        eb.or([
          eb.and([eb('ea.compliance_date', '<', today), eb('ea.compliance_decision', 'is', null)]),
          eb.exists(eb.selectFrom('enforcement_deadlines as d').select('d.id').whereRef('d.action_id', '=', 'ea.id').where('d.due', '<', today).where('d.created_at', '=', eb.selectFrom('enforcement_deadlines as d2').select(sql<Date>`max(d2.created_at)`.as('m')).whereRef('d2.action_id', '=', 'ea.id'))),
        ]),
      )
      .groupBy('ea.organisation_id')
      .execute(),
    unansweredFeedbackCounts(ctx.db, today),
  ]);
  const kqBy = new Map<string, { name: string; rating: string }[]>();
  for (const r of kqRatings) kqBy.set(r.organisation_id, [...(kqBy.get(r.organisation_id) ?? []), { name: r.name, rating: r.rating as string }]);
  const od = count(overdueEnforcement);
  const fb = count(feedback);
  const ur = count(urgent);
  const co = count(concerns);
  const en = count(enforcement);
  // Statutory notifications (issue 19): one separate term added to the score.
  const notificationTerm = await notificationMonitoringReasons(ctx, locations);
  const both = (m: Map<string, number>, l: { organisation_id: string; parent_id: string | null }) => (m.get(l.organisation_id) ?? 0) + (l.parent_id ? (m.get(l.parent_id) ?? 0) : 0);
  const scored: MonitoringRow[] = [];
  for (const l of locations) {
    const sector = sectorOf(l.inspection_directorate, l.type) === 'adult_social_care' ? 'adult-social-care' : 'gp-and-urgent-care';
    // A rating known only by its year counts from the year's last day, as the register does.
    const ratingDate = l.overall_rating_date && l.overall_rating_date_precision === 'year' ? `${l.overall_rating_date.slice(0, 4)}-12-31` : l.overall_rating_date;
    const result = riskScore(
      {
        sector,
        rating: l.overall_rating,
        ratingDate,
        registrationDate: l.registration_date,
        surveyWorse: (l.ods_code && survey.get(l.ods_code.toUpperCase())) || [],
        feedbackLast12Months: fb.get(l.organisation_id) ?? 0,
        urgentFeedbackLast12Months: ur.get(l.organisation_id) ?? 0,
        openConcerns: both(co, l),
        openEnforcement: both(en, l),
        keyQuestionRatings: kqBy.get(l.organisation_id) ?? [],
        overdueEnforcement: both(od, l),
        unansweredFeedback: unanswered.get(l.organisation_id) ?? 0,
      },
      today,
    );
    const extra = notificationTerm.get(l.organisation_id);
    if (extra) {
      result.reasons.push(...extra);
      result.reasons.sort((a, b) => b.points - a.points);
      result.score += extra.reduce((n, r) => n + r.points, 0);
    }
    if (result.score > 0) scored.push({ locationId: l.location_id, name: l.name, localAuthority: l.local_authority, rating: l.overall_rating, ratingDate: l.overall_rating_date, result });
  }
  scored.sort((a, b) => b.result.score - a.result.score || a.name.localeCompare(b.name));
  return { rows: scored.slice(0, limit), scored: scored.length, localAuthorities: authorities.map((a) => a.local_authority as string), icbs: icbs.map((i) => i.icb_name as string) };
}
