/**
 * The fieldwork programme: visits per service (date, time, place, inspectors, planned
 * activities), edited by the inspection team and visible to the organisation, and the
 * meetings (the opening meeting, where the programme is agreed, and its attendees).
 */
import { formatDate } from '../../domain/shared/dates.js';
import { isUuid } from '../../data/repositories/inspection.repository.js';
import { findClashes, type Booking } from '../../domain/fieldwork/booking-overlaps.js';
import { checkDateRule } from '../../domain/shared/date-rules.js';
import type { Trx } from '../../data/database.js';
import type { ProgrammeVisitRow } from '../../data/tables/inspections.tables.js';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { MEETING_KINDS, VISIT_ACTIVITIES, VISIT_ACTIVITY_LABELS, type MeetingKind, type VisitActivity } from '../../domain/inspection/inspection-model.js';
import { isValidTime, weekView, type ProgrammeDay } from '../../domain/inspection/programme-week.js';
import { compareIsoDates, isValidIsoDate, londonDate } from '../../domain/inspection/working-days.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { concernsParticipant, loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from './inspection-access.js';
import { addTimelineEvent } from './inspection-events.js';
import { visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';

export interface VisitInput {
  serviceName: string;
  organisationId?: string | null;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  inspectorIds: string[];
  activities: VisitActivity[];
  notes?: string | null;
}

export interface VisitView {
  id: string;
  serviceName: string;
  organisation: { id: string; name: string } | null;
  visitDate: string;
  startTime: string;
  endTime: string;
  place: string;
  inspectors: { id: string; name: string }[];
  activities: { code: VisitActivity; label: string }[];
  notes: string | null;
}

export interface Attendee {
  name: string;
  role: string;
  organisation?: string | null;
  userId?: string | null;
}

export interface MeetingInput {
  kind: MeetingKind;
  heldAt: string;
  place?: string | null;
  attendees: Attendee[];
  notes?: string | null;
  programmeAgreed?: boolean;
}

export interface MeetingView {
  id: string;
  kind: MeetingKind;
  heldAt: string;
  place: string | null;
  attendees: Attendee[];
  notes: string | null;
  programmeAgreed: boolean;
  recordedBy: string | null;
}

export interface Programme {
  fieldworkStart: string;
  fieldworkEnd: string;
  agreedAt: string | null;
  visits: VisitView[];
  week: ProgrammeDay<VisitView>[];
  meetings: MeetingView[];
  /** Double bookings (team only): an inspector or a place booked twice at overlapping times, here or on another inspection. */
  clashes: string[];
}

const OPEN_STATES = ['planned', 'notified', 'fieldwork'];

async function checkVisit(trx: Trx, access: InspectionAccess, v: VisitInput): Promise<void> {
  const errors: FieldError[] = [];
  const r = access.inspection;
  if (!v.serviceName?.trim()) errors.push({ field: 'serviceName', message: 'Enter the service to visit' });
  if (!isValidIsoDate(v.date)) errors.push({ field: 'date', message: 'The date must be a real date, like 2026-11-30' });
  else if (compareIsoDates(v.date, r.fieldwork_start) < 0 || compareIsoDates(v.date, r.fieldwork_end) > 0) {
    errors.push({ field: 'date', message: `The visit must be during fieldwork, ${formatDate(r.fieldwork_start)} to ${formatDate(r.fieldwork_end)}` });
  }
  if (!isValidTime(v.startTime)) errors.push({ field: 'startTime', message: 'The start time must be like 09:30' });
  if (!isValidTime(v.endTime)) errors.push({ field: 'endTime', message: 'The end time must be like 16:00' });
  if (isValidTime(v.startTime) && isValidTime(v.endTime) && v.endTime <= v.startTime) errors.push({ field: 'endTime', message: 'The end time must be after the start time' });
  if (!v.place?.trim()) errors.push({ field: 'place', message: 'Enter where the visit takes place' });
  const bad = v.activities.filter((a) => !(VISIT_ACTIVITIES as readonly string[]).includes(a));
  if (bad.length) errors.push({ field: 'activities', message: `Unknown activities: ${bad.join(', ')}` });
  if (v.activities.length === 0) errors.push({ field: 'activities', message: 'Choose at least one planned activity' });
  if (v.inspectorIds.length) {
    const team = await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', r.id).execute();
    const ids = new Set(team.map((t) => t.user_id));
    if (v.inspectorIds.some((id) => !ids.has(id))) errors.push({ field: 'inspectorIds', message: 'Everyone on a visit must be on the inspection team' });
  }
  if (v.organisationId) {
    const involved = await involvedOrganisationIds(trx, r);
    if (!involved.includes(v.organisationId)) errors.push({ field: 'organisationId', message: 'The visit must be to an organisation named on the inspection' });
  }
  if (errors.length) throw new ValidationError(errors);
}

function visitValues(v: VisitInput) {
  return {
    service_name: v.serviceName.trim(),
    organisation_id: v.organisationId ?? null,
    visit_date: v.date,
    start_time: v.startTime,
    end_time: v.endTime,
    place: v.place.trim(),
    inspector_ids: [...new Set(v.inspectorIds)],
    activities: [...new Set(v.activities)],
    notes: v.notes?.trim() || null,
  };
}

function orgVisible(access: InspectionAccess): boolean {
  return visibleToOrganisation(access.inspection.state as InspectionState, access.inspection.notified_at);
}

export async function addVisits(ctx: ServiceContext, inspectionId: string, visits: VisitInput[]): Promise<Programme> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'change the programme');
    if (!OPEN_STATES.includes(access.inspection.state)) throw new ConflictError('The programme can be changed only before or during fieldwork');
    if (!visits.length) throw new ValidationError([{ field: 'visits', message: 'Add at least one visit' }]);
    for (const v of visits) await checkVisit(trx, access, v);
    const past = visits.map((v, i) => ({ i, r: checkDateRule('not_in_past', v.date, londonDate(ctx.clock.now()), 'The visit date') })).filter((x) => !x.r.ok);
    if (past.length) throw new ValidationError(past.map((x) => ({ field: visits.length === 1 ? 'date' : `visits[${x.i}].date`, message: x.r.ok ? '' : x.r.error })));
    const now = ctx.clock.now();
    await trx.insertInto('programme_visits').values(visits.map((v) => ({ ...visitValues(v), inspection_id: inspectionId, created_at: now, updated_at: now }))).execute();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'programme_changed', summary: `Visits added: ${visits.map((v) => `${v.serviceName} on ${formatDate(v.date)}`).join('; ')}`, visibleToOrganisation: orgVisible(access) });
    await recordAudit(trx, ctx, { action: 'PROGRAMME_VISITS_ADDED', subjectType: 'inspection', subjectId: inspectionId, after: visits });
  });
  return getProgramme(ctx, inspectionId);
}

