/**
 * Briefings to the organisation during fieldwork (who attended, points made) and the verbal
 * feedback at the end (with the areas the report will make recommendations on): a dated log
 * both sides can read.
 */
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ValidationError, type FieldError } from '../errors.js';
import { loadInspectionAccess, requireInspectorEditor } from '../inspections/inspection-access.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { requireFieldworkState, userNames } from './fieldwork-access.js';
import { checkDateRule } from '../../domain/shared/date-rules.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Trx } from '../../data/database.js';
import { inspectionPath } from '../../domain/shared/app-paths.js';

export const BRIEFING_KINDS = ['briefing', 'verbal_feedback'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];
export const BRIEFING_KIND_LABELS: Record<BriefingKind, string> = { briefing: 'Briefing', verbal_feedback: 'Verbal feedback' };

export interface BriefingAttendee {
  name: string;
  role: string;
  organisation?: string | null;
}

export interface BriefingInput {
  kind: BriefingKind;
  heldAt: string;
  attendees: BriefingAttendee[];
  points: string;
  recommendationAreas?: string[];
  /** One per form shown: a second submission of the same form (Back and resubmit) saves nothing new. */
  formToken?: string | null;
}

export interface BriefingView {
  id: string;
  kind: BriefingKind;
  kindLabel: string;
  heldAt: string;
  attendees: BriefingAttendee[];
  points: string;
  recommendationAreas: string[];
  recordedBy: string;
  recordedAt: string;
  /** When it was last corrected (earlier versions are kept in briefing_revisions). */
  editedAt: string | null;
}

function checkBriefing(ctx: ServiceContext, input: BriefingInput): { heldAt: Date; areas: string[] } {
    const errors: FieldError[] = [];
    if (!(BRIEFING_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: 'Choose a briefing or verbal feedback' });
    const heldAt = new Date(input.heldAt);
    if (!input.heldAt || Number.isNaN(heldAt.getTime())) errors.push({ field: 'heldAt', message: 'Enter the date and time it was held' });
    if (!input.attendees?.length) errors.push({ field: 'attendees', message: 'List who attended' });
    (input.attendees ?? []).forEach((a, i) => {
      if (!a.name?.trim()) errors.push({ field: `attendees[${i}].name`, message: `Enter the name of attendee ${i + 1}` });
      if (!a.role?.trim()) errors.push({ field: `attendees[${i}].role`, message: `Enter the role of attendee ${i + 1}` });
    });
    if (!input.points?.trim()) errors.push({ field: 'points', message: 'Enter the points made' });
    const areas = (input.recommendationAreas ?? []).map((a) => a.trim()).filter(Boolean);
    if (areas.length && input.kind !== 'verbal_feedback') errors.push({ field: 'recommendationAreas', message: 'Areas for recommendations are given at the verbal feedback' });
    if (!Number.isNaN(heldAt.getTime()) && input.heldAt) {
      const rule = checkDateRule('not_in_future', londonDate(heldAt), londonDate(ctx.clock.now()), 'The date it was held');
      if (!rule.ok) errors.push({ field: 'heldAt', message: rule.error });
    }
    if (errors.length) throw new ValidationError(errors);
    return { heldAt, areas };
}

export async function recordBriefing(ctx: ServiceContext, inspectionId: string, input: BriefingInput): Promise<BriefingView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'record a briefing');
    requireFieldworkState(access, 'record a briefing');
    const token = input.formToken?.trim() || null;
    if (token) {
      const already = await trx.selectFrom('briefings').select('id').where('inspection_id', '=', inspectionId).where('form_token', '=', token).executeTakeFirst();
      if (already) return already.id;
    }
    const { heldAt, areas } = checkBriefing(ctx, input);
    const row = await trx
      .insertInto('briefings')
      .values({
        inspection_id: inspectionId,
        kind: input.kind,
        held_at: heldAt,
        attendees: JSON.stringify(input.attendees.map((a) => ({ name: a.name.trim(), role: a.role.trim(), organisation: a.organisation?.trim() || null }))),
        points: input.points.trim(),
        recommendation_areas: areas,
        recorded_by: access.user.id,
        recorded_at: ctx.clock.now(),
        form_token: token,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const who = input.attendees.map((a) => `${a.name.trim()} (${a.role.trim()})`).join(', ');
    const label = input.kind === 'verbal_feedback' ? 'Verbal feedback given' : 'Briefing given';
    await addTimelineEvent(trx, ctx, inspectionId, { kind: input.kind, summary: `${label} to ${who}${areas.length ? `; recommendations to come on: ${areas.join('; ')}` : ''}`, visibleToOrganisation: true });
    if (input.kind === 'verbal_feedback') {
      await messageContacts(trx, ctx, inspectionId, {
        title: `Verbal feedback recorded: ${access.inspection.reference}`,
        summary: `The inspection team's verbal feedback has been recorded${areas.length ? `, with ${areas.length} area${areas.length === 1 ? '' : 's'} for recommendations` : ''}.`,
        link: inspectionPath(inspectionId, '/briefings'),
      });
    }
    await recordAudit(trx, ctx, { action: input.kind === 'verbal_feedback' ? 'VERBAL_FEEDBACK_RECORDED' : 'BRIEFING_RECORDED', subjectType: 'inspection', subjectId: inspectionId, after: { id: row.id, ...input } });
    return row.id;
  });
  return (await listBriefings(ctx, inspectionId)).find((b) => b.id === id)!;
}

