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
}

export async function recordBriefing(ctx: ServiceContext, inspectionId: string, input: BriefingInput): Promise<BriefingView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'record a briefing');
    requireFieldworkState(access, 'record a briefing');
    const errors: FieldError[] = [];
    if (!(BRIEFING_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: 'Choose a briefing or verbal feedback' });
    const heldAt = new Date(input.heldAt);
    if (!input.heldAt || Number.isNaN(heldAt.getTime())) errors.push({ field: 'heldAt', message: 'Enter when it was held, like 2026-09-15T16:00:00Z' });
    if (!input.attendees?.length) errors.push({ field: 'attendees', message: 'List who attended' });
    (input.attendees ?? []).forEach((a, i) => {
      if (!a.name?.trim()) errors.push({ field: `attendees[${i}].name`, message: `Enter the name of attendee ${i + 1}` });
      if (!a.role?.trim()) errors.push({ field: `attendees[${i}].role`, message: `Enter the role of attendee ${i + 1}` });
    });
    if (!input.points?.trim()) errors.push({ field: 'points', message: 'Enter the points made' });
    const areas = (input.recommendationAreas ?? []).map((a) => a.trim()).filter(Boolean);
    if (areas.length && input.kind !== 'verbal_feedback') errors.push({ field: 'recommendationAreas', message: 'Areas for recommendations are given at the verbal feedback' });
    if (errors.length) throw new ValidationError(errors);
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
        link: `/inspections/${inspectionId}/briefings`,
      });
    }
    await recordAudit(trx, ctx, { action: input.kind === 'verbal_feedback' ? 'VERBAL_FEEDBACK_RECORDED' : 'BRIEFING_RECORDED', subjectType: 'inspection', subjectId: inspectionId, after: { id: row.id, ...input } });
    return row.id;
  });
  return (await listBriefings(ctx, inspectionId)).find((b) => b.id === id)!;
}

export async function listBriefings(ctx: ServiceContext, inspectionId: string): Promise<BriefingView[]> {
  await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const rows = await ctx.db.selectFrom('briefings').selectAll().where('inspection_id', '=', inspectionId).orderBy('held_at').orderBy('recorded_at').execute();
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
  }));
}
