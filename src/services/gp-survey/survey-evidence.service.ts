/**
 * GP Patient Survey results as evidence for an inspection (people's experience): the
 * inspection team sees the results of the practice it inspects, against its ICB and England.
 */
import { loadInspectionAccess } from '../inspections/inspection-access.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { practiceSurveyComparison, type PracticeSurveyComparison } from './gp-survey.service.js';

export interface SurveyEvidence {
  inspection: { id: string; reference: string };
  practices: { name: string; odsCode: string; comparison: PracticeSurveyComparison | null }[];
}

export async function surveyEvidenceForInspection(ctx: ServiceContext, inspectionId: string): Promise<SurveyEvidence> {
  if (!/^[0-9a-f-]{36}$/i.test(inspectionId)) throw new NotFoundError('No inspection found');
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  // Evidence views are the regulator's: the organisation sees the same survey on the public page.
  if (access.side !== 'regulator') throw new NotFoundError('No inspection found');
  const subjectId = access.inspection.subject_organisation_id;
  const orgs = subjectId
    ? await ctx.db
        .selectFrom('organisations')
        .select(['name', 'ods_code'])
        .where((eb) => eb.or([eb('id', '=', subjectId), eb.and([eb('parent_id', '=', subjectId), eb('kind', '=', 'location')])]))
        .where('ods_code', 'is not', null)
        .orderBy('name')
        .execute()
    : [];
  const seen = new Set<string>();
  const practices: SurveyEvidence['practices'] = [];
  for (const o of orgs) {
    const code = (o.ods_code as string).toUpperCase();
    if (seen.has(code)) continue;
    seen.add(code);
    practices.push({ name: o.name, odsCode: code, comparison: await practiceSurveyComparison(ctx, code) });
  }
  return { inspection: { id: access.inspection.id, reference: access.inspection.reference }, practices };
}
