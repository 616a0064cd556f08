import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../data/database.js';
import { workerHealth } from '../../services/jobs/job-monitor.service.js';

/**
 * GET /health: 200 when the database answers, 503 when it does not; the process keeps running.
 * Also reports the job worker (status ok/late/none and its last heartbeat) and how many jobs failed
 * an attempt in the last hour.
 */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.get('/health', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await Promise.race([
        sql`select 1`.execute(opts.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 3_000).unref()),
      ]);
      // The worker may run in another process (or not yet): its state is reported, not a reason for 503.
      const worker = await workerHealth(opts.db).catch(() => null);
      return reply.code(200).send({
        status: 'ok',
        database: 'ok',
        worker: worker ? { status: worker.status, lastHeartbeat: worker.lastHeartbeat, running: worker.workers } : { status: 'unknown', lastHeartbeat: null, running: 0 },
        failedJobsLastHour: worker?.failedJobsLastHour ?? null,
      });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unavailable' });
    }
  });
}
