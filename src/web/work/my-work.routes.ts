/** GET /my-work: the person's work queues and what is due in the next 5 working days. */
import type { FastifyInstance } from 'fastify';
import { getMyDueSoon } from '../../services/work/due-soon.service.js';
import { listMyQueues } from '../../services/work/queues.service.js';
import { buildMyWork } from './my-work.view-model.js';

export async function myWorkRoutes(app: FastifyInstance): Promise<void> {
  app.get('/my-work', async (request, reply) => {
    const ctx = request.serviceContext();
    const view = buildMyWork(await listMyQueues(ctx), await getMyDueSoon(ctx));
    return reply.view('work/views/my-work.njk', { pageTitle: view.pageTitle, view });
  });
}
