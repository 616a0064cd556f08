/**
 * "Due in the next 5 working days" for each participant, and the daily summary email while an
 * inspection is open. Items: evidence requests addressed to the organisation, concerns it must
 * answer, its factual accuracy deadline. Only what still matters: withdrawn requests, requests on
 * a published (or closed, cancelled) inspection and answered concerns never show.
 */
import type { Executor } from '../../data/database.js';
import { inspectionIdsInvolving, organisationFamily } from '../../data/repositories/inspection.repository.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { inspectionFinished, splitDueSoon, type DueItem, type DueSoonView } from '../../domain/inspection/due-soon.js';
import { visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import { inTransaction, newCorrelationId, systemActor, type ServiceContext } from '../context.js';
import { queueEmail } from '../mail.service.js';

/** The states in which a participant is sent a daily summary. */
export const OPEN_FOR_SUMMARY: readonly InspectionState[] = ['notified', 'fieldwork', 'judgement', 'draft_report', 'factual_accuracy', 'publication_ready'];

/** Items on one inspection for these organisations (null: every organisation, the team's view). */
export async function dueItemsFor(db: Executor, inspection: Pick<InspectionRow, 'id' | 'reference' | 'state'>, organisationIds: readonly string[] | null): Promise<DueItem[]> {
  if (inspectionFinished(inspection.state)) return [];
  const items: DueItem[] = [];
  let evidence = db.selectFrom('evidence_requests').select(['id', 'title', 'due_date', 'status']).where('inspection_id', '=', inspection.id).where('status', '=', 'requested');
  if (organisationIds) evidence = evidence.where('organisation_id', 'in', organisationIds.length ? [...organisationIds] : ['00000000-0000-0000-0000-000000000000']);
  for (const e of await evidence.execute()) items.push({ kind: 'evidence', title: e.title, due: e.due_date, link: `/inspections/${inspection.id}/evidence/${e.id}`, inspectionReference: inspection.reference, open: true });
  let concerns = db.selectFrom('concerns').select(['id', 'what', 'respond_by']).where('inspection_id', '=', inspection.id).where('responded_at', 'is', null).where('closed_at', 'is', null);
  if (organisationIds) concerns = concerns.where('organisation_id', 'in', organisationIds.length ? [...organisationIds] : ['00000000-0000-0000-0000-000000000000']);
  for (const c of await concerns.execute()) items.push({ kind: 'concern', title: `Respond to the concern: ${c.what}`, due: londonDate(c.respond_by), link: `/inspections/${inspection.id}/concerns/${c.id}`, inspectionReference: inspection.reference, open: true });
  if (inspection.state === 'factual_accuracy') {
    let fa = db
      .selectFrom('fa_recipients as f')
      .innerJoin('inspection_reports as r', 'r.id', 'f.report_id')
      .select(['f.due', 'f.extended_due', 'f.organisation_id'])
      .where('r.inspection_id', '=', inspection.id)
      .where('r.stage', '=', 'factual_accuracy')
      .where('f.submitted_at', 'is', null);
    if (organisationIds) fa = fa.where('f.organisation_id', 'in', organisationIds.length ? [...organisationIds] : ['00000000-0000-0000-0000-000000000000']);
    for (const f of await fa.execute()) items.push({ kind: 'factual_accuracy', title: 'Send factual accuracy comments on the draft report', due: f.extended_due ?? f.due, link: `/inspections/${inspection.id}/report/factual-accuracy`, inspectionReference: inspection.reference, open: true });
  }
  return items;
}

/** The signed-in person's overdue and due-soon items across the inspections they take part in. */
export async function getMyDueSoon(ctx: ServiceContext): Promise<DueSoonView<DueItem>> {
  const user = requireUser(ctx);
  const today = londonDate(ctx.clock.now());
  const items: DueItem[] = [];
  if (isRegulatorRole(user.role)) {
    const mine = await ctx.db.selectFrom('inspections as i').innerJoin('inspection_team as t', 't.inspection_id', 'i.id').selectAll('i').where('t.user_id', '=', user.id).execute();
    for (const i of mine) items.push(...(await dueItemsFor(ctx.db, i, null)));
  } else {
    const family = await organisationFamily(ctx.db, user.organisationId);
    const ids = await inspectionIdsInvolving(ctx.db, family);
    const rows = ids.length ? await ctx.db.selectFrom('inspections').selectAll().where('id', 'in', ids).execute() : [];
    for (const i of rows.filter((r) => visibleToOrganisation(r.state as InspectionState, r.notified_at))) items.push(...(await dueItemsFor(ctx.db, i, family)));
  }
  return splitDueSoon(items, today);
}

function summaryText(name: string, reference: string, view: DueSoonView<DueItem>, baseUrl: string, inspectionId: string): string {
  const line = (i: DueItem) => `- ${i.title}: due ${formatLongDate(i.due)} (${baseUrl}${i.link})`;
  return [
    `Dear ${name},`,
    '',
    `Your daily summary for inspection ${reference}.`,
    '',
    ...(view.overdue.length ? [`Overdue (${view.overdue.length}):`, ...view.overdue.map(line), ''] : []),
    ...(view.dueSoon.length ? [`Due in the next 5 working days, to ${formatLongDate(view.window.to)} (${view.dueSoon.length}):`, ...view.dueSoon.map(line), ''] : []),
    `See the inspection: ${baseUrl}/inspections/${inspectionId}`,
    `Everything due for you: ${baseUrl}/my-work`,
    '',
  ].join('\n');
}

/**
 * The daily_inspection_summary job: for every open inspection, each participating organisation
 * with something overdue or due soon gets one email to each of its contacts on the inspection.
 * Once per organisation and day (daily_summaries), so a rerun sends nothing twice.
 */
export async function sendDailySummaries(deps: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'logger'>): Promise<number> {
  const today = londonDate(deps.clock.now());
  const open = await deps.db.selectFrom('inspections').selectAll().where('state', 'in', [...OPEN_FOR_SUMMARY]).execute();
  let sent = 0;
  for (const inspection of open) {
    const contacts = await deps.db.selectFrom('inspection_contacts').select(['organisation_id', 'name', 'email']).where('inspection_id', '=', inspection.id).orderBy('position').execute();
    const byOrg = new Map<string, { name: string; email: string }[]>();
    for (const c of contacts) byOrg.set(c.organisation_id, [...(byOrg.get(c.organisation_id) ?? []), c]);
    for (const [organisationId, people] of byOrg) {
      const family = await organisationFamily(deps.db, organisationId);
      const view = splitDueSoon(await dueItemsFor(deps.db, inspection, family), today);
      if (!view.overdue.length && !view.dueSoon.length) continue;
      const ctx: ServiceContext = { ...deps, actor: systemActor('daily_inspection_summary'), correlationId: newCorrelationId() };
      const done = await inTransaction(ctx, async (trx) => {
        const claimed = await trx
          .insertInto('daily_summaries')
          .values({ inspection_id: inspection.id, organisation_id: organisationId, summary_date: today, recipients: people.length, items: view.overdue.length + view.dueSoon.length, sent_at: ctx.clock.now() })
          .onConflict((oc) => oc.doNothing())
          .returning('inspection_id')
          .executeTakeFirst();
        if (!claimed) return 0;
        for (const p of people) {
          await queueEmail(trx, ctx, { to: p.email, subject: `Daily summary: ${inspection.reference}: ${view.overdue.length} overdue, ${view.dueSoon.length} due soon`, text: summaryText(p.name, inspection.reference, view, ctx.config.baseUrl, inspection.id) });
        }
        return people.length;
      });
      sent += done;
    }
  }
  return sent;
}
