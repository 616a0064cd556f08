/**
 * Forms never lose work: a page form's body schema only says which fields are strings. Length
 * limits belong to the form's own validation (zod at the edge, or the service), which re-renders
 * the form with a message at the field and everything typed. A `maxLength` in a page route's body
 * schema would answer instead with a dead-end error page and lose what the person typed, so this
 * hook takes such limits out of page routes as they are registered. The request body limit
 * (`bodyLimit` in app.ts) still bounds what anyone can send. JSON API routes keep their schemas.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

function isApiUrl(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/public/v1') || url === '/health';
}

/** A copy of a JSON schema without `maxLength` on strings (array and item counts stay). */
export function withoutStringLengthLimits(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutStringLengthLimits);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === 'maxLength') continue;
    out[k] = withoutStringLengthLimits(v);
  }
  return out;
}

export function registerFormLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.method === 'GET' || route.method === 'HEAD' || isApiUrl(route.url)) return;
    const body = route.schema?.body;
    if (body) route.schema = { ...route.schema, body: withoutStringLengthLimits(body) };
  });
}
