/**
 * Case tracking (issue 15): the inspection team follows each sampled case through the services and
 * records which services were seen, which records were read and what was found, and links evidence
 * items, immediate-action concerns and visits to the case. The summary by service and by finding is
 * for the team and feeds the draft report. Organisations never see the findings: they see which of
 * their own cases were sampled (sampling.service.ts, by pseudonymous reference).
 */
import type { Executor } from '../../data/database.js';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import { checkFinding, checkTrackingRecord, describeTrackingForReport, FINDING_LABELS, isLinkKind, LINK_LABELS, summariseTracking, type FindingKind, type LinkKind, type TrackingSummary } from '../../domain/fieldwork/case-tracking.js';
import { EVIDENCE_ITEM_TYPE_LABELS, type EvidenceItemType } from '../../domain/fieldwork/evidence-item.js';
import { formatDate } from '../../domain/shared/dates.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from '../inspections/inspection-access.js';
import { requireFieldworkState, userNames } from './fieldwork-access.js';

export interface LinkedRecord {
  id: string | null;
  kind: LinkKind;
  kindLabel: string;
  targetId: string;
  description: string;
  /** True when the evidence item itself names the case (recorded against it), not a link made here. */
  fromEvidenceItem: boolean;
}

export interface TrackedCaseView {
  caseId: string;
  inspectionId: string;
  caseReference: string;
  organisationName: string;
  servicesUsed: string[];
  inSample: boolean;
  tracked: { servicesSeen: string[]; recordsRead: string; recordedBy: string; recordedAt: string; updatedBy: string; updatedAt: string } | null;
  findings: { id: string; kind: FindingKind; kindLabel: string; serviceName: string | null; text: string; recordedBy: string; recordedAt: string }[];
  links: LinkedRecord[];
  /** What may still be linked. */
  linkable: { kind: LinkKind; targetId: string; description: string }[];
  scope: string[];
}

export interface TrackingSummaryView {
  inspectionId: string;
  summary: TrackingSummary;
  cases: { caseId: string; caseReference: string; organisationName: string; tracked: boolean; servicesSeen: string[]; counts: Record<FindingKind, number>; links: number }[];
  reportText: string | null;
}

function requireTeamToSee(access: InspectionAccess): void {
  // The findings are the team's working record: an organisation is told the case does not exist here.
  if (access.side !== 'regulator') throw new NotFoundError('No tracked case found');
}

async function scopeOf(db: Executor, inspectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('inspection_scope_services').select('service_name').where('inspection_id', '=', inspectionId).orderBy('position').execute();
  return rows.map((r) => r.service_name);
}

