/**
 * Hand-offs: when a report moves to a stage someone on the regulator's side must act on, that
 * person (or everyone who may) is told, in-app and by email through the outbox, with a link to
 * the page where they act. Called from setStage (report-common.ts), inside its transaction, so a
 * move that rolls back tells nobody. The organisation's own hand-offs (factual accuracy, the
 * decisions) go through messageContacts in the services that make them.
 */
import type { Trx } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import type { ReportStage } from '../../domain/reports/report-stages.js';
import type { ServiceContext } from '../context.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { myWorkPath, reportPath } from '../../domain/shared/app-paths.js';

interface Person {
  id: string;
  name: string;
  email: string;
}

async function teamMembers(trx: Trx, inspectionId: string, role: string): Promise<Person[]> {
  return trx
    .selectFrom('inspection_team as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('t.inspection_id', '=', inspectionId)
    .where('t.role', '=', role)
    .where('u.status', '=', 'active')
    .execute();
}

/** The team's inspection manager(s), or every inspection manager when the team has none. */
export async function managersFor(trx: Trx, inspectionId: string): Promise<Person[]> {
  const team = await teamMembers(trx, inspectionId, 'inspection_manager');
  if (team.length) return team;
  return trx.selectFrom('users').select(['id', 'name', 'email']).where('role', '=', 'inspection_manager').where('status', '=', 'active').orderBy('name').execute();
}

/** Factual accuracy reviewers independent of the inspection (never on its team). */
export async function independentReviewers(trx: Trx, inspectionId: string): Promise<Person[]> {
  return trx
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'factual_accuracy_reviewer')
    .where('status', '=', 'active')
    .where('id', 'not in', trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', inspectionId))
    .orderBy('name')
    .execute();
}

export async function tellPeople(trx: Trx, ctx: Pick<ServiceContext, 'config'>, people: readonly Person[], message: { title: string; body: string; link: string }): Promise<void> {
  for (const p of people) {
    await notify(trx, { userId: p.id, title: message.title, body: message.body, link: message.link });
    await queueEmail(trx, ctx, { to: p.email, subject: message.title, text: `Dear ${p.name},\n\n${message.body}\n\nOpen it: ${ctx.config.baseUrl}${message.link}\n\nYour work queue: ${ctx.config.baseUrl}${myWorkPath()}\n` });
  }
}

/** Tells whoever must act now that the report has moved from `from` to `to`. */
export async function announceHandOff(trx: Trx, ctx: Pick<ServiceContext, 'config'>, inspection: Pick<InspectionRow, 'id' | 'reference'>, reportId: string, from: ReportStage, to: ReportStage): Promise<void> {
  const ref = inspection.reference;
  const base = reportPath(inspection.id);
  if (to === 'awaiting_approval') {
    await tellPeople(trx, ctx, await managersFor(trx, inspection.id), { title: `Draft report ${ref} waiting for approval`, body: `The draft report of inspection ${ref} is waiting for your approval.`, link: `${base}/review` });
  } else if (to === 'drafting' && (from === 'awaiting_approval' || from === 'approved')) {
    const review = await trx.selectFrom('report_reviews').select('comments').where('report_id', '=', reportId).where('decision', '=', 'returned').orderBy('decided_at', 'desc').executeTakeFirst();
    const comments = review?.comments?.trim() ?? '';
    await tellPeople(trx, ctx, await teamMembers(trx, inspection.id, 'lead_inspector'), {
      title: `Draft report ${ref} returned`,
      body: comments ? `The inspection manager returned the draft report with comments:\n\n${comments.slice(0, 2000)}` : 'The inspection manager returned the draft report.',
      link: base,
    });
  } else if (to === 'approved') {
    await tellPeople(trx, ctx, await teamMembers(trx, inspection.id, 'lead_inspector'), { title: `Draft report ${ref} approved`, body: `The draft report of inspection ${ref} is approved: send it to the organisations for factual accuracy.`, link: base });
  } else if (to === 'fa_review') {
    await tellPeople(trx, ctx, await independentReviewers(trx, inspection.id), { title: `Factual accuracy comments to decide: ${ref}`, body: `The organisations have answered the factual accuracy check of inspection ${ref}. Decide each comment.`, link: `${base}/factual-accuracy/review` });
  } else if (to === 'publication_ready') {
    await tellPeople(trx, ctx, await managersFor(trx, inspection.id), { title: `Report ${ref} ready to publish`, body: `Every factual accuracy comment on inspection ${ref} is decided: the report is ready to publish.`, link: base });
  }
}
