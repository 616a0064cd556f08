/**
 * CSRF protection for every state-changing request to a page route. The token travels in
 * the form field `_csrf` (for a multipart upload: its first field, read before any file part,
 * see multipart-csrf.ts) or the `x-csrf-token` header, never in the URL. Signed-in users' token
 * is their session's; anonymous visitors get a double-submit cookie. Without a valid token: 403
 * and nothing changes.
 *
 * Exempt: the read-only public API (/public/v1) and /api requests that carry an
 * `Authorization: Bearer` token (they are not sent by a browser on its own; the API
 * authenticates the token itself).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { ForbiddenError } from '../../services/errors.js';
import { randomToken, sameSecret } from '../../services/tokens.js';
import { multipartBoundary, peekMultipartCsrf } from './multipart-csrf.js';
import { secureCookies } from './session.js';

export const CSRF_COOKIE = 'inspectorate_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FAILED_MESSAGE = 'The form you sent has expired or did not come from this service, so nothing was changed. Go back, refresh the page and try again.';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function exempt(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path === '/public/v1' || path.startsWith('/public/v1/')) return true;
  const authorization = request.headers.authorization;
  return path.startsWith('/api/') && typeof authorization === 'string' && /^Bearer\s+\S+/i.test(authorization);
}

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string' && header) return header;
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body[CSRF_FIELD] === 'string') return body[CSRF_FIELD] as string;
  return undefined;
}

/** The token the request must present: the session's when signed in, else the double-submit cookie. */
function expectedToken(request: FastifyRequest): string | undefined {
  return request.sessionCsrfToken ?? request.cookies[CSRF_COOKIE];
}

export function csrfTokenValid(request: FastifyRequest, submitted = submittedToken(request)): boolean {
  return sameSecret(submitted, expectedToken(request));
}

/** The header's token, or for a multipart form the value of its first field when that is `_csrf`. */
async function tokenOf(request: FastifyRequest): Promise<string | undefined> {
  const found = submittedToken(request);
  if (found) return found;
  const boundary = multipartBoundary(request.headers['content-type']);
  return boundary ? peekMultipartCsrf(request.raw, boundary, CSRF_FIELD) : undefined;
}

/**
 * The token for this response's forms, made only when a template outputs it: pages without
 * forms set no cookie and write nothing. (Nunjucks prints values with toString().)
 */
function lazyCsrfToken(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'cookieSecure' | 'env'>): { toString(): string } {
  let token: string | undefined;
  return {
    toString() {
      if (token) return token;
      token = request.sessionCsrfToken ?? request.cookies[CSRF_COOKIE];
      if (!token) {
        token = randomToken();
        // A session cookie (no max age): it goes when the browser closes.
        reply.setCookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies(request, config), path: '/' });
        request.cookies[CSRF_COOKIE] = token;
      }
      return token;
    },
  };
}

export const csrfPlugin = fp(
  async (app: FastifyInstance, deps: { config: Config }) => {
    app.addHook('preValidation', async (request, reply) => {
      const locals = ((reply as unknown as { locals?: Record<string, unknown> }).locals ??= {});
      locals['csrfToken'] = lazyCsrfToken(request, reply, deps.config);
      if (!UNSAFE_METHODS.has(request.method) || exempt(request)) return;
      if (!csrfTokenValid(request, await tokenOf(request))) {
        request.log.warn({ reference: request.id, url: request.url.split('?')[0] }, 'request refused: missing or invalid CSRF token');
        throw new ForbiddenError(CSRF_FAILED_MESSAGE);
      }
    });
  },
  { name: 'inspectorate-csrf' },
);