/** Cases in a sample of this inspection and not swapped out. */
async function sampledCaseIds(db: Executor, inspectionId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('sample_members as m')
    .innerJoin('samples as s', 's.id', 'm.sample_id')
    .select('m.case_id')
    .where('s.inspection_id', '=', inspectionId)
    .where('m.swapped_out_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.case_id));
}

async function loadCase(db: Executor, ctx: ServiceContext, inspectionId: string, caseId: string, opts: { forUpdate?: boolean } = {}) {
  const access = await loadInspectionAccess(db, ctx, inspectionId, opts);
  requireTeamToSee(access);
  if (!isUuid(caseId)) throw new NotFoundError('No case found');
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select('o.name as organisation_name')
    .where('c.id', '=', caseId)
    .where('c.inspection_id', '=', inspectionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No case found');
  return { access, row };
}

async function requireSampled(db: Executor, inspectionId: string, caseId: string): Promise<void> {
  if (!(await sampledCaseIds(db, inspectionId)).has(caseId)) throw new ConflictError('Only a case in the sample can be tracked: draw a sample, or swap this case into it, first', 'not_sampled');
}

const excerpt = (text: string, n = 90) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

async function describeTargets(db: Executor, inspectionId: string) {
  const [items, concerns, visits] = await Promise.all([
    db.selectFrom('evidence_items').select(['id', 'type', 'refers_to_date', 'body', 'case_id']).where('inspection_id', '=', inspectionId).where('status', '=', 'recorded').orderBy('refers_to_date').orderBy('created_at').execute(),
    db.selectFrom('concerns').select(['id', 'what', 'raised_at']).where('inspection_id', '=', inspectionId).orderBy('raised_at').execute(),
    db.selectFrom('programme_visits').select(['id', 'service_name', 'visit_date', 'start_time', 'place']).where('inspection_id', '=', inspectionId).orderBy('visit_date').orderBy('start_time').execute(),
  ]);
  const all: { kind: LinkKind; targetId: string; description: string; caseId?: string | null }[] = [
    ...items.map((i) => ({ kind: 'evidence_item' as const, targetId: i.id, caseId: i.case_id, description: `${i.type ? EVIDENCE_ITEM_TYPE_LABELS[i.type as EvidenceItemType] : 'Evidence'}, ${i.refers_to_date ? formatDate(i.refers_to_date) : 'no date'}: ${excerpt(i.body)}` })),
    ...concerns.map((c) => ({ kind: 'concern' as const, targetId: c.id, description: `Raised ${formatDate(c.raised_at)}: ${excerpt(c.what)}` })),
    ...visits.map((v) => ({ kind: 'visit' as const, targetId: v.id, description: `${v.service_name}, ${formatDate(v.visit_date)} at ${v.place}` })),
  ];
  return all;
}

export async function getTrackedCase(ctx: ServiceContext, inspectionId: string, caseId: string): Promise<TrackedCaseView> {
  const { row } = await loadCase(ctx.db, ctx, inspectionId, caseId);
  const [tracking, findings, links, targets, scope, sampled] = await Promise.all([
    ctx.db.selectFrom('case_tracking').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
    ctx.db.selectFrom('case_tracking_findings').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').execute(),
    ctx.db.selectFrom('case_tracking_links').selectAll().where('case_id', '=', caseId).orderBy('linked_at').execute(),
    describeTargets(ctx.db, inspectionId),
    scopeOf(ctx.db, inspectionId),
    sampledCaseIds(ctx.db, inspectionId),
  ]);
  const names = await userNames(ctx.db, [tracking?.recorded_by ?? null, tracking?.updated_by ?? null, ...findings.map((f) => f.recorded_by)]);
  const described = (kind: string, id: string) => targets.find((t) => t.kind === kind && t.targetId === id)?.description ?? 'No longer recorded';
  const linked: LinkedRecord[] = [
    ...links.map((l) => ({ id: l.id, kind: l.kind as LinkKind, kindLabel: LINK_LABELS[l.kind as LinkKind], targetId: l.target_id, description: described(l.kind, l.target_id), fromEvidenceItem: false })),
    ...targets
      .filter((t) => t.kind === 'evidence_item' && t.caseId === caseId && !links.some((l) => l.kind === 'evidence_item' && l.target_id === t.targetId))
      .map((t) => ({ id: null, kind: t.kind, kindLabel: LINK_LABELS[t.kind], targetId: t.targetId, description: t.description, fromEvidenceItem: true })),
  ];
  return {
    caseId,
    inspectionId,
    caseReference: row.case_reference,
    organisationName: row.organisation_name,
    servicesUsed: row.services_used,
    inSample: sampled.has(caseId),
    tracked: tracking
      ? {
          servicesSeen: tracking.services_seen,
          recordsRead: tracking.records_read,
          recordedBy: names.get(tracking.recorded_by) ?? '',
          recordedAt: tracking.recorded_at.toISOString(),
          updatedBy: names.get(tracking.updated_by) ?? '',
          updatedAt: tracking.updated_at.toISOString(),
        }
      : null,
    findings: findings.map((f) => ({ id: f.id, kind: f.kind as FindingKind, kindLabel: FINDING_LABELS[f.kind as FindingKind], serviceName: f.service_name, text: f.text, recordedBy: names.get(f.recorded_by) ?? '', recordedAt: f.recorded_at.toISOString() })),
    links: linked,
    linkable: targets.filter((t) => !linked.some((l) => l.kind === t.kind && l.targetId === t.targetId)).map(({ kind, targetId, description }) => ({ kind, targetId, description })),
    scope,
  };
}

export interface TrackingInput {
  servicesSeen: string[];
  recordsRead: string;
}

/** Records (or corrects) the services seen and the records read for a sampled case. */
export async function recordCaseTracking(ctx: ServiceContext, inspectionId: string, caseId: string, input: TrackingInput): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access } = await loadCase(trx, ctx, inspectionId, caseId, { forUpdate: true });
    requireInspectorEditor(access, 'track a case');
    requireFieldworkState(access, 'track cases');
    await requireSampled(trx, inspectionId, caseId);
    const scope = await scopeOf(trx, inspectionId);
    const servicesSeen = [...new Set(input.servicesSeen)];
    const problems = checkTrackingRecord({ servicesSeen, recordsRead: input.recordsRead }, scope);
    if (problems.length) throw new ValidationError(problems);
    const now = ctx.clock.now();
    const before = await trx.selectFrom('case_tracking').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    const values = { services_seen: servicesSeen, records_read: input.recordsRead.trim(), updated_by: access.user.id, updated_at: now };
    if (before) await trx.updateTable('case_tracking').set({ ...values, version: before.version + 1 }).where('case_id', '=', caseId).execute();
    else await trx.insertInto('case_tracking').values({ case_id: caseId, inspection_id: inspectionId, ...values, recorded_by: access.user.id, recorded_at: now }).execute();
    await recordAudit(trx, ctx, {
      action: before ? 'CASE_TRACKING_UPDATED' : 'CASE_TRACKED',
      subjectType: 'case',
      subjectId: caseId,
      before: before ? { servicesSeen: before.services_seen, recordsRead: before.records_read } : undefined,
      after: { servicesSeen, recordsRead: values.records_read },
    });
  });
}

