/** daily_inspection_summary: each morning, every participant of an open inspection with something overdue or due soon gets one email (issue 15). */
import type { Task } from 'graphile-worker';
import { systemClock } from '../../services/context.js';
import { sendDailySummaries } from '../../services/work/due-soon.service.js';
import type { WorkerDeps } from '../worker.js';

export function dailyInspectionSummaryTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const n = await sendDailySummaries({ db: deps.db, clock: systemClock, config: deps.config, logger: deps.logger });
    helpers.logger.info(`daily_inspection_summary: ${n} email(s) queued`);
  };
}
