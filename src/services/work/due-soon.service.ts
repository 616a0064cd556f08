/**
 * "Due in the next 5 working days" for each participant, and the daily summary email while an
 * inspection is open. Items: evidence requests addressed to the organisation, concerns it must
 * answer, its factual accuracy deadline, the visits coming up to its services (the team: its
 * visits) and the action-plan actions it owns. Only what still matters: withdrawn requests,
 * requests on a published (or closed, cancelled) inspection, answered concerns, visits that have
 * happened and actions done or withdrawn never show.
 */
import type { Executor } from '../../data/database.js';
import { inspectionIdsInvolving, organisationFamily, participationKinds, servicesConcerning } from '../../data/repositories/inspection.repository.js';
import { CLOSED } from '../../domain/action-plans/action-plan.js';
import { LEAD_PARTICIPATION } from '../../domain/access/permissions.js';
import { formatClock } from '../../domain/shared/dates.js';
import { ownerOf } from '../action-plans/action-plan.service.js';
import { concernsOrganisation } from '../inspections/inspection-access.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { actionStillOwed, inspectionFinished, splitDueSoon, visitStillAhead, type DueItem, type DueSoonView } from '../../domain/inspection/due-soon.js';
import { visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import { inTransaction, newCorrelationId, systemActor, type ServiceContext } from '../context.js';
import { queueEmail } from '../mail.service.js';
import { actionPlanPath, concernPath, inspectionPath, myWorkPath, reportPath, requestPath, visitPath } from '../../domain/shared/app-paths.js';

/** The states in which a participant is sent a daily summary. */
export const OPEN_FOR_SUMMARY: readonly InspectionState[] = ['notified', 'fieldwork', 'judgement', 'draft_report', 'factual_accuracy', 'publication_ready'];

const NONE = ['00000000-0000-0000-0000-000000000000'];
const excerpt = (text: string, n = 120) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
const clock = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return formatClock(h ?? 0, m ?? 0);
};

/**
 * Items on one inspection for these organisations (null: the team's view). Evidence requests,
 * concerns and the factual accuracy deadline while the inspection is open; the visits coming up (to
 * the organisation's services, or the team's); and, for an organisation, the action-plan actions it
 * owns until they are done or withdrawn (the plan is written after publication).
 */
