/**
 * Watching the background jobs: worker heartbeats, jobs that failed or are stuck, and a retry for
 * administrators. graphile-worker deletes a job when it succeeds and keeps it (with its last error)
 * while it is being retried and after its last attempt, so what is left in its table is what needs
 * attention.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../../data/database.js';
import { recordAudit } from '../audit.service.js';
import { requireAllowed } from '../access.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';

/** A worker heartbeats every HEARTBEAT_SECONDS; one silent for LATE_AFTER_SECONDS is reported late. */
export const HEARTBEAT_SECONDS = 15;
export const LATE_AFTER_SECONDS = 60;
/** A job locked for longer than this is treated as stuck (its worker died or hangs). */
export const STUCK_AFTER_MINUTES = 15;

export async function recordHeartbeat(db: Db, workerId: string, startedAt: Date): Promise<void> {
  await sql`
    insert into worker_heartbeats (worker_id, hostname, pid, started_at, last_seen_at)
    values (${workerId}, ${os.hostname()}, ${process.pid}, ${startedAt}, now())
    on conflict (worker_id) do update set last_seen_at = now()`.execute(db);
}

export async function removeHeartbeat(db: Db, workerId: string): Promise<void> {
  await sql`delete from worker_heartbeats where worker_id = ${workerId}`.execute(db);
}

export async function forgetOldHeartbeats(db: Db): Promise<void> {
  await sql`delete from worker_heartbeats where last_seen_at < now() - interval '1 day'`.execute(db);
}

export interface WorkerHealth {
  /** ok: a worker heartbeat in the last minute; late: older; none: no worker has run. */
  status: 'ok' | 'late' | 'none';
  lastHeartbeat: string | null;
  workers: number;
  failedJobsLastHour: number;
}

export async function workerHealth(db: Db): Promise<WorkerHealth> {
  const beat = await sql<{ last: Date | null; live: number }>`
    select max(last_seen_at) as last,
           count(*) filter (where last_seen_at > now() - make_interval(secs => ${LATE_AFTER_SECONDS}))::int as live
    from worker_heartbeats`.execute(db);
  const failed = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.jobs
    where last_error is not null and updated_at > now() - interval '1 hour'`.execute(db);
  const row = beat.rows[0];
  const last = row?.last ? new Date(row.last) : null;
  return {
    status: !last ? 'none' : (row?.live ?? 0) > 0 ? 'ok' : 'late',
    lastHeartbeat: last ? last.toISOString() : null,
    workers: row?.live ?? 0,
    failedJobsLastHour: failed.rows[0]?.n ?? 0,
  };
}

export const JOB_STATES = ['failed', 'retrying', 'stuck'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface ProblemJob {
  id: string;
  task: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  updatedAt: Date;
  lockedAt: Date | null;
  lockedBy: string | null;
  payloadSummary: string;
}

const stateSql = sql<JobState>`case
  when locked_at is not null and locked_at < now() - make_interval(mins => ${STUCK_AFTER_MINUTES}) then 'stuck'
  when attempts >= max_attempts then 'failed'
  else 'retrying' end`;

/** Jobs that failed for good, are waiting to be retried after an error, or are stuck: newest first. */
export async function listProblemJobs(ctx: ServiceContext): Promise<ProblemJob[]> {
  requireAllowed(ctx, 'jobs.manage');
  const { rows } = await sql<{
    id: string;
    task_identifier: string;
    state: JobState;
    attempts: number;
    max_attempts: number;
    last_error: string | null;
    run_at: Date;
    updated_at: Date;
    locked_at: Date | null;
    locked_by: string | null;
    payload: unknown;
  }>`
    select j.id::text, t.identifier as task_identifier, ${stateSql} as state, attempts, max_attempts, last_error, run_at, updated_at, locked_at, locked_by, payload
    from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where (last_error is not null and locked_at is null)
       or (locked_at is not null and locked_at < now() - make_interval(mins => ${STUCK_AFTER_MINUTES}))
    order by updated_at desc
    limit 200`.execute(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    task: r.task_identifier,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error ? firstLine(r.last_error) : null,
    runAt: new Date(r.run_at),
    updatedAt: new Date(r.updated_at),
    lockedAt: r.locked_at ? new Date(r.locked_at) : null,
    lockedBy: r.locked_by,
    payloadSummary: summarise(r.payload),
  }));
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}

/** Ids only: payloads may hold personal data (an email's recipient), so the page shows which record, not what. */
function summarise(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return '';
  return Object.entries(payload as Record<string, unknown>)
    .filter(([k, v]) => /id$/i.test(k) && (typeof v === 'string' || typeof v === 'number'))
    .map(([k, v]) => `${k.replace(/Id$/i, '').replace(/^./, (c) => c.toUpperCase())} ${String(v)}`)
    .join(', ');
}

/**
 * Runs the job again now, with its attempts counted from zero. A stuck job is first released from the
 * worker holding it (which, if it was only slow, may finish it too: every job here is safe to run twice).
 */
export async function retryJob(ctx: ServiceContext, jobId: string): Promise<void> {
  requireAllowed(ctx, 'jobs.manage');
  if (!/^\d{1,18}$/.test(jobId)) throw new NotFoundError('There is no such job');
  await ctx.db.transaction().execute(async (trx) => {
    const found = await sql<{ id: string; task_identifier: string; attempts: number; last_error: string | null; locked_by: string | null; state: JobState }>`
      select id::text, task_identifier, attempts, last_error, locked_by, ${stateSql} as state from graphile_worker.jobs where id = ${jobId}::bigint`.execute(trx);
    const job = found.rows[0];
    if (!job) throw new NotFoundError('There is no such job: it may have succeeded meanwhile');
    if (job.state === 'stuck' && job.locked_by) {
      await sql`update graphile_worker._private_jobs set locked_at = null, locked_by = null where id = ${jobId}::bigint`.execute(trx);
    }
    await sql`select id from graphile_worker.reschedule_jobs(array[${jobId}::bigint], run_at => now(), attempts => 0::smallint)`.execute(trx);
    await recordAudit(trx, ctx, {
      action: 'JOB_RETRIED',
      subjectType: 'job',
      subjectId: jobId,
      before: { task: job.task_identifier, state: job.state, attempts: job.attempts, lastError: job.last_error ? firstLine(job.last_error) : null },
      after: { attempts: 0 },
    });
  });
}