export interface FindingInput {
  kind: string;
  text: string;
  serviceName?: string | null;
}

export async function addCaseFinding(ctx: ServiceContext, inspectionId: string, caseId: string, input: FindingInput): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const { access } = await loadCase(trx, ctx, inspectionId, caseId, { forUpdate: true });
    requireInspectorEditor(access, 'record what was found');
    requireFieldworkState(access, 'record what was found in a tracked case');
    await requireSampled(trx, inspectionId, caseId);
    const serviceName = input.serviceName?.trim() || null;
    const problems = checkFinding({ kind: input.kind, text: input.text ?? '', serviceName }, await scopeOf(trx, inspectionId));
    if (problems.length) throw new ValidationError(problems);
    if (!(await trx.selectFrom('case_tracking').select('case_id').where('case_id', '=', caseId).executeTakeFirst())) {
      throw new ConflictError('Record the services seen and the records read for this case first', 'not_tracked');
    }
    const row = await trx
      .insertInto('case_tracking_findings')
      .values({ case_id: caseId, inspection_id: inspectionId, kind: input.kind, service_name: serviceName, text: input.text.trim(), recorded_by: access.user.id, recorded_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'CASE_FINDING_RECORDED', subjectType: 'case', subjectId: caseId, after: { findingId: row.id, kind: input.kind, serviceName, text: input.text.trim() } });
    return row.id;
  });
}

export async function removeCaseFinding(ctx: ServiceContext, inspectionId: string, caseId: string, findingId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access } = await loadCase(trx, ctx, inspectionId, caseId, { forUpdate: true });
    requireInspectorEditor(access, 'remove a finding');
    requireFieldworkState(access, 'change what was found in a tracked case');
    if (!isUuid(findingId)) throw new NotFoundError('No such finding');
    const gone = await trx.deleteFrom('case_tracking_findings').where('id', '=', findingId).where('case_id', '=', caseId).returningAll().executeTakeFirst();
    if (!gone) throw new NotFoundError('No such finding');
    await recordAudit(trx, ctx, { action: 'CASE_FINDING_REMOVED', subjectType: 'case', subjectId: caseId, before: gone });
  });
}

