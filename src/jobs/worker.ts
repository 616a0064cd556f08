/**
 * Background jobs (graphile-worker): in the server process by default, or as a
 * separate `inspectorate worker` process when scaled out. Jobs can be queued in the
 * same transaction as the change that causes them (graphile_worker.add_job).
 */
import { Logger as GraphileLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Db } from '../data/database.js';
import type { Logger } from '../logger.js';
import { closeReportRenderer } from '../web/reports/report-pdf.renderer.js';
import { buildTaskList, crontab } from './tasks/index.js';

export interface WorkerDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  logger: Logger;
}

export async function startWorker(deps: WorkerDeps, opts: { concurrency?: number } = {}): Promise<Runner> {
  const taskList: TaskList = buildTaskList(deps);
  return run({
    pgPool: deps.pool,
    concurrency: opts.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    ...(crontab() ? { crontab: crontab() } : { parsedCronItems: [] }),
    logger: graphileLogger(deps.logger),
  });
}

/** Stops taking jobs, lets running ones finish, then closes the warm Chromium the PDF job keeps (so no browser process outlives the worker). */
export async function stopWorker(runner: Runner): Promise<void> {
  await runner.stop();
  await closeReportRenderer();
}

function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope, meta };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
