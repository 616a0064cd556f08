/**
 * The OpenAPI 3.1 document for /api/v1, generated from the JSON schemas of the routes
 * themselves (collected with an onRoute hook), so it cannot drift from what is enforced.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorEnvelope } from './schemas.js';

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

export function collectRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' && !(route.schema as { summary?: string } | undefined)?.summary) continue;
      routes.push({ method: method.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });
  return routes;
}

function parameters(schema: Record<string, unknown>, where: 'path' | 'query'): unknown[] {
  const s = schema[where === 'path' ? 'params' : 'querystring'] as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, sch]) => ({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: sch }));
}

export function buildOpenApi(routes: readonly CollectedRoute[], prefix: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const s = r.schema;
    const body = s['body'];
    const op: Record<string, unknown> = {
      summary: s['summary'] ?? '',
      ...(s['description'] ? { description: s['description'] } : {}),
      tags: s['tags'] ?? [],
      parameters: [...parameters(s, 'path'), ...parameters(s, 'query')],
      ...(body
        ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } }
        : s['consumes']
          ? { requestBody: { required: true, content: Object.fromEntries((s['consumes'] as string[]).map((c) => [c, { schema: { type: 'string', format: 'binary' } }])) } }
          : {}),
      responses: {
        [String(s['successStatus'] ?? 200)]: { description: String(s['responseDescription'] ?? 'Success'), content: { [String(s['produces'] ?? 'application/json')]: {} } },
        default: { description: 'An error: { error: { code, message } }', content: { 'application/json': { schema: errorEnvelope } } },
      },
      security: s['public'] ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inspectorate API',
      version: '1',
      description:
        'Everything the inspection pages can do. Authenticate with a personal access token (`Authorization: Bearer insp_pat_...`, created with POST /api/v1/tokens), which has exactly the permissions of its user, or with a signed-in browser session (writes then need the x-csrf-token header). Errors are `{ "error": { "code", "message" } }`.',
    },
    servers: [{ url: prefix }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal access token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'inspectorate_session' },
      },
    },
    paths: Object.fromEntries(Object.entries(paths).map(([p, v]) => [p.startsWith(prefix) ? p.slice(prefix.length) || '/' : p, v])),
  };
}
