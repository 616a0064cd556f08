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
import { roleMayEver } from '../../domain/access/permissions.js';
import { ruleForRoute } from '../../domain/access/route-rules.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../services/errors.js';

export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app (method and URL pattern), for the route x role matrix test. */
    registeredRoutes: RegisteredRoute[];
  }
}

export const routeGuardPlugin = fp(
  async (app: FastifyInstance) => {
    const routes: RegisteredRoute[] = [];
    app.decorate('registeredRoutes', routes);
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
