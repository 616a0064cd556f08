/**
 * Issue 15: a recommendation addressed to more than one organisation taking part (for example a
 * school nursing recommendation to the trust that runs the service and the council that
 * commissions it). Set by the team while the report is drafted or comments are reviewed; each
 * addressee then sees the recommendation in the action plan and answers it with its own actions.
 */
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { loadReport, requireReportEditor, requireStage } from './report-common.js';

const EDITABLE = ['drafting', 'fa_review'] as const;

/** Sets the organisations a recommendation is addressed to besides its first (replacing any set before). */
export async function addressRecommendation(ctx: ServiceContext, inspectionId: string, recommendationId: string, organisationIds: readonly string[]): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'change who a recommendation is addressed to');
    requireStage(report, EDITABLE, 'Recommendations can be changed while the report is being drafted or factual accuracy comments are reviewed');
    const rec = await trx.selectFrom('report_recommendations').select(['id', 'organisation_id']).where('report_id', '=', report.id).where('id', '=', /^[0-9a-f-]{36}$/i.test(recommendationId) ? recommendationId : '00000000-0000-0000-0000-000000000000').executeTakeFirst();
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