async function loadVisitAccess(trx: Trx, ctx: ServiceContext, visitId: string): Promise<{ access: InspectionAccess; visit: ProgrammeVisitRow }> {
  if (!isUuid(visitId)) throw new NotFoundError('No visit found');
  const visit = await trx.selectFrom('programme_visits').selectAll().where('id', '=', visitId).executeTakeFirst();
  if (!visit) throw new NotFoundError('No visit found');
  const access = await loadInspectionAccess(trx, ctx, visit.inspection_id, { forUpdate: true });
  return { access, visit };
}

export async function updateVisit(ctx: ServiceContext, visitId: string, changes: Partial<VisitInput>): Promise<Programme> {
  const inspectionId = await inTransaction(ctx, async (trx) => {
    const { access, visit } = await loadVisitAccess(trx, ctx, visitId);
    requireInspectorEditor(access, 'change the programme');
    if (!OPEN_STATES.includes(access.inspection.state)) throw new ConflictError('The programme can be changed only before or during fieldwork');
    const merged: VisitInput = {
      serviceName: changes.serviceName ?? visit.service_name,
      organisationId: changes.organisationId !== undefined ? changes.organisationId : visit.organisation_id,
      date: changes.date ?? visit.visit_date,
      startTime: changes.startTime ?? visit.start_time,
      endTime: changes.endTime ?? visit.end_time,
      place: changes.place ?? visit.place,
      inspectorIds: changes.inspectorIds ?? visit.inspector_ids,
      activities: changes.activities ?? (visit.activities as VisitActivity[]),
      notes: changes.notes !== undefined ? changes.notes : visit.notes,
    };
    await checkVisit(trx, access, merged);
    await trx.updateTable('programme_visits').set({ ...visitValues(merged), updated_at: ctx.clock.now() }).where('id', '=', visitId).execute();
    await addTimelineEvent(trx, ctx, visit.inspection_id, { kind: 'programme_changed', summary: `Visit to ${merged.serviceName} changed (${merged.date} ${merged.startTime}-${merged.endTime})`, visibleToOrganisation: orgVisible(access) });
    await recordAudit(trx, ctx, { action: 'PROGRAMME_VISIT_CHANGED', subjectType: 'programme_visit', subjectId: visitId, before: visit, after: merged });
    return visit.inspection_id;
  });
  return getProgramme(ctx, inspectionId);
}

