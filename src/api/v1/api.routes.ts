/**
 * The JSON API, /api/v1: everything the inspection pages can do, over the same services.
 * Registered in src/web/app.ts with the prefix /api/v1.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../data/database.js';
import type { Clock } from '../../domain/shared/clock.js';
import { requireUser } from '../../services/authorisation.js';
import { registerBearerAuth } from './bearer-auth.js';
import { casesRoutes } from './cases.routes.js';
import { evidenceRoutes } from './evidence.routes.js';
import { enforcementRoutes } from './enforcement.routes.js';
import { fieldworkRoutes } from './fieldwork.routes.js';
import { judgementRoutes } from './judgement.routes.js';
import { inspectionsRoutes } from './inspections.routes.js';
import { buildOpenApi, collectRoutes } from './openapi.js';
import { apiSchema } from './schemas.js';
import { afterReportApiRoutes } from './after-report.routes.js';
import { programmeRoutes } from './programme.routes.js';
import { subjectsRoutes } from './subjects.routes.js';
import { reportsRoutes } from './reports.routes.js';
import { tokensRoutes } from './tokens.routes.js';
import { uploadsRoutes } from './uploads.routes.js';
import { providerPortalApiRoutes } from './provider-portal.routes.js';

export interface ApiDeps {
  db: Db;
  clock: Clock;
}

export async function apiV1Routes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  registerBearerAuth(app, deps);
  const routes = collectRoutes(app);
  // API answers must never be cached by shared caches: they are per user.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'private, no-store');
  });

  app.get('/openapi.json', { schema: apiSchema({ summary: 'This OpenAPI document', tags: ['meta'], public: true }) }, async () => buildOpenApi(routes, app.prefix));
  app.get('/me', { schema: apiSchema({ summary: 'Who the token or session acts as', tags: ['meta'] }) }, async (request) => requireUser(request.serviceContext()));

  await app.register(inspectionsRoutes);
  await app.register(evidenceRoutes);
  await app.register(uploadsRoutes);
  await app.register(casesRoutes);
  await app.register(programmeRoutes);
  await app.register(subjectsRoutes);
  await app.register(tokensRoutes);
  await app.register(reportsRoutes);
  await app.register(fieldworkRoutes);
  await app.register(judgementRoutes);
  await app.register(enforcementRoutes);
  await app.register(afterReportApiRoutes);
  await app.register(providerPortalApiRoutes);
}
