import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, TooManyRequestsError, ValidationError } from '../../services/errors.js';
import { setPageLocals } from './context.js';

/** JSON adapters answer with the error envelope; everything else gets a GOV.UK page. */
export function wantsJson(request: FastifyRequest): boolean {
  const url = request.url;
  return url.startsWith('/api/') || url.startsWith('/public/v1') || url === '/health';
}

export function sendJsonError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/** What a person reads when the framework refuses a request before any form could re-render. */
export function plainClientError(status: number, validation: boolean): string {
  if (status === 413) return 'What you sent is too large. Go back, make it shorter or send fewer or smaller files, and try again.';
  if (status === 415) return 'What you sent could not be read. Go back and try again.';
  if (validation) return 'Some of what you sent could not be read. Go back, check your answers and try again.';
  return 'Your request could not be completed. Go back and try again.';
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return sendJsonError(reply, 404, 'not_found', `No resource at ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).view('errors/views/404.njk', {});
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // An error thrown before preHandler (a refused CSRF token, say) still gets the full layout.
    if (!wantsJson(request)) setPageLocals(request, reply);
    if (error instanceof ServiceError) {
      if (error instanceof TooManyRequestsError) reply.header('Retry-After', String(error.retryAfterSeconds));
      if (wantsJson(request)) {
        const message = error instanceof ValidationError ? error.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : error.message;
        return sendJsonError(reply, error.status, error.code, message);
      }
      if (error.status === 404) return reply.code(404).view('errors/views/404.njk', {});
      if (error.status === 401) return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
      return reply.code(error.status).view('errors/views/problem.njk', { status: error.status, message: error.message });
    }
    if (isBusy(error)) {
      // A lock wait or statement that ran past its limit (DB_LOCK_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS), or
      // no free connection: the service is busy, not broken; nothing was stored.
      request.log.warn({ err: error, reference: request.id }, 'database busy');
      reply.header('Retry-After', '5');
      const message = 'The service is busy. Nothing was saved. Try again in a few seconds.';
      if (wantsJson(request)) return sendJsonError(reply, 503, 'busy', message);
      return reply.code(503).view('errors/views/problem.njk', { status: 503, message });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      // Framework-level client errors: bad JSON, schema validation, body too large, etc.
      const code = error.validation ? 'bad_request' : (error.code ?? 'bad_request').toLowerCase();
      const message = error.validation ? `${error.validationContext ?? 'request'} ${error.message}` : error.message;
      if (wantsJson(request)) return sendJsonError(reply, status, code, message);
      // Validator and parser text ("body/x must NOT have …") is for developers: people get plain words.
      return reply.code(status).view('errors/views/problem.njk', { status, message: plainClientError(status, Boolean(error.validation)) });
    }
    request.log.error({ err: error, reference: request.id }, 'unhandled error');
    if (wantsJson(request)) return sendJsonError(reply, 500, 'internal_error', `Sorry, there is a problem with the service. Reference: ${request.id}`);
    return reply.code(500).view('errors/views/500.njk', { reference: request.id });
  });
}

/** lock_not_available, query_canceled (statement_timeout), or the pool's wait for a connection. */
function isBusy(error: FastifyError): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '55P03' || code === '57014' || /timeout exceeded when trying to connect/.test(error.message ?? '');
}
