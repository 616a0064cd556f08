/** escalate_concerns: every 15 minutes, tells the inspection manager about immediate-action concerns not responded to by their deadline. */
import type { Task } from 'graphile-worker';
import { systemClock } from '../../services/context.js';
import { escalateOverdueConcerns } from '../../services/fieldwork/concerns.service.js';
import type { WorkerDeps } from '../worker.js';

export function escalateConcernsTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const n = await escalateOverdueConcerns({ db: deps.db, config: deps.config, clock: systemClock, logger: deps.logger });
    helpers.logger.info(`escalate_concerns: ${n} overdue concern${n === 1 ? '' : 's'} escalated`);
  };
}
