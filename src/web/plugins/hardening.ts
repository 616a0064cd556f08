/**
 * Small protections every response gets (issue 14, item 9):
 *  - a NUL byte (raw or %00) in the path or query is refused with 400 before any handler or
 *    database call sees it (PostgreSQL rejects NUL in text, which used to surface as a 500);
 *  - so is a NUL in any field of a parsed form or JSON body (a feedback form, sign-in, the API),
 *    checked after parsing and before validation or any handler;
 *  - every page served to a signed-in person carries `Cache-Control: no-store`, so draft reports
 *    under embargo and personal data never stay in a shared or back-button cache.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../../services/errors.js';

export function hasNul(url: string): boolean {
  return url.includes('\u0000') || /%00/i.test(url);
}

/** Does any string (or key) in this parsed body contain a NUL? Deeply nested bodies count as yes. */
export function bodyHasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (depth > 32) return true;
  if (Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => bodyHasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || bodyHasNul(v, depth + 1));
}

export const hardeningPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      if (hasNul(request.url)) throw new ValidationError([{ field: 'url', message: 'The address contains a character that is not allowed' }]);
    });
    app.addHook('preValidation', async (request) => {
      if (bodyHasNul(request.body)) throw new ValidationError([{ field: 'body', message: 'The form contains a character that is not allowed' }]);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.actor?.kind === 'user') reply.header('Cache-Control', 'no-store');
      return payload;
    });
  },
  { name: 'inspectorate-hardening' },
);
