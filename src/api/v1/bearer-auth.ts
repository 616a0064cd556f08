/**
 * `Authorization: Bearer <personal access token>` makes the request's actor the token's user,
 * so every service applies that user's permissions. A request with a bad token is refused
 * (401), never treated as anonymous. Without a bearer token, a signed-in browser session
 * (set by the session plugin) is used; its writes need the CSRF token (plugins/csrf.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../data/database.js';
import type { Clock } from '../../domain/shared/clock.js';
import { authenticatePersonalAccessToken } from '../../services/api-tokens/personal-access-tokens.service.js';
import { UnauthenticatedError } from '../../services/errors.js';

export function registerBearerAuth(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header === '') return;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new UnauthenticatedError('Send a personal access token as "Authorization: Bearer <token>"');
    }
    const found = await authenticatePersonalAccessToken(deps, m[1], request.ip);
    if (!found) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new UnauthenticatedError('The access token is not valid: it may have expired or been revoked');
    }
    request.actor = { kind: 'user', user: found.user };
    request.tokenScopes = found.scopes;
  });
}
