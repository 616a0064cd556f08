/**
 * Evidence items: started as a draft the moment an inspector begins typing, saved on the
 * server as they type (each save sends the version it read), recorded when complete. A save
 * based on an older version is refused and kept as a conflict revision, so neither text is lost.
 */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../data/database.js';
import type { EvidenceItemRow } from '../../data/tables/fieldwork.tables.js';
import { checkEvidenceItem, EVIDENCE_ITEM_TYPE_LABELS, normaliseStatements, type EvidenceItemStatus, type EvidenceItemType } from '../../domain/fieldwork/evidence-item.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from '../inspections/inspection-access.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { loadChild, requireFieldworkState, userNames } from './fieldwork-access.js';

export interface EvidenceItemInput {
  type?: EvidenceItemType | null;
  qualityStatements?: string[];
  evidenceCategory?: string | null;
  visitId?: string | null;
  caseId?: string | null;
  refersToDate?: string | null;
  body?: string;
  status?: EvidenceItemStatus;
}

export interface EvidenceItemView {
  id: string;
  inspectionId: string;
  type: string | null;
  typeLabel: string | null;
  qualityStatements: string[];
  evidenceCategory: string | null;
  visitId: string | null;
  caseId: string | null;
  refersToDate: string | null;
  inspector: { id: string; name: string };
  body: string;
  status: EvidenceItemStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  recordedAt: string | null;
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
}

export type SaveResult =
  | { ok: true; item: EvidenceItemView }
  | { ok: false; conflict: { message: string; current: EvidenceItemView; yours: { body: string; basedOnVersion: number; revisionId: number } } };

const findItem = (db: Executor, id: string) => db.selectFrom('evidence_items').selectAll().where('id', '=', id).executeTakeFirst();

function requireRegulatorToSee(access: InspectionAccess): void {
  if (access.side !== 'regulator') throw new NotFoundError('No evidence item found');
}

async function checkLinks(trx: Executor, inspectionId: string, input: { visitId: string | null; caseId: string | null }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.visitId) {
    const v = await trx.selectFrom('programme_visits').select('id').where('id', '=', input.visitId).where('inspection_id', '=', inspectionId).executeTakeFirst();
    if (!v) errors.push({ field: 'visitId', message: 'The visit must be one in this inspection’s programme' });
  }
  if (input.caseId) {
    const c = await trx.selectFrom('cases').select('id').where('id', '=', input.caseId).where('inspection_id', '=', inspectionId).executeTakeFirst();
    if (!c) errors.push({ field: 'caseId', message: 'The case must be one of this inspection’s cases' });
  }
  return errors;
}

function merged(row: EvidenceItemRow | null, input: EvidenceItemInput) {
  return {
    type: input.type !== undefined ? input.type : ((row?.type as EvidenceItemType | null) ?? null),
    qualityStatements: input.qualityStatements !== undefined ? normaliseStatements(input.qualityStatements) : (row?.quality_statements ?? []),
    evidenceCategory: input.evidenceCategory !== undefined ? input.evidenceCategory || null : (row?.evidence_category ?? null),
    visitId: input.visitId !== undefined ? input.visitId || null : (row?.visit_id ?? null),
    caseId: input.caseId !== undefined ? input.caseId || null : (row?.case_id ?? null),
    refersToDate: input.refersToDate !== undefined ? input.refersToDate || null : (row?.refers_to_date ?? null),
    body: input.body !== undefined ? input.body : (row?.body ?? ''),
    status: (input.status ?? (row?.status as EvidenceItemStatus | undefined) ?? 'draft') as EvidenceItemStatus,
  };
}

async function validate(trx: Trx, access: InspectionAccess, m: ReturnType<typeof merged>): Promise<void> {
  const problems: FieldError[] = checkEvidenceItem(m, m.status, { start: access.inspection.fieldwork_start, end: access.inspection.fieldwork_end });
  problems.push(...(await checkLinks(trx, access.inspection.id, m)));
  if (problems.length) throw new ValidationError(problems);
}

