import path from 'node:path';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';

export const SERVICE_NAME = 'Inspectorate';

/** Nunjucks over our templates and the GOV.UK / MOJ component macros. Autoescape is on. */
export async function registerViews(app: FastifyInstance, projectRoot: string): Promise<void> {
  const searchPaths = [
    path.join(projectRoot, 'src', 'web'),
    path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
    path.join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
  ];
  const env = nunjucks.configure(searchPaths, { autoescape: true, noCache: false, throwOnUndefined: false });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: searchPaths,
    options: { env },
    defaultContext: { serviceName: SERVICE_NAME },
  });
}