export async function linkToCase(ctx: ServiceContext, inspectionId: string, caseId: string, input: { kind: string; targetId: string }): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access } = await loadCase(trx, ctx, inspectionId, caseId, { forUpdate: true });
    requireInspectorEditor(access, 'link records to a case');
    requireFieldworkState(access, 'link records to a tracked case');
    await requireSampled(trx, inspectionId, caseId);
    if (!isLinkKind(input.kind)) throw new ValidationError([{ field: 'target', message: 'Choose an evidence item, concern or visit to link' }]);
    const targets = await describeTargets(trx, inspectionId);
    const target = targets.find((t) => t.kind === input.kind && t.targetId === input.targetId);
    if (!target) throw new ValidationError([{ field: 'target', message: 'Choose a recorded evidence item, a concern or a visit of this inspection' }]);
    const inserted = await trx
      .insertInto('case_tracking_links')
      .values({ case_id: caseId, inspection_id: inspectionId, kind: input.kind, target_id: input.targetId, linked_by: access.user.id, linked_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'target_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new ValidationError([{ field: 'target', message: 'That is already linked to this case' }]);
    await recordAudit(trx, ctx, { action: 'CASE_RECORD_LINKED', subjectType: 'case', subjectId: caseId, after: { kind: input.kind, targetId: input.targetId } });
  });
}

export async function unlinkFromCase(ctx: ServiceContext, inspectionId: string, caseId: string, linkId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access } = await loadCase(trx, ctx, inspectionId, caseId, { forUpdate: true });
    requireInspectorEditor(access, 'unlink records from a case');
    requireFieldworkState(access, 'unlink records from a tracked case');
    if (!isUuid(linkId)) throw new NotFoundError('No such link');
    const gone = await trx.deleteFrom('case_tracking_links').where('id', '=', linkId).where('case_id', '=', caseId).returningAll().executeTakeFirst();
    if (!gone) throw new NotFoundError('No such link');
    await recordAudit(trx, ctx, { action: 'CASE_RECORD_UNLINKED', subjectType: 'case', subjectId: caseId, before: { kind: gone.kind, targetId: gone.target_id } });
  });
}

/** The summary and its cases, without any authorisation: for the draft report (called after its own check). */
export async function loadTrackingSummary(db: Executor, inspectionId: string): Promise<TrackingSummaryView> {
  const [tracking, findings, links, scope, sampled] = await Promise.all([
    db.selectFrom('case_tracking').selectAll().where('inspection_id', '=', inspectionId).execute(),
    db.selectFrom('case_tracking_findings').select(['case_id', 'kind', 'service_name']).where('inspection_id', '=', inspectionId).execute(),
    db.selectFrom('case_tracking_links').select(['case_id']).where('inspection_id', '=', inspectionId).execute(),
    scopeOf(db, inspectionId),
    sampledCaseIds(db, inspectionId),
  ]);
  const ids = [...new Set([...sampled, ...tracking.map((t) => t.case_id)])];
  const cases = ids.length
    ? await db.selectFrom('cases as c').innerJoin('organisations as o', 'o.id', 'c.organisation_id').select(['c.id', 'c.case_reference', 'o.name as organisation_name']).where('c.id', 'in', ids).orderBy('o.name').orderBy('c.case_reference').execute()
    : [];
  const facts = tracking.map((t) => ({
    caseId: t.case_id,
    servicesSeen: t.services_seen,
    findings: findings.filter((f) => f.case_id === t.case_id).map((f) => ({ kind: f.kind as FindingKind, serviceName: f.service_name })),
  }));
  const summary = summariseTracking(facts, scope);
  return {
    inspectionId,
    summary,
    cases: cases.map((c) => {
      const t = tracking.find((x) => x.case_id === c.id);
      const counts: Record<FindingKind, number> = { good_practice: 0, concern: 0, immediate_action: 0 };
      for (const f of findings) if (f.case_id === c.id) counts[f.kind as FindingKind]++;
      return { caseId: c.id, caseReference: c.case_reference, organisationName: c.organisation_name, tracked: !!t, servicesSeen: t?.services_seen ?? [], counts, links: links.filter((l) => l.case_id === c.id).length };
    }),
    reportText: describeTrackingForReport(summary),
  };
}

/** The case-tracking summary for the inspection team. */
export async function getCaseTrackingSummary(ctx: ServiceContext, inspectionId: string): Promise<TrackingSummaryView> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireTeamToSee(access);
  return loadTrackingSummary(ctx.db, inspectionId);
}
