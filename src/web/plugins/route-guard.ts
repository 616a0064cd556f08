/**
 * Every route is checked against the declared table (src/domain/access/route-rules.ts) before its
 * handler runs: a role the table never allows for that route's action is answered exactly as the
 * services would answer it (sign in first; otherwise "not found"). The services then make the
 * finer check on the record itself (team, participation, four-eyes) with the same table.
 *
 * The plugin also keeps the list of registered routes, so the route x role matrix test can walk
 * every route fastify knows and fail for a route without a rule.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { roleMayEver, writeScopeFor } from '../../domain/access/permissions.js';
import { ruleForRoute, tokenScopeForRoute, type RouteRule } from '../../domain/access/route-rules.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../services/errors.js';

export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The scopes of the personal access token the request came with (null: a browser session). */
    tokenScopes: string[] | null;
  }
  interface FastifyInstance {
    /** Every route registered on the app (method and URL pattern), for the route x role matrix test. */
    registeredRoutes: RegisteredRoute[];
  }
}

/**
 * A token may read with `read`; a write needs the route's own token scope when it has one
 * (ROUTE_TOKEN_SCOPES), else the action's write scope; tokens never manage tokens.
 */
function requireTokenScope(scopes: readonly string[], method: string, rule: Exclude<RouteRule, { access: 'public' }>, routeScope: string | null): void {
  const actions = rule.access === 'action' ? rule.actions : [];
  if (actions.includes('account.manage_tokens') && method !== 'GET') throw new ForbiddenError('A personal access token cannot create or revoke tokens or change their scopes: sign in to manage them');
  if (method === 'GET' || method === 'HEAD') {
    if (!scopes.includes('read')) throw new ForbiddenError('This token does not have the read scope');
    return;
  }
  if (routeScope) {
    if (!scopes.includes(routeScope)) throw new ForbiddenError(`This token does not have the ${routeScope} scope: sign in and give it the scope on your API tokens page`);
    return;
  }
  const needed = actions.map(writeScopeFor);
  if (!needed.some((s) => s !== null && scopes.includes(s))) {
    const named = needed.filter((s): s is NonNullable<typeof s> => s !== null);
    throw new ForbiddenError(named.length ? `This token does not have the ${named[0]} scope` : 'This cannot be done with a personal access token');
  }
}

export const routeGuardPlugin = fp(
  async (app: FastifyInstance) => {
    const routes: RegisteredRoute[] = [];
    app.decorate('registeredRoutes', routes);
    app.decorateRequest('tokenScopes', null);
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        routes.push({ method, url: route.url });
      }
    });
    // preValidation: after authentication (onRequest) and CSRF, before the body is validated, so a role
    // the table refuses learns nothing from validation messages.
    app.addHook('preValidation', async (request) => {
      const pattern = request.routeOptions.url;
      if (!pattern) return; // not found: the 404 handler answers
      const rule = ruleForRoute(request.method === 'HEAD' ? 'GET' : request.method, pattern);
      if (!rule || rule.access === 'public') return;
      const user = request.signedInUser();
      if (!user) throw new UnauthenticatedError();
      if (request.tokenScopes) requireTokenScope(request.tokenScopes, request.method, rule, tokenScopeForRoute(request.method, pattern));
      if (rule.access === 'signed_in') return;
      if (rule.actions.some((a) => roleMayEver(user.role, a))) return;
      // Reading: the page does not exist for this role. Acting: refused whatever the record (it says
      // nothing about whether the record exists, since the rule depends on the role alone).
      if (request.method === 'GET' || request.method === 'HEAD') throw new NotFoundError();
      throw new ForbiddenError('Your role does not allow this');
    });
  },
  { name: 'inspectorate-route-guard' },
);
