import type { FastifyInstance } from 'fastify';
import { howWeRatePage } from './how-we-rate.view-model.js';

/** GET /how-we-rate: public, no sign-in. The page is generated from the rules engine's own data. */
export async function howWeRateRoutes(app: FastifyInstance): Promise<void> {
  const page = howWeRatePage();
  app.get('/how-we-rate', async (_request, reply) => reply.view('how-we-rate/views/how-we-rate.njk', page));
}
