import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../data/database.js';

/** GET /health: 200 when the database answers, 503 when it does not; the process keeps running. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.get('/health', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await Promise.race([
        sql`select 1`.execute(opts.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 3_000).unref()),
      ]);
      return reply.code(200).send({ status: 'ok', database: 'ok' });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unavailable' });
    }
  });
}