export async function dueItemsFor(db: Executor, inspection: Pick<InspectionRow, 'id' | 'reference' | 'state' | 'subject_organisation_id' | 'lead_commissioner_id'>, organisationIds: readonly string[] | null, today: string): Promise<DueItem[]> {
  const items: DueItem[] = [];
  const orgs = organisationIds ? (organisationIds.length ? [...organisationIds] : NONE) : null;
  if (orgs) {
    const actions = await db
      .selectFrom('action_plan_actions as a')
      .innerJoin('action_plans as p', 'p.id', 'a.plan_id')
      .select(['a.id', 'a.title', 'a.due_date', 'a.status', 'a.owner_organisation_id'])
      .where('p.inspection_id', '=', inspection.id)
      .where('a.status', 'not in', [...CLOSED])
      .execute();
    for (const a of actions) {
      const owner = ownerOf(inspection, a);
      if (!owner || !orgs.includes(owner) || !actionStillOwed(a.status, inspection.state)) continue;
      items.push({ kind: 'action', title: `Action: ${excerpt(a.title)}`, due: a.due_date, link: actionPlanPath(inspection.id), inspectionReference: inspection.reference, open: true });
    }
  }
  if (inspectionFinished(inspection.state)) return items;
  let evidence = db.selectFrom('evidence_requests').select(['id', 'title', 'due_date', 'status']).where('inspection_id', '=', inspection.id).where('status', '=', 'requested');
  if (orgs) evidence = evidence.where('organisation_id', 'in', orgs);
  for (const e of await evidence.execute()) items.push({ kind: 'evidence', title: e.title, due: e.due_date, link: requestPath(inspection.id, e.id), inspectionReference: inspection.reference, open: true });
  let concerns = db.selectFrom('concerns').select(['id', 'what', 'respond_by']).where('inspection_id', '=', inspection.id).where('responded_at', 'is', null).where('closed_at', 'is', null);
  if (orgs) concerns = concerns.where('organisation_id', 'in', orgs);
  for (const c of await concerns.execute()) items.push({ kind: 'concern', title: `Respond to the concern: ${c.what}`, due: londonDate(c.respond_by), link: concernPath(inspection.id, c.id), inspectionReference: inspection.reference, open: true });
  if (inspection.state === 'factual_accuracy') {
    let fa = db
      .selectFrom('fa_recipients as f')
      .innerJoin('inspection_reports as r', 'r.id', 'f.report_id')
      .select(['f.due', 'f.extended_due', 'f.organisation_id'])
      .where('r.inspection_id', '=', inspection.id)
      .where('r.stage', '=', 'factual_accuracy')
      .where('f.submitted_at', 'is', null);
    if (orgs) fa = fa.where('f.organisation_id', 'in', orgs);
    for (const f of await fa.execute()) items.push({ kind: 'factual_accuracy', title: 'Send factual accuracy comments on the draft report', due: f.extended_due ?? f.due, link: reportPath(inspection.id, '/factual-accuracy'), inspectionReference: inspection.reference, open: true });
  }
  // Visits: to the organisation's services (the lead organisation coordinates them all), or the team's.
  const visits = await db.selectFrom('programme_visits').select(['id', 'service_name', 'organisation_id', 'visit_date', 'start_time', 'end_time', 'place']).where('inspection_id', '=', inspection.id).where('visit_date', '>=', today).orderBy('visit_date').orderBy('start_time').execute();
  if (visits.length) {
    const who = orgs
      ? { isLead: (await participationKinds(db, inspection, orgs)).some((k) => LEAD_PARTICIPATION.includes(k)), organisationIds: orgs, services: await servicesConcerning(db, inspection.id, orgs) }
      : null;
    for (const v of visits) {
      if (who && !concernsOrganisation(who, { organisationId: v.organisation_id, serviceNames: [v.service_name] })) continue;
      items.push({ kind: 'visit', title: `Visit: ${v.service_name} at ${v.place}, ${clock(v.start_time)} to ${clock(v.end_time)}`, due: v.visit_date, link: visitPath(inspection.id, v.id), inspectionReference: inspection.reference, open: visitStillAhead(v.visit_date, today, inspection.state) });
    }
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
    for (const i of mine) items.push(...(await dueItemsFor(ctx.db, i, null, today)));
  } else {
    const family = await organisationFamily(ctx.db, user.organisationId);
    const ids = await inspectionIdsInvolving(ctx.db, family);
    const rows = ids.length ? await ctx.db.selectFrom('inspections').selectAll().where('id', 'in', ids).execute() : [];
    for (const i of rows.filter((r) => visibleToOrganisation(r.state as InspectionState, r.notified_at))) items.push(...(await dueItemsFor(ctx.db, i, family, today)));
  }
  return splitDueSoon(items, today);
}

function summaryText(name: string, reference: string, view: DueSoonView<DueItem>, baseUrl: string, inspectionId: string): string {
  const line = (i: DueItem) => `- ${i.title}: ${i.kind === 'visit' ? 'on' : 'due'} ${formatLongDate(i.due)} (${baseUrl}${i.link})`;
  return [
    `Dear ${name},`,
    '',
    `Your daily summary for inspection ${reference}.`,
    '',
    ...(view.overdue.length ? [`Overdue (${view.overdue.length}):`, ...view.overdue.map(line), ''] : []),
    ...(view.dueSoon.length ? [`Due in the next 5 working days, to ${formatLongDate(view.window.to)} (${view.dueSoon.length}):`, ...view.dueSoon.map(line), ''] : []),
    `See the inspection: ${baseUrl}${inspectionPath(inspectionId)}`,
    `Everything due for you: ${baseUrl}${myWorkPath()}`,
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
      const view = splitDueSoon(await dueItemsFor(deps.db, inspection, family, today), today);
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
