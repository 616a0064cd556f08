/**
 * Background jobs, for administrators: GET /admin/jobs lists failed, retrying and stuck jobs;
 * POST /admin/jobs/:id/retry runs one again now (audited as JOB_RETRIED).
 */
import type { FastifyInstance } from 'fastify';
import { listProblemJobs, retryJob } from '../../services/jobs/job-monitor.service.js';
import { jobsPage } from './jobs.view-model.js';

const idParams = { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } }, required: ['id'] } };

export async function jobsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/jobs', { schema: { querystring: { type: 'object', properties: { retried: { type: 'string', pattern: '^[0-9]{1,18}$' } } } } }, async (request, reply) => {
    const jobs = await listProblemJobs(request.serviceContext());
    return reply.header('Cache-Control', 'no-store').view('admin/views/jobs.njk', jobsPage(jobs, { retried: (request.query as { retried?: string }).retried }));
  });

  app.post('/admin/jobs/:id/retry', { schema: idParams }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await retryJob(request.serviceContext(), id);
    return reply.redirect(`/admin/jobs?retried=${id}`, 303);
  });
}
