/**
 * Builds the fastify application: pages (src/web), JSON APIs (src/api) and health,
 * all over the same services. Nothing here holds state between requests.
 */
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../data/database.js';
import type { Clock } from '../domain/shared/clock.js';
import type { Logger } from '../logger.js';
import { systemClock } from '../services/context.js';
import { healthRoutes } from './health/health.routes.js';
import { howWeRateRoutes } from './how-we-rate/how-we-rate.routes.js';
import { infoPageRoutes } from './pages/pages.routes.js';
import { contextPlugin } from './plugins/context.js';
import { csrfPlugin } from './plugins/csrf.js';
import { registerErrorHandlers } from './plugins/errors.js';
import { registerFormLimits } from './plugins/form-limits.js';
import { registerReflow } from './plugins/reflow.js';
import { registerStatic } from './plugins/static.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { registerViews } from './plugins/views.js';
import { sessionPlugin } from './plugins/session.js';
import { routeGuardPlugin } from './plugins/route-guard.js';
import { hardeningPlugin } from './plugins/hardening.js';
import { adminRoutes } from './admin/admin.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { myWorkRoutes } from './work/my-work.routes.js';
import { downloadRoutes } from './work/downloads.routes.js';
import { organisationRoutes } from './organisations/organisations.routes.js';
import { inspectionPageRoutes } from './inspections/inspections.routes.js';
import { tokenPageRoutes } from './account/tokens.routes.js';
import { startRoutes } from './start/start.routes.js';
import { apiV1Routes } from '../api/v1/api.routes.js';
import { fieldworkPageRoutes } from './fieldwork/fieldwork-pages.routes.js';
import { judgementPageRoutes } from './judgement/judgement-pages.routes.js';
import { enforcementPageRoutes } from './enforcement/enforcement-pages.routes.js';
import { registerRoutes } from './register/register.routes.js';
import { reportsPageRoutes } from './reports/reports.routes.js';
import { publicApiRoutes } from '../api/public-v1/public-v1.routes.js';
import { afterReportRoutes } from './after-report.routes.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** A separate small pool for /health, so busy request connections cannot make it fail (server.ts). */
  healthDb?: Db;
  logger: Logger;
  clock?: Clock;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'reference', disableRequestLogging: deps.config.env === 'test' }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });

  registerFormLimits(app);
  registerReflow(app);
  await app.register(securityHeadersPlugin, {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      upgradeInsecureRequests: null,
    },
    strictTransportSecurity: deps.config.env === 'production',
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await registerViews(app, deps.config.projectRoot);
  await registerStatic(app, deps.config.projectRoot);
  await app.register(contextPlugin, { db: deps.db, config: deps.config, clock, logger: deps.logger });
  await app.register(sessionPlugin, { db: deps.db, config: deps.config, clock });
  await app.register(csrfPlugin, { config: deps.config });
  await app.register(routeGuardPlugin);
  await app.register(hardeningPlugin);
  registerErrorHandlers(app);

  await app.register(healthRoutes, { db: deps.healthDb ?? deps.db });
  await app.register(startRoutes);
  await app.register(infoPageRoutes);
  await app.register(howWeRateRoutes);
  await app.register(authRoutes, { config: deps.config });
  await app.register(homeRoutes);
  await app.register(myWorkRoutes);
  await app.register(downloadRoutes);
  await app.register(organisationRoutes);
  await app.register(adminRoutes, { config: deps.config });
  await app.register(registerRoutes);
  await app.register(reportsPageRoutes);
  await app.register(publicApiRoutes, { config: deps.config });
  await app.register(apiV1Routes, { prefix: '/api/v1', db: deps.db, clock });
  await app.register(inspectionPageRoutes);
  await app.register(fieldworkPageRoutes);
  await app.register(judgementPageRoutes);
  await app.register(enforcementPageRoutes);
  await app.register(tokenPageRoutes);
  // Feature routes register here (see docs/adr/0002-feature-folders.md).
  await app.register(afterReportRoutes);

  return app;
}
