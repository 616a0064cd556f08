/** GET /monitoring: services ranked by risk score, each with the reasons behind it. */
import type { FastifyInstance } from 'fastify';
import { rankLocations } from '../../services/monitoring/monitoring.service.js';
import { monitoringPage } from './monitoring.view-model.js';

export async function monitoringRoutes(app: FastifyInstance): Promise<void> {
  app.get('/monitoring', { schema: { querystring: { type: 'object', properties: { localAuthority: { type: 'string', maxLength: 200 }, icb: { type: 'string', maxLength: 200 } } } } }, async (request, reply) => {
    const localAuthority = (request.query as { localAuthority?: string }).localAuthority ?? '';
    const icb = (request.query as { icb?: string }).icb ?? '';
    const result = await rankLocations(request.serviceContext(), { localAuthority: localAuthority || undefined, icb: icb || undefined });
    const view = monitoringPage(result, localAuthority, icb);
    return reply.view('monitoring/views/monitoring.njk', { view, pageTitle: view.pageTitle });
  });
}
