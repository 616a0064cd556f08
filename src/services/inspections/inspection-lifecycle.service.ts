/**
 * Every change of an inspection's state goes through here: the pure state table decides,
 * this writes the new state, the audit row, the timeline event and the messages, in one
 * transaction. Notifying tells every organisation contact by email and (for contacts with an
 * account) an in-app notice: the scope, the dates, what is asked of them and by when.
 */
import type { Trx } from '../../data/database.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { transition, visibleToOrganisation, type InspectionEvent, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { INSPECTION_KIND_LABELS, NOTICE_TYPE_LABELS, type InspectionKind, type NoticeType } from '../../domain/inspection/inspection-model.js';
import { keyQuestionName, parseKeyQuestions } from '../../domain/vocabulary/key-questions.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { loadInspectionAccess, type InspectionAccess } from './inspection-access.js';
import { getInspection } from './inspection-plan.service.js';
import type { InspectionDetail } from './inspection-detail.js';
import { addTimelineEvent, bumpVersion, formatLongDate } from './inspection-events.js';
import { messageContacts } from './inspection-messages.js';
import { inspectionPath } from '../../domain/shared/app-paths.js';

export interface TransitionInput {
  event: InspectionEvent;
  reason?: string | null;
  /** The version the caller saw: a stale one is refused (409). */
  version?: number | null;
}

export async function changeInspectionState(ctx: ServiceContext, inspectionId: string, input: TransitionInput): Promise<InspectionDetail> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    if (access.side !== 'regulator') throw new ForbiddenError('Only the inspection team can change the state of an inspection');
    const r = access.inspection;
    const contactCount = (await trx.selectFrom('inspection_contacts').select(trx.fn.countAll<number>().as('n')).where('inspection_id', '=', r.id).executeTakeFirstOrThrow()).n;
    const outcome = transition(r.state as InspectionState, input.event, {
      noticeType: r.notice_type as NoticeType,
      hasFieldworkDates: true,
      contactCount: Number(contactCount),
      reason: input.reason ?? null,
      teamConfirmed: r.team_confirmed_at !== null,
      actor: { role: access.user.role, teamRole: access.teamRole },
    });
    if (!outcome.ok) {
      if (outcome.error.code === 'not_permitted') throw new ForbiddenError(outcome.error.message);
      if (outcome.error.code === 'guard_failed' && input.event === 'cancel') throw new ValidationError([{ field: 'reason', message: outcome.error.message }]);
      throw new ConflictError(outcome.error.message, outcome.error.code);
    }
    const t = outcome.value;
    const now = ctx.clock.now();
    const today = londonDate(now);
    // Issue 16: fieldwork does not start before its planned start without a recorded reason, and the
    // dates stored (and published) are the real ones: an early start or an early end moves the date.
    const early = t.event === 'start_fieldwork' && today < r.fieldwork_start;
    if (early && !input.reason?.trim()) throw new ValidationError([{ field: 'reason', message: `Fieldwork is planned to start on ${formatLongDate(r.fieldwork_start)}. To start it today instead, give the reason` }]);
    const endsEarly = t.event === 'end_fieldwork' && today < r.fieldwork_end;
    await bumpVersion(trx, ctx, r.id, r.version, input.version);
    await trx
      .updateTable('inspections')
      .set({
        state: t.to,
        ...(t.event === 'notify' ? { notified_at: now } : {}),
        ...(t.event === 'start_fieldwork' ? { fieldwork_started_at: now } : {}),
        ...(early ? { fieldwork_start: today, ...(r.fieldwork_end < today ? { fieldwork_end: today } : {}) } : {}),
        ...(endsEarly ? { fieldwork_end: today < r.fieldwork_start ? r.fieldwork_start : today } : {}),
        ...(t.event === 'cancel' ? { cancelled_reason: input.reason?.trim() ?? null } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    const notifiedAt = t.event === 'notify' ? now : r.notified_at;
    const visible = visibleToOrganisation(t.to, notifiedAt);
    const summary =
      t.event === 'cancel'
        ? `${t.summary}: ${input.reason?.trim()}`
        : early
          ? `${t.summary} before the planned start (${formatLongDate(r.fieldwork_start)}): ${input.reason?.trim()}`
          : endsEarly
            ? `${t.summary} before the planned end (${formatLongDate(r.fieldwork_end)})`
            : t.summary;
    await addTimelineEvent(trx, ctx, r.id, { kind: t.event, summary, visibleToOrganisation: visible });
    await recordAudit(trx, ctx, {
      action: `INSPECTION_${t.event.toUpperCase()}`.replace('INSPECTION_NOTIFY', 'INSPECTION_NOTIFIED'),
      subjectType: 'inspection',
      subjectId: r.id,
      before: { state: t.from },
      after: { state: t.to, explanation: t.explanation, reason: input.reason ?? undefined, ...(early ? { plannedStart: r.fieldwork_start, actualStart: today } : {}), ...(endsEarly ? { plannedEnd: r.fieldwork_end, actualEnd: today } : {}) },
    });
    if (t.event === 'notify') await sendNotification(trx, ctx, access);
    if (t.event === 'start_fieldwork' && r.notice_type === 'unannounced') await tellContacts(trx, ctx, access, 'Inspectors have arrived for an unannounced inspection', `The ${label(r.kind)} (${r.reference}) started today. The inspection team will explain what they need on site.`);
    if (t.event === 'cancel' && r.notified_at) await tellContacts(trx, ctx, access, `Inspection ${r.reference} is cancelled`, `The ${label(r.kind)} planned for ${formatLongDate(r.fieldwork_start)} is cancelled. Reason: ${input.reason?.trim()}`);
  });
  return getInspection(ctx, inspectionId);
}

