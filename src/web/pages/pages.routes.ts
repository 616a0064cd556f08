import type { FastifyInstance } from 'fastify';

/** Static information pages every service needs. */
export async function infoPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/accessibility', async (_request, reply) => reply.view('pages/views/accessibility.njk', {}));
  app.get('/cookies', async (_request, reply) => reply.view('pages/views/cookies.njk', {}));
}
