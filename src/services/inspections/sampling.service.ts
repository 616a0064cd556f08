/**
 * Sampling cases for inspectors to track: the inspector sets criteria and a sample size
 * (per stratum if wanted); the draw is seeded and the seed, criteria, design, eligible case
 * ids and rationale are saved, so anyone can draw it again and get the same cases. A case
 * can be swapped for the next in its stratum (or a named case), with a reason.
 */
import { randomBytes } from 'node:crypto';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import type { CaseRow } from '../../data/tables/inspections.tables.js';
import { drawSample, matchesCriteria, nextReplacement, type SampleCase, type SampleCriteria, type SampleDesign } from '../../domain/sampling/sampling.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { concernsParticipant, loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from './inspection-access.js';
import { addTimelineEvent } from './inspection-events.js';

export interface DrawSampleInput {
  criteria: SampleCriteria;
  design: SampleDesign;
  /** Given to reproduce a draw; otherwise a random one is made and recorded. */
  seed?: string | null;
  rationale: string;
}

export interface SampleMemberView {
  id: string;
  caseId: string;
  caseReference: string;
  organisation: { id: string; name: string };
  stratum: string;
  rank: number;
  swappedOut: { at: string; reason: string; replacedByCaseReference: string | null } | null;
}

export interface SampleView {
  id: string;
  inspectionId: string;
  seed: string;
  algorithm: string;
  criteria: SampleCriteria;
  design: SampleDesign;
  strata: unknown;
  rationale: string;
  explanation: string;
  drawnBy: string | null;
  drawnAt: string;
  eligibleCount: number;
  members: SampleMemberView[];
}

function toSampleCase(c: CaseRow): SampleCase {
  return {
    id: c.id,
    reference: c.case_reference,
    services: c.services_used,
    ageBand: c.age_band,
    lookedAfter: c.looked_after,
    childProtectionPlan: c.child_protection_plan,
    childInNeed: c.child_in_need,
    consentToContact: c.consent_to_contact,
  };
}

export async function drawCaseSample(ctx: ServiceContext, inspectionId: string, input: DrawSampleInput): Promise<SampleView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'draw a sample');
    if (!input.rationale?.trim()) throw new ValidationError([{ field: 'rationale', message: 'Say why you are drawing this sample (the rationale is saved with it)' }]);
    const seed = input.seed?.trim() || randomBytes(8).toString('hex');
    const cases = await trx.selectFrom('cases').selectAll().where('inspection_id', '=', inspectionId).execute();
    const drawn = drawSample({ cases: cases.map(toSampleCase), criteria: input.criteria, design: input.design, seed });
    if (!drawn.ok) throw new ValidationError([{ field: 'design', message: drawn.error }]);
    const d = drawn.value;
    if (d.members.length === 0) throw new ConflictError(`No cases meet the criteria, so no sample was drawn. ${d.explanation}`, 'empty_sample');
    const sample = await trx
      .insertInto('samples')
      .values({
        inspection_id: inspectionId,
        seed,
        algorithm: d.version,
        criteria: JSON.stringify(input.criteria),
        design: JSON.stringify(input.design),
        eligible_case_ids: d.eligibleCaseIds,
        strata: JSON.stringify(d.strata),
        rationale: input.rationale.trim(),
        explanation: d.explanation,
        drawn_by: access.user.id,
        drawn_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('sample_members')
      .values(d.members.map((m, i) => ({ sample_id: sample.id, case_id: m.caseId, stratum: m.stratum, rank: m.rank, position: i })))
      .execute();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'sample_drawn', summary: `Sample of ${d.members.length} cases drawn`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'SAMPLE_DRAWN', subjectType: 'inspection', subjectId: inspectionId, after: { sampleId: sample.id, seed, criteria: input.criteria, design: input.design, explanation: d.explanation, rationale: input.rationale } });
    return sample.id;
  });
  return getSample(ctx, id);
}

async function loadSampleAccess(db: ServiceContext['db'], ctx: ServiceContext, sampleId: string, forUpdate = false): Promise<{ access: InspectionAccess; inspectionId: string }> {
  if (!isUuid(sampleId)) throw new NotFoundError('No sample found');
  const s = await db.selectFrom('samples').select('inspection_id').where('id', '=', sampleId).executeTakeFirst();
  if (!s) throw new NotFoundError('No sample found');
  const access = await loadInspectionAccess(db, ctx, s.inspection_id, { forUpdate });
  return { access, inspectionId: s.inspection_id };
}

