/** action_plan_follow_up: daily, reminders before action-plan actions are due and escalation once overdue. */
import type { Task } from 'graphile-worker';
import { runActionPlanFollowUp } from '../../services/action-plans/action-follow-up.service.js';
import { newCorrelationId, systemActor, systemClock } from '../../services/context.js';
import type { WorkerDeps } from '../worker.js';

export function actionPlanFollowUpTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const r = await runActionPlanFollowUp({ db: deps.db, actor: systemActor('action_plan_follow_up'), correlationId: newCorrelationId(), clock: systemClock, config: deps.config, logger: deps.logger });
    helpers.logger.info(`action_plan_follow_up: ${r.reminders} reminder(s), ${r.escalations} escalation(s)`);
  };
}
