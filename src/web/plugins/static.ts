import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** GOV.UK and MOJ assets, served from node_modules, plus our own small assets. */
export async function registerStatic(app: FastifyInstance, projectRoot: string): Promise<void> {
  const nm = path.join(projectRoot, 'node_modules');
  const cache = { maxAge: '1d', immutable: false };
  await app.register(fastifyStatic, { root: path.join(nm, 'govuk-frontend', 'dist', 'govuk', 'assets'), prefix: '/assets/', ...cache });
  await app.register(fastifyStatic, {
    root: path.join(nm, 'govuk-frontend', 'dist', 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/(govuk-frontend\.min\.(css|js)|all\.bundle\.mjs)$/.test(p),
    ...cache,
  });
  await app.register(fastifyStatic, {
    root: path.join(nm, '@ministryofjustice', 'frontend', 'moj'),
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: (p) => /^\/(moj-frontend\.min\.(css|js)|all\.bundle\.mjs|assets\/images\/.*)$/.test(p),
    ...cache,
  });
  await app.register(fastifyStatic, { root: path.join(projectRoot, 'src', 'web', 'public'), prefix: '/assets/app/', decorateReply: false, ...cache });
}
