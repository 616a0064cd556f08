import type { FastifyInstance } from 'fastify';
import { locationPage, providerPage, searchPage } from './register.handlers.js';

const idParam = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } as const;
const searchQuery = {
  type: 'object',
  properties: {
    // What people type is checked by the page (kept in the box with an error when too long), not refused here.
    q: { type: 'string' },
    near: { type: 'string' },
    ...Object.fromEntries(['type', 'rating', 'localAuthority', 'region', 'careHome', 'service', 'specialism', 'status', 'sort', 'page', 'distance'].map((k) => [k, { type: 'string', maxLength: 200 }])),
    // Keyset paging (Next and Previous): the sort key of the row the page continues from.
    after: { type: 'string', maxLength: 1000 },
    before: { type: 'string', maxLength: 1000 },
  },
} as const;

/** The public register's pages: no sign-in, GET only. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  app.get('/locations', { schema: { querystring: searchQuery } }, searchPage);
  app.get('/locations/:id', { schema: { params: idParam } }, locationPage);
  app.get('/providers/:id', { schema: { params: idParam } }, providerPage);
}