export async function getSample(ctx: ServiceContext, sampleId: string): Promise<SampleView> {
  const { access } = await loadSampleAccess(ctx.db, ctx, sampleId);
  const s = await ctx.db.selectFrom('samples as s').leftJoin('users as u', 'u.id', 's.drawn_by').selectAll('s').select('u.name as drawn_by_name').where('s.id', '=', sampleId).executeTakeFirstOrThrow();
  const q = ctx.db
    .selectFrom('sample_members as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .leftJoin('sample_members as r', 'r.id', 'm.replaced_by')
    .leftJoin('cases as rc', 'rc.id', 'r.case_id')
    .select(['m.id', 'm.case_id', 'm.stratum', 'm.rank', 'm.swapped_out_at', 'm.swapped_out_reason', 'c.case_reference', 'c.organisation_id', 'c.services_used', 'o.name as organisation_name', 'rc.case_reference as replaced_by_reference'])
    .where('m.sample_id', '=', sampleId);
  // An organisation sees the sampled cases that concern it, as in the case list (issue 15): those from
  // its own list and those that used a service it runs or commissions; the lead organisation sees all.
  const members = (await q.orderBy('m.position').execute()).filter((m) => concernsParticipant(access, { organisationId: m.organisation_id, serviceNames: m.services_used }));
  return {
    id: s.id,
    inspectionId: s.inspection_id,
    seed: s.seed,
    algorithm: s.algorithm,
    criteria: s.criteria as SampleCriteria,
    design: s.design as SampleDesign,
    strata: s.strata,
    rationale: s.rationale,
    explanation: s.explanation,
    drawnBy: s.drawn_by_name,
    drawnAt: s.drawn_at.toISOString(),
    eligibleCount: s.eligible_case_ids.length,
    members: members.map((m) => ({
      id: m.id,
      caseId: m.case_id,
      caseReference: m.case_reference,
      organisation: { id: m.organisation_id, name: m.organisation_name },
      stratum: m.stratum,
      rank: m.rank,
      swappedOut: m.swapped_out_at ? { at: m.swapped_out_at.toISOString(), reason: m.swapped_out_reason ?? '', replacedByCaseReference: m.replaced_by_reference } : null,
    })),
  };
}

export async function listSamples(ctx: ServiceContext, inspectionId: string): Promise<SampleView[]> {
  await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const rows = await ctx.db.selectFrom('samples').select('id').where('inspection_id', '=', inspectionId).orderBy('drawn_at').execute();
  return Promise.all(rows.map((r) => getSample(ctx, r.id)));
}

export interface SwapInput {
  caseId: string;
  reason: string;
  /** A particular eligible case to bring in; otherwise the next in the stratum's seeded order. */
  replacementCaseId?: string | null;
}

export async function swapSampleCase(ctx: ServiceContext, sampleId: string, input: SwapInput): Promise<SampleView> {
  await inTransaction(ctx, async (trx) => {
    const { access, inspectionId } = await loadSampleAccess(trx, ctx, sampleId, true);
    requireInspectorEditor(access, 'swap a case in the sample');
    if (!input.reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Give a reason for swapping the case' }]);
    const sample = await trx.selectFrom('samples').selectAll().where('id', '=', sampleId).executeTakeFirstOrThrow();
    const members = await trx.selectFrom('sample_members').selectAll().where('sample_id', '=', sampleId).execute();
    const out = members.find((m) => m.case_id === input.caseId && m.swapped_out_at === null);
    if (!out) throw new ValidationError([{ field: 'caseId', message: 'That case is not in the sample (or was already swapped out)' }]);
    const eligibleIds = new Set(sample.eligible_case_ids);
    const cases = (await trx.selectFrom('cases').selectAll().where('inspection_id', '=', inspectionId).execute()).filter((c) => eligibleIds.has(c.id)).map(toSampleCase);
    const excluded = new Set(members.map((m) => m.case_id));
    let replacement: { case: SampleCase; rank: number } | null;
    if (input.replacementCaseId) {
      const c = cases.find((x) => x.id === input.replacementCaseId);
      if (!c || !matchesCriteria(c, sample.criteria as SampleCriteria)) throw new ValidationError([{ field: 'replacementCaseId', message: 'The replacement must be a case that met the sample’s criteria' }]);
      if (excluded.has(c.id)) throw new ValidationError([{ field: 'replacementCaseId', message: 'The replacement is already in the sample, or was swapped out of it' }]);
      replacement = { case: c, rank: -1 };
    } else {
      replacement = nextReplacement({ eligible: cases, design: sample.design as SampleDesign, seed: sample.seed, stratum: out.stratum, excludedCaseIds: excluded });
      if (!replacement) throw new ConflictError(`No other eligible case is left in stratum ${out.stratum} to replace it`, 'no_replacement');
    }
    const position = Math.max(...members.map((m) => m.position)) + 1;
    const added = await trx
      .insertInto('sample_members')
      .values({ sample_id: sampleId, case_id: replacement.case.id, stratum: out.stratum, rank: replacement.rank, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('sample_members')
      .set({ swapped_out_at: ctx.clock.now(), swapped_out_reason: input.reason.trim(), swapped_out_by: access.user.id, replaced_by: added.id })
      .where('id', '=', out.id)
      .execute();
    const outRef = cases.find((c) => c.id === out.case_id)?.reference ?? out.case_id;
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'sample_swap', summary: `Case ${outRef} swapped for ${replacement.case.reference}: ${input.reason.trim()}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'SAMPLE_CASE_SWAPPED', subjectType: 'sample', subjectId: sampleId, before: { caseId: out.case_id }, after: { caseId: replacement.case.id, reason: input.reason.trim() } });
  });
  return getSample(ctx, sampleId);
}