export async function removeVisit(ctx: ServiceContext, visitId: string): Promise<Programme> {
  const inspectionId = await inTransaction(ctx, async (trx) => {
    const { access, visit } = await loadVisitAccess(trx, ctx, visitId);
    requireInspectorEditor(access, 'change the programme');
    if (!OPEN_STATES.includes(access.inspection.state)) throw new ConflictError('The programme can be changed only before or during fieldwork');
    await trx.deleteFrom('programme_visits').where('id', '=', visitId).execute();
    await addTimelineEvent(trx, ctx, visit.inspection_id, { kind: 'programme_changed', summary: `Visit to ${visit.service_name} on ${visit.visit_date} removed`, visibleToOrganisation: orgVisible(access) });
    await recordAudit(trx, ctx, { action: 'PROGRAMME_VISIT_REMOVED', subjectType: 'programme_visit', subjectId: visitId, before: visit });
    return visit.inspection_id;
  });
  return getProgramme(ctx, inspectionId);
}

export async function recordMeeting(ctx: ServiceContext, inspectionId: string, input: MeetingInput): Promise<Programme> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'record a meeting');
    const errors: FieldError[] = [];
    if (!(MEETING_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: `The meeting must be one of ${MEETING_KINDS.join(', ')}` });
    const heldAt = new Date(input.heldAt);
    if (Number.isNaN(heldAt.getTime())) errors.push({ field: 'heldAt', message: 'Enter when the meeting was held, like 2026-11-30T09:00:00Z' });
    if (!input.attendees.length) errors.push({ field: 'attendees', message: 'List who attended the meeting' });
    input.attendees.forEach((a, i) => {
      if (!a.name?.trim()) errors.push({ field: `attendees[${i}].name`, message: 'Enter the attendee’s name' });
      if (!a.role?.trim()) errors.push({ field: `attendees[${i}].role`, message: 'Enter the attendee’s role' });
    });
    if (input.programmeAgreed && input.kind !== 'opening') errors.push({ field: 'programmeAgreed', message: 'The programme is agreed at the opening meeting' });
    if (errors.length) throw new ValidationError(errors);
    if (input.kind === 'opening' && !['notified', 'fieldwork'].includes(access.inspection.state)) {
      throw new ConflictError('The opening meeting is held when fieldwork starts: notify the inspection first (or start an unannounced one)');
    }
    await trx
      .insertInto('inspection_meetings')
      .values({
        inspection_id: inspectionId,
        kind: input.kind,
        held_at: heldAt,
        place: input.place?.trim() || null,
        attendees: JSON.stringify(input.attendees.map((a) => ({ name: a.name.trim(), role: a.role.trim(), organisation: a.organisation ?? null, userId: a.userId ?? null }))),
        notes: input.notes?.trim() || null,
        programme_agreed: !!input.programmeAgreed,
        recorded_by: access.user.id,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    if (input.programmeAgreed) await trx.updateTable('inspections').set({ programme_agreed_at: heldAt }).where('id', '=', inspectionId).execute();
    const who = input.attendees.map((a) => `${a.name} (${a.role})`).join(', ');
    await addTimelineEvent(trx, ctx, inspectionId, {
      kind: `${input.kind}_meeting`,
      summary: `${input.kind[0]?.toUpperCase()}${input.kind.slice(1)} meeting with ${who}${input.programmeAgreed ? '; programme agreed' : ''}`,
      visibleToOrganisation: true,
    });
    await recordAudit(trx, ctx, { action: 'INSPECTION_MEETING_RECORDED', subjectType: 'inspection', subjectId: inspectionId, after: input });
  });
  return getProgramme(ctx, inspectionId);
}

