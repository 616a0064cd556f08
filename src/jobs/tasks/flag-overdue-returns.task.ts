/** flag_overdue_information_returns: daily, tells the inspection team about information returns past their deadline (issue 19). */
import type { Task } from 'graphile-worker';
import { newCorrelationId, systemActor, systemClock } from '../../services/context.js';
import { flagOverdueReturns } from '../../services/provider-portal/information-returns.service.js';
import type { WorkerDeps } from '../worker.js';

export function flagOverdueReturnsTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const n = await flagOverdueReturns({ db: deps.db, actor: systemActor('information_returns'), correlationId: newCorrelationId(), clock: systemClock, config: deps.config, logger: deps.logger });
    helpers.logger.info(`flag_overdue_information_returns: ${n} return(s) flagged`);
  };
}
