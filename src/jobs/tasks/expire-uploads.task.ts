/** expire_uploads: daily, closes unfinished evidence uploads past their expiry and deletes their partial bytes. */
import type { Task } from 'graphile-worker';
import { systemClock } from '../../services/context.js';
import { expireUploads } from '../../services/inspections/uploads.service.js';
import type { WorkerDeps } from '../worker.js';

export function expireUploadsTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const n = await expireUploads({ db: deps.db, config: deps.config, clock: systemClock });
    helpers.logger.info(`expire_uploads: ${n} unfinished upload${n === 1 ? '' : 's'} expired`);
  };
}
