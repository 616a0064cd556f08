/**
 * The daily follow-up of action plans (run by the action_plan_follow_up job): a reminder to the
 * organisation before an action is due, and an escalation once it is overdue, to the
 * organisation's admins and the inspection's lead inspector and manager. Email and in-app.
 * Each action gets at most one of each: re-running the job the same day sends nothing new.
 */
import { followUpDue } from '../../domain/action-plans/action-plan.js';
import { formatDate } from '../../domain/shared/dates.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { organisationPeople } from './action-plan.service.js';
import { actionPlanPath } from '../../domain/shared/app-paths.js';

export async function runActionPlanFollowUp(ctx: ServiceContext): Promise<{ reminders: number; escalations: number }> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const candidates = await ctx.db
    .selectFrom('action_plan_actions as a')
    .innerJoin('action_plans as p', 'p.id', 'a.plan_id')
    .innerJoin('inspections as i', 'i.id', 'p.inspection_id')
    .select(['a.id', 'a.title', 'a.owner_name', 'a.due_date', 'a.status', 'a.reminder_sent_at', 'a.escalated_at', 'p.inspection_id', 'i.reference'])
    .where('a.status', 'not in', ['completed', 'verified', 'withdrawn'])
    .execute();
  let reminders = 0;
  let escalations = 0;
  for (const c of candidates) {
    const due = followUpDue({ status: c.status, dueDate: c.due_date, reminderSent: c.reminder_sent_at !== null, escalated: c.escalated_at !== null }, today);
    if (!due) continue;
    await inTransaction(ctx, async (trx) => {
      // Claim the action: another worker that got here first has already sent it.
      const column = due.kind === 'reminder' ? 'reminder_sent_at' : 'escalated_at';
      const claimed = await trx.updateTable('action_plan_actions').set({ [column]: ctx.clock.now() }).where('id', '=', c.id).where(column, 'is', null).returning('id').executeTakeFirst();
      if (!claimed) return;
      const link = actionPlanPath(c.inspection_id);
      const subject = due.kind === 'reminder' ? `Action due by ${formatDate(c.due_date)}: ${c.title}` : `Action overdue: ${c.title}`;
      const body = `${c.reference}: "${c.title}" (owner ${c.owner_name}). ${due.reason}`;
      const people =
        due.kind === 'reminder'
          ? await organisationPeople(trx, c.inspection_id)
          : [
              ...(await organisationPeople(trx, c.inspection_id, true)),
              ...(await trx
                .selectFrom('inspection_team')
                .innerJoin('users', 'users.id', 'inspection_team.user_id')
                .select(['users.id', 'users.email'])
                .where('inspection_team.inspection_id', '=', c.inspection_id)
                .where('inspection_team.role', 'in', ['lead_inspector', 'inspection_manager'])
                .where('users.status', '=', 'active')
                .execute()),
            ];
      for (const p of people) {
        await notify(trx, { userId: p.id, title: subject.slice(0, 200), body, link });
        await queueEmail(trx, ctx, { to: p.email, subject, text: `${body}\n\n${ctx.config.baseUrl}${link}` });
      }
      await trx.insertInto('action_plan_updates').values({ action_id: c.id, at: ctx.clock.now(), user_id: null, kind: due.kind, note: `${due.reason} Sent to ${people.length} ${people.length === 1 ? 'person' : 'people'}.` }).execute();
      await recordAudit(trx, ctx, { action: due.kind === 'reminder' ? 'ACTION_PLAN_REMINDER_SENT' : 'ACTION_PLAN_OVERDUE_ESCALATED', subjectType: 'action_plan_action', subjectId: c.id, after: { due_date: c.due_date, recipients: people.length } });
      if (due.kind === 'reminder') reminders++;
      else escalations++;
    });
  }
  return { reminders, escalations };
}