function label(kind: string): string {
  return INSPECTION_KIND_LABELS[kind as InspectionKind].replace(/^./, (c) => c.toLowerCase());
}

async function tellContacts(trx: Trx, ctx: ServiceContext, access: InspectionAccess, title: string, body: string): Promise<void> {
  await messageContacts(trx, ctx, access.inspection.id, { title, summary: body, link: inspectionPath(access.inspection.id) });
}

/** The notification: scope, dates, what is asked and by when. */
export async function composeNotification(trx: Trx, access: InspectionAccess): Promise<{ subject: string; summary: string; body: string }> {
  const r = access.inspection;
  const scope = await trx
    .selectFrom('inspection_scope_services as s')
    .leftJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.service_name', 's.recommendations_allowed', 's.recommendations_note', 'o.name as organisation_name'])
    .where('s.inspection_id', '=', r.id)
    .orderBy('s.position')
    .execute();
  const requests = await trx
    .selectFrom('evidence_requests as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(['e.title', 'e.due_date', 'o.name as organisation_name'])
    .where('e.inspection_id', '=', r.id)
    .orderBy('e.due_date')
    .orderBy('e.position')
    .execute();
  const subjectName = r.subject_type === 'area'
    ? `${r.area_name}`
    : ((await trx.selectFrom('organisations').select('name').where('id', '=', r.subject_organisation_id ?? '').executeTakeFirst())?.name ?? '');
  const kind = INSPECTION_KIND_LABELS[r.kind as InspectionKind];
  const when = r.fieldwork_start === r.fieldwork_end ? `on ${formatLongDate(r.fieldwork_start)}` : `from ${formatLongDate(r.fieldwork_start)} to ${formatLongDate(r.fieldwork_end)}`;
  const lines: string[] = [];
  lines.push(`${kind} of ${subjectName} (${r.reference}).`, `Fieldwork runs ${when}. Notice: ${NOTICE_TYPE_LABELS[r.notice_type as NoticeType].toLowerCase()}.`);
  if (r.partner_inspectorates.length) lines.push(`This is a joint inspection with ${r.partner_inspectorates.join(', ')}.`);
  if (r.key_questions.length) lines.push(`Key questions: ${parseKeyQuestions(r.key_questions).map(keyQuestionName).join(', ')}.`);
  if (scope.length) {
    lines.push('', 'Services in scope:');
    for (const s of scope) {
      lines.push(`- ${s.service_name}${s.organisation_name ? ` (${s.organisation_name})` : ''}${s.recommendations_allowed ? '' : ` - ${s.recommendations_note}`}`);
    }
  }
  lines.push('', 'What we are asking you to do:');
  if (requests.length) {
    for (const q of requests) lines.push(`- Send "${q.title}" (${q.organisation_name}) by ${formatLongDate(q.due_date)}`);
  }
  if (r.case_list_request) lines.push(`- Send a case list: ${r.case_list_request}${r.case_list_due_date ? ` by ${formatLongDate(r.case_list_due_date)}` : ''}`);
  if (!requests.length && !r.case_list_request) lines.push('- Nothing yet: the inspection team will tell you what they need.');
  lines.push('', 'Use the inspection workspace to send documents, assign them to colleagues and upload the case list.');
  const first = requests[0]?.due_date ?? r.case_list_due_date;
  return {
    subject: `${kind}: ${subjectName}, fieldwork ${when}`,
    summary: `${kind} of ${subjectName}: fieldwork ${when}. ${requests.length} document request${requests.length === 1 ? '' : 's'}${first ? `, first due ${formatLongDate(first)}` : ''}${r.case_list_request ? '; a case list is requested' : ''}.`,
    body: lines.join('\n'),
  };
}

async function sendNotification(trx: Trx, ctx: ServiceContext, access: InspectionAccess): Promise<void> {
  const r = access.inspection;
  const message = await composeNotification(trx, access);
  const names = await messageContacts(trx, ctx, r.id, {
    title: message.subject,
    summary: message.summary,
    emailBody: message.body,
    link: inspectionPath(r.id),
    signOff: `${access.user.name}
Lead inspector`,
  });
  await addTimelineEvent(trx, ctx, r.id, { kind: 'notification_sent', summary: `Notification sent to ${names.join(', ')}`, visibleToOrganisation: true });
}

