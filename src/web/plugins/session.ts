/**
 * Sessions: the `inspectorate_session` cookie holds a random token; PostgreSQL holds its
 * SHA-256 (so a stolen database dump signs nobody in). A live session makes the request's
 * actor that user; an unknown, expired or removed user's session leaves it anonymous.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import type { Db } from '../../data/database.js';
import type { Clock } from '../../domain/shared/clock.js';
import { resolveSession, SESSION_LIFETIME_MS } from '../../services/auth.service.js';

export const SESSION_COOKIE = 'inspectorate_session';
/** A random token that marks a browser someone has signed in from before (issue 14: sign-in throttle). */
export const DEVICE_COOKIE = 'inspectorate_device';
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session's CSRF token (null when anonymous). */
    sessionCsrfToken: string | null;
  }
}

export interface SessionDeps {
  db: Db;
  config: Config;
  clock: Clock;
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/**
 * Cookies carry Secure unless COOKIE_SECURE=false (on by default, as the README says). Browsers
 * accept Secure cookies from http://localhost and http://127.0.0.1, so `npm start` works; set
 * COOKIE_SECURE=false only to test over plain HTTP on another host.
 */
export function secureCookies(_request: FastifyRequest, config: Pick<Config, 'cookieSecure' | 'env'>): boolean {
  return config.cookieSecure;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'cookieSecure' | 'env'>, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(request, config),
    path: '/',
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export function deviceToken(request: FastifyRequest): string | undefined {
  return request.cookies[DEVICE_COOKIE];
}

/** Only the sign-in form needs it, so the browser sends it nowhere else. */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'cookieSecure' | 'env'>, token: string): void {
  reply.setCookie(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies(request, config), path: '/sign-in', maxAge: DEVICE_COOKIE_MAX_AGE_S });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'cookieSecure' | 'env'>): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookies(request, config), path: '/' });
}

/** Static assets and health checks never need to know who is asking. */
function skipsSession(url: string): boolean {
  return url.startsWith('/assets/') || url === '/health' || url.startsWith('/public/v1');
}

export const sessionPlugin = fp(
  async (app: FastifyInstance, deps: SessionDeps) => {
    app.decorateRequest('sessionCsrfToken', null);
    app.addHook('onRequest', async (request) => {
      request.sessionCsrfToken = null;
      const token = sessionToken(request);
      if (!token || skipsSession(request.url)) return;
      const session = await resolveSession(deps, token);
      if (!session) return;
      request.actor = { kind: 'user', user: session.user };
      request.sessionCsrfToken = session.csrfToken;
    });
  },
  { name: 'inspectorate-session' },
);
