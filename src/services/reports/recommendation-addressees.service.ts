/**
 * Issue 15: a recommendation addressed to more than one organisation taking part (for example a
 * school nursing recommendation to the trust that runs the service and the council that
 * commissions it). Set by the team while the report is drafted or comments are reviewed; each
 * addressee then sees the recommendation in the action plan and answers it with its own actions.
 */
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import type { Executor } from '../../data/database.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { CAPACITY_LABELS, listParticipants } from '../inspections/participants.service.js';
import { loadReport, requireReportEditor, requireStage } from './report-common.js';

const EDITABLE = ['drafting', 'fa_review'] as const;
const STAGE_MESSAGE = 'Recommendations can be changed while the report is being drafted or factual accuracy comments are reviewed';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findRecommendation(db: Executor, reportId: string, recommendationId: string) {
  if (!UUID.test(recommendationId)) return undefined;
  return db.selectFrom('report_recommendations').select(['id', 'organisation_id', 'organisation_name', 'text', 'strength']).where('report_id', '=', reportId).where('id', '=', recommendationId).executeTakeFirst();
}

export interface RecommendationAddresseesView {
  inspection: { id: string; reference: string };
  recommendation: { id: string; text: string; strength: 'must' | 'should'; organisationId: string | null; organisationName: string };
  /** The organisations taking part that it may also be addressed to (never its first organisation). */
  choices: { id: string; name: string; capacities: string[] }[];
  /** Those it is addressed to now, besides its first organisation. */
  alsoTo: string[];
  /** Why it cannot be changed now (the report has moved on), or null. */
  refusal: string | null;
}

/** For the page that addresses a recommendation to more organisations: the participants to choose from. */
export async function getRecommendationAddressees(ctx: ServiceContext, inspectionId: string, recommendationId: string): Promise<RecommendationAddresseesView> {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  requireReportEditor(access, 'change who a recommendation is addressed to');
  const refusal = (EDITABLE as readonly string[]).includes(report.stage) ? null : STAGE_MESSAGE;
  const rec = await findRecommendation(ctx.db, report.id, recommendationId);
  if (!rec) throw new NotFoundError('No such recommendation');
  const alsoTo = (await ctx.db.selectFrom('report_recommendation_addressees').select('organisation_id').where('recommendation_id', '=', rec.id).execute()).map((r) => r.organisation_id);
  const { participants } = await listParticipants(ctx, inspectionId);
  const choices = participants.filter((p) => p.organisation.id !== rec.organisation_id).map((p) => ({ id: p.organisation.id, name: p.organisation.name, capacities: p.capacities.map((c) => CAPACITY_LABELS[c]) }));
  // Addressed earlier to an organisation no longer listed (a contact's organisation): kept as a choice, so saving never drops it unseen.
  const missing = alsoTo.filter((id) => !choices.some((c) => c.id === id));
  if (missing.length) {
    for (const o of await ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', missing).orderBy('name').execute()) choices.push({ id: o.id, name: o.name, capacities: [] });
  }
  return {
    inspection: { id: access.inspection.id, reference: access.inspection.reference },
    recommendation: { id: rec.id, text: rec.text, strength: rec.strength as 'must' | 'should', organisationId: rec.organisation_id, organisationName: rec.organisation_name },
    choices,
    alsoTo,
    refusal,
  };
}

/** Sets the organisations a recommendation is addressed to besides its first (replacing any set before). */
export async function addressRecommendation(ctx: ServiceContext, inspectionId: string, recommendationId: string, organisationIds: readonly string[]): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'change who a recommendation is addressed to');
    requireStage(report, EDITABLE, STAGE_MESSAGE);
    const rec = await findRecommendation(trx, report.id, recommendationId);
    if (!rec) throw new NotFoundError('No such recommendation');
    const involved = await involvedOrganisationIds(trx, access.inspection);
    const parents = involved.length ? (await trx.selectFrom('organisations').select('parent_id').where('id', 'in', involved).execute()).map((p) => p.parent_id).filter((x): x is string => !!x) : [];
    const allowed = new Set([...involved, ...parents]);
    const wanted = [...new Set(organisationIds)].filter((id) => id !== rec.organisation_id);
    if (wanted.some((id) => !allowed.has(id))) throw new ValidationError([{ field: 'organisationIds', message: 'A recommendation can be addressed only to organisations taking part in the inspection' }]);
    const before = (await trx.selectFrom('report_recommendation_addressees').select('organisation_id').where('recommendation_id', '=', rec.id).execute()).map((r) => r.organisation_id);
    await trx.deleteFrom('report_recommendation_addressees').where('recommendation_id', '=', rec.id).execute();
    if (wanted.length) await trx.insertInto('report_recommendation_addressees').values(wanted.map((organisation_id) => ({ recommendation_id: rec.id, organisation_id }))).execute();
    await recordAudit(trx, ctx, { action: 'REPORT_RECOMMENDATION_ADDRESSED', subjectType: 'inspection_report', subjectId: report.id, before: { recommendation: rec.id, also_to: before }, after: { recommendation: rec.id, also_to: wanted } });
  });
}