function recordedSummary(m: ReturnType<typeof merged>): string {
  return `Evidence recorded: ${m.type ? EVIDENCE_ITEM_TYPE_LABELS[m.type] : 'item'} (${m.qualityStatements.join(', ')}) referring to ${m.refersToDate}`;
}

export async function createEvidenceItem(ctx: ServiceContext, inspectionId: string, input: EvidenceItemInput): Promise<EvidenceItemView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'record evidence');
    requireFieldworkState(access, 'record evidence');
    const m = merged(null, input);
    await validate(trx, access, m);
    const now = ctx.clock.now();
    const row = await trx
      .insertInto('evidence_items')
      .values({
        inspection_id: inspectionId,
        type: m.type,
        quality_statements: m.qualityStatements,
        evidence_category: m.evidenceCategory,
        visit_id: m.visitId,
        case_id: m.caseId,
        refers_to_date: m.refersToDate,
        inspector_id: access.user.id,
        body: m.body,
        status: m.status,
        created_at: now,
        updated_at: now,
        recorded_at: m.status === 'recorded' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('evidence_item_revisions').values({ evidence_item_id: row.id, kind: 'saved', version: 1, based_on_version: null, body: m.body, saved_by: access.user.id, saved_at: now }).execute();
    if (m.status === 'recorded') await addTimelineEvent(trx, ctx, inspectionId, { kind: 'evidence_recorded', summary: recordedSummary(m), visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: m.status === 'recorded' ? 'EVIDENCE_ITEM_RECORDED' : 'EVIDENCE_ITEM_STARTED', subjectType: 'evidence_item', subjectId: row.id, after: m });
    return row.id;
  });
  return getEvidenceItem(ctx, id);
}

/** Autosave and edit. `version` is the version the caller last read. */
export async function saveEvidenceItem(ctx: ServiceContext, itemId: string, input: EvidenceItemInput & { version: number }): Promise<SaveResult> {
  const outcome = await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, itemId, 'evidence item', (db, id) => db.selectFrom('evidence_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst());
    requireRegulatorToSee(access);
    requireInspectorEditor(access, 'change evidence');
    requireFieldworkState(access, 'change evidence');
    const now = ctx.clock.now();
    if (input.version !== row.version) {
      const body = input.body ?? row.body;
      const rev = await trx
        .insertInto('evidence_item_revisions')
        .values({ evidence_item_id: row.id, kind: 'conflict', version: row.version, based_on_version: input.version, body, saved_by: access.user.id, saved_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'EVIDENCE_ITEM_EDIT_CONFLICT', subjectType: 'evidence_item', subjectId: row.id, after: { basedOnVersion: input.version, currentVersion: row.version, revisionId: rev.id } });
      return { conflict: { body, basedOnVersion: input.version, revisionId: Number(rev.id) } };
    }
    const m = merged(row, input);
    if (row.status === 'recorded' && m.status === 'draft') m.status = 'recorded';
    await validate(trx, access, m);
    const becameRecorded = row.status === 'draft' && m.status === 'recorded';
    await trx
      .updateTable('evidence_items')
      .set({
        type: m.type,
        quality_statements: m.qualityStatements,
        evidence_category: m.evidenceCategory,
        visit_id: m.visitId,
        case_id: m.caseId,
        refers_to_date: m.refersToDate,
        body: m.body,
        status: m.status,
        version: row.version + 1,
        updated_at: now,
        ...(becameRecorded ? { recorded_at: now } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    await trx.insertInto('evidence_item_revisions').values({ evidence_item_id: row.id, kind: 'saved', version: row.version + 1, based_on_version: row.version, body: m.body, saved_by: access.user.id, saved_at: now }).execute();
    if (becameRecorded) await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'evidence_recorded', summary: recordedSummary(m), visibleToOrganisation: false });
    await recordAudit(trx, ctx, {
      action: becameRecorded ? 'EVIDENCE_ITEM_RECORDED' : 'EVIDENCE_ITEM_SAVED',
      subjectType: 'evidence_item',
      subjectId: row.id,
      before: { version: row.version, body: row.body, status: row.status },
      after: { version: row.version + 1, ...m },
    });
    return { conflict: null };
  });
  const item = await getEvidenceItem(ctx, itemId);
  if (outcome.conflict) {
    return {
      ok: false,
      conflict: {
        message: `Someone else saved this evidence item (now version ${item.version}) after you loaded version ${outcome.conflict.basedOnVersion}. Your text has been kept: compare the two and save again.`,
        current: item,
        yours: outcome.conflict,
      },
    };
  }
  return { ok: true, item };
}

