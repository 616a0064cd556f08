/**
 * Background jobs (graphile-worker): in the server process by default, or as a
 * separate `inspectorate worker` process when scaled out. Jobs can be queued in the
 * same transaction as the change that causes them (graphile_worker.add_job).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Logger as GraphileLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Db } from '../data/database.js';
import { errorFields, type Logger } from '../logger.js';
import { forgetOldHeartbeats, HEARTBEAT_SECONDS, recordHeartbeat, removeHeartbeat } from '../services/jobs/job-monitor.service.js';
import { closeReportRenderer, keepRendererThroughSignals } from '../web/reports/report-pdf.renderer.js';
import { buildTaskList, crontab } from './tasks/index.js';

export interface WorkerDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  logger: Logger;
}

const heartbeats = new WeakMap<Runner, { stop(): Promise<void> }>();

export async function startWorker(deps: WorkerDeps, opts: { concurrency?: number } = {}): Promise<Runner> {
  // stopWorker closes the warm Chromium once running renders finish; signals must not close it first.
  keepRendererThroughSignals();
  const taskList: TaskList = buildTaskList(deps);
  const runner = await run({
    pgPool: deps.pool,
    concurrency: opts.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    ...(crontab() ? { crontab: crontab() } : { parsedCronItems: [] }),
    logger: graphileLogger(deps.logger),
  });
  heartbeats.set(runner, await startHeartbeat(deps));
  return runner;
}

/** Records every HEARTBEAT_SECONDS that this worker is alive, for /health and the jobs page. */
async function startHeartbeat(deps: WorkerDeps): Promise<{ stop(): Promise<void> }> {
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const startedAt = new Date();
  const beat = () =>
    recordHeartbeat(deps.db, workerId, startedAt).catch((e: unknown) => deps.logger.warn({ error: errorFields(e) }, 'worker heartbeat not recorded'));
  await forgetOldHeartbeats(deps.db).catch(() => undefined);
  await beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_SECONDS * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await removeHeartbeat(deps.db, workerId).catch(() => undefined);
    },
  };
}

/** Stops taking jobs, lets running ones finish, then closes the warm Chromium the PDF job keeps (so no browser process outlives the worker). */
export async function stopWorker(runner: Runner, opts: { graceMs?: number } = {}): Promise<void> {
  await heartbeats.get(runner)?.stop();
  let timer: NodeJS.Timeout | undefined;
  // A job still running after the grace period (a long render) is left to graphile-worker's recovery:
  // its lock expires and another worker (or the next start) runs it again.
  await Promise.race([runner.stop().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, opts.graceMs ?? 3_000)))]);
  clearTimeout(timer);
  await closeReportRenderer();
}

function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope: plainScope(scope), ...plainMeta(meta) };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}

/** graphile-worker's scope and meta can hold whole job rows, errors and pg clients: keep one event's facts. */
function plainScope(scope: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['label', 'workerId', 'taskIdentifier', 'jobId'] as const) if (scope[key] !== undefined) out[key] = scope[key];
  return out;
}

function plainMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'error' || key === 'err' || value instanceof Error) out['error'] = errorFields(value);
    else if (key === 'job' && value && typeof value === 'object') {
      const job = value as { id?: unknown; task_identifier?: unknown; attempts?: unknown; max_attempts?: unknown };
      out['job'] = { id: job.id, task: job.task_identifier, attempts: job.attempts, maxAttempts: job.max_attempts };
    } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}
