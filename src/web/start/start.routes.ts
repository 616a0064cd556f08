import type { FastifyInstance } from 'fastify';

export async function startRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (_request, reply) => reply.view('start/views/start.njk', {}));
}