export async function listBriefings(ctx: ServiceContext, inspectionId: string): Promise<BriefingView[]> {
  await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const rows = await ctx.db.selectFrom('briefings').selectAll().where('inspection_id', '=', inspectionId).where('deleted_at', 'is', null).orderBy('held_at').orderBy('recorded_at').execute();
  const names = await userNames(ctx.db, rows.map((r) => r.recorded_by));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: BRIEFING_KIND_LABELS[r.kind],
    heldAt: r.held_at.toISOString(),
    attendees: r.attendees as BriefingAttendee[],
    points: r.points,
    recommendationAreas: r.recommendation_areas,
    recordedBy: names.get(r.recorded_by) ?? '',
    recordedAt: r.recorded_at.toISOString(),
    editedAt: r.updated_at?.toISOString() ?? null,
  }));
}

async function lockBriefing(trx: Trx, ctx: ServiceContext, briefingId: string, what: string) {
  if (!/^[0-9a-f-]{36}$/i.test(briefingId)) throw new NotFoundError('No briefing found');
  const found = await trx.selectFrom('briefings').select('inspection_id').where('id', '=', briefingId).executeTakeFirst();
  if (!found) throw new NotFoundError('No briefing found');
  const access = await loadInspectionAccess(trx, ctx, found.inspection_id, { forUpdate: true });
  requireInspectorEditor(access, what);
  const row = await trx.selectFrom('briefings').selectAll().where('id', '=', briefingId).forUpdate().executeTakeFirstOrThrow();
  if (row.deleted_at) throw new ConflictError('This briefing has been deleted', 'deleted');
  return { access, row };
}

function snapshot(row: { kind: string; held_at: Date; attendees: unknown; points: string; recommendation_areas: string[] }) {
  return { kind: row.kind, heldAt: row.held_at.toISOString(), attendees: row.attendees, points: row.points, recommendationAreas: row.recommendation_areas };
}

/** Corrects a briefing: the version it replaces is kept (briefing_revisions) and audited. */
export async function updateBriefing(ctx: ServiceContext, briefingId: string, input: BriefingInput): Promise<BriefingView> {
  const inspectionId = await inTransaction(ctx, async (trx) => {
    const { access, row } = await lockBriefing(trx, ctx, briefingId, 'correct a briefing');
    const { heldAt, areas } = checkBriefing(ctx, input);
    const now = ctx.clock.now();
    await trx.insertInto('briefing_revisions').values({ briefing_id: row.id, kind: 'edited', before: JSON.stringify(snapshot(row)), changed_by: access.user.id, changed_at: now }).execute();
    await trx
      .updateTable('briefings')
      .set({ kind: input.kind, held_at: heldAt, attendees: JSON.stringify(input.attendees.map((a) => ({ name: a.name.trim(), role: a.role.trim(), organisation: a.organisation?.trim() || null }))), points: input.points.trim(), recommendation_areas: areas, updated_at: now, updated_by: access.user.id })
      .where('id', '=', row.id)
      .execute();
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'briefing_corrected', summary: `${BRIEFING_KIND_LABELS[input.kind]} log corrected by ${access.user.name}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'BRIEFING_CORRECTED', subjectType: 'briefing', subjectId: row.id, before: snapshot(row), after: input });
    return row.inspection_id;
  });
  return (await listBriefings(ctx, inspectionId)).find((b) => b.id === briefingId)!;
}

/** Deletes a briefing logged in error, with the reason: it leaves the log, its record stays (briefing_revisions, audit). */
export async function deleteBriefing(ctx: ServiceContext, briefingId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await lockBriefing(trx, ctx, briefingId, 'delete a briefing');
    if (!reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Say why the briefing is being deleted' }]);
    const now = ctx.clock.now();
    await trx.insertInto('briefing_revisions').values({ briefing_id: row.id, kind: 'deleted', before: JSON.stringify(snapshot(row)), reason: reason.trim(), changed_by: access.user.id, changed_at: now }).execute();
    await trx.updateTable('briefings').set({ deleted_at: now, deleted_by: access.user.id, deleted_reason: reason.trim() }).where('id', '=', row.id).execute();
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'briefing_deleted', summary: `${BRIEFING_KIND_LABELS[row.kind]} log deleted by ${access.user.name}: ${reason.trim()}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'BRIEFING_DELETED', subjectType: 'briefing', subjectId: row.id, before: snapshot(row), after: { reason: reason.trim() } });
  });
}