async function views(db: Executor, rows: EvidenceItemRow[]): Promise<EvidenceItemView[]> {
  const names = await userNames(db, rows.map((r) => r.inspector_id));
  const atts = rows.length
    ? await db.selectFrom('evidence_item_attachments').select(['id', 'evidence_item_id', 'filename', 'content_type', 'size_bytes']).where('evidence_item_id', 'in', rows.map((r) => r.id)).orderBy('uploaded_at').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    inspectionId: r.inspection_id,
    type: r.type,
    typeLabel: r.type ? EVIDENCE_ITEM_TYPE_LABELS[r.type as EvidenceItemType] : null,
    qualityStatements: r.quality_statements,
    evidenceCategory: r.evidence_category,
    visitId: r.visit_id,
    caseId: r.case_id,
    refersToDate: r.refers_to_date,
    inspector: { id: r.inspector_id, name: names.get(r.inspector_id) ?? '' },
    body: r.body,
    status: r.status as EvidenceItemStatus,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    recordedAt: r.recorded_at?.toISOString() ?? null,
    attachments: atts.filter((a) => a.evidence_item_id === r.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, sizeBytes: Number(a.size_bytes) })),
  }));
}

export async function getEvidenceItem(ctx: ServiceContext, itemId: string): Promise<EvidenceItemView> {
  const { access, row } = await loadChild(ctx.db, ctx, itemId, 'evidence item', findItem);
  requireRegulatorToSee(access);
  const [view] = await views(ctx.db, [row]);
  return view!;
}

export async function listEvidenceItems(ctx: ServiceContext, inspectionId: string, filter: { status?: EvidenceItemStatus; statement?: string; ids?: string[] } = {}): Promise<EvidenceItemView[]> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireRegulatorToSee(access);
  let q = ctx.db.selectFrom('evidence_items').selectAll().where('inspection_id', '=', inspectionId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.statement) q = q.where(sql<boolean>`${filter.statement.toUpperCase()} = any(quality_statements)`);
  if (filter.ids) {
    if (!filter.ids.length) return [];
    q = q.where('id', 'in', filter.ids);
  }
  return views(ctx.db, await q.orderBy('refers_to_date').orderBy('created_at').execute());
}

/** The conflicting texts kept for an item (newest first), so nobody's words are lost. */
export async function listConflicts(ctx: ServiceContext, itemId: string): Promise<{ id: number; body: string; basedOnVersion: number | null; savedBy: string; savedAt: string }[]> {
  await getEvidenceItem(ctx, itemId);
  const rows = await ctx.db.selectFrom('evidence_item_revisions').selectAll().where('evidence_item_id', '=', itemId).where('kind', '=', 'conflict').orderBy('id', 'desc').execute();
  const names = await userNames(ctx.db, rows.map((r) => r.saved_by));
  return rows.map((r) => ({ id: Number(r.id), body: r.body, basedOnVersion: r.based_on_version, savedBy: names.get(r.saved_by) ?? '', savedAt: r.saved_at.toISOString() }));
}