export async function getProgramme(ctx: ServiceContext, inspectionId: string): Promise<Programme> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const r = access.inspection;
  const all = await ctx.db.selectFrom('programme_visits').selectAll().where('inspection_id', '=', inspectionId).orderBy('visit_date').orderBy('start_time').execute();
  // Issue 15: a participant sees the visits to the services it runs or commissions; the lead sees the whole programme.
  const rows = all.filter((v) => concernsParticipant(access, { organisationId: v.organisation_id, serviceNames: [v.service_name] }));
  const userIds = [...new Set(rows.flatMap((v) => v.inspector_ids))];
  const users = new Map(userIds.length ? (await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.name]) : []);
  const orgIds = [...new Set(rows.map((v) => v.organisation_id).filter((x): x is string => !!x))];
  const orgs = new Map(orgIds.length ? (await ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o.name]) : []);
  const visits: VisitView[] = rows.map((v) => ({
    id: v.id,
    serviceName: v.service_name,
    organisation: v.organisation_id ? { id: v.organisation_id, name: orgs.get(v.organisation_id) ?? '' } : null,
    visitDate: v.visit_date,
    startTime: v.start_time,
    endTime: v.end_time,
    place: v.place,
    inspectors: v.inspector_ids.map((id) => ({ id, name: users.get(id) ?? '' })),
    activities: (v.activities as VisitActivity[]).map((code) => ({ code, label: VISIT_ACTIVITY_LABELS[code] })),
    notes: v.notes,
  }));
  const clashes = access.side === 'regulator' ? await programmeClashes(ctx, inspectionId, rows, users) : [];
  const meetings = await ctx.db.selectFrom('inspection_meetings as m').leftJoin('users as u', 'u.id', 'm.recorded_by').selectAll('m').select('u.name as recorded_by_name').where('m.inspection_id', '=', inspectionId).orderBy('m.held_at').execute();
  return {
    fieldworkStart: r.fieldwork_start,
    fieldworkEnd: r.fieldwork_end,
    agreedAt: r.programme_agreed_at?.toISOString() ?? null,
    visits,
    week: weekView(r.fieldwork_start, r.fieldwork_end, visits),
    clashes,
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: m.kind as MeetingKind,
      heldAt: m.held_at.toISOString(),
      place: m.place,
      attendees: m.attendees as Attendee[],
      notes: m.notes,
      programmeAgreed: m.programme_agreed,
      recordedBy: m.recorded_by_name,
    })),
  };
}

/** Every double booking touching this inspection's visits, in words (domain/fieldwork/booking-overlaps.ts). */
async function programmeClashes(ctx: ServiceContext, inspectionId: string, rows: ProgrammeVisitRow[], users: Map<string, string>): Promise<string[]> {
  if (!rows.length) return [];
  const dates = [...new Set(rows.map((v) => v.visit_date))];
  const others = await ctx.db
    .selectFrom('programme_visits as v')
    .innerJoin('inspections as i', 'i.id', 'v.inspection_id')
    .selectAll('v')
    .select('i.reference')
    .where('v.inspection_id', '<>', inspectionId)
    .where('v.visit_date', 'in', dates)
    .where('i.state', 'not in', ['cancelled', 'closed'])
    .execute();
  const more = new Set(others.flatMap((o) => o.inspector_ids).filter((id) => !users.has(id)));
  if (more.size) for (const u of await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...more]).execute()) users.set(u.id, u.name);
  const booking = (v: ProgrammeVisitRow, ref?: string): Booking => ({ id: v.id, date: v.visit_date, start: v.start_time, end: v.end_time, place: v.place, inspectorIds: v.inspector_ids, label: `${v.service_name}${ref ? ` (inspection ${ref})` : ''}, ${formatDate(v.visit_date)} ${v.start_time} to ${v.end_time}` });
  const own = rows.map((v) => booking(v));
  const all = [...own, ...others.filter((o) => o.inspector_ids.some((id) => rows.some((v) => v.inspector_ids.includes(id)))).map((o) => booking(o, o.reference))];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const b of own) {
    for (const c of findClashes(b, all)) {
      const key = [c.kind, c.who, ...[b.id, c.with.id].sort()].join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c.kind === 'inspector' ? `${users.get(c.who) ?? 'An inspector'} is booked twice at overlapping times: ${b.label} and ${c.with.label}` : `${c.who} is booked twice at overlapping times: ${b.label} and ${c.with.label}`);
    }
  }
  return out;
}
