import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../services/authorisation.js';
import { listMyNotifications } from '../../services/notifications.service.js';
import { homePage } from './home.view-model.js';

/** GET /home: a signed-in person's notifications and the places their role takes them. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/home', { schema: { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const notifications = await listMyNotifications(ctx);
    return reply.view('home/views/home.njk', homePage(user, notifications, (request.query as { notice?: string }).notice));
  });
}
