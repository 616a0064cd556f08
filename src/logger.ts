import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that must never reach a log line. */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["ocp-apim-subscription-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.passwordHash',
  '*.password_hash',
  'body.password',
  'body._csrf',
];

/** Secrets in paths (reset and invitation links) and query strings (_csrf, tokens) never reach a log line. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/(password-reset|invitations|group-feedback)\/[^/?#]+/g, '/$1/[redacted]')
    .replace(/([?&](?:_csrf|token|access_token|code)=)[^&#]*/gi, '$1[redacted]');
}

/** Pino's request serializer, with the URL redacted. */
function requestSerializer(req: { method?: string; url?: string; id?: unknown; hostname?: string; remoteAddress?: string }): Record<string, unknown> {
  return { method: req.method, url: redactUrl(String(req.url ?? '')), id: req.id, hostname: req.hostname, remoteAddress: req.remoteAddress };
}

/** `destination` may be a stream (tests read what would be logged). */
export function createLogger(level: string, destination: 'stdout' | 'stderr' | pino.DestinationStream = 'stdout'): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { req: requestSerializer } },
    typeof destination === 'string' ? pino.destination(destination === 'stderr' ? 2 : 1) : destination,
  );
}

/**
 * What a log line says about an error: its message and code (and, for database errors, the SQLSTATE
 * and constraint), never the object itself, which for pg errors can carry a whole client.
 */
export function errorFields(e: unknown): { message: string; code?: string; constraint?: string } {
  if (!(e instanceof Error) && (typeof e !== 'object' || e === null)) return { message: String(e) };
  const err = e as { message?: unknown; code?: unknown; constraint?: unknown };
  const out: { message: string; code?: string; constraint?: string } = { message: typeof err.message === 'string' ? err.message : String(e) };
  if (typeof err.code === 'string' || typeof err.code === 'number') out.code = String(err.code);
  if (typeof err.constraint === 'string') out.constraint = err.constraint;
  return out;
}

/**
 * The pool's error handler for a process that serves requests or runs jobs: one warning line per
 * connection lost, with the error's message and code (never the client). While the process is
 * stopping, the server ending its connections (57P01, as the embedded PostgreSQL stops) is expected
 * and logged at debug level.
 */
export function logLostConnections(logger: Logger, stopping: () => boolean = () => false): (e: Error) => void {
  return (e) => {
    const error = errorFields(e);
    if (stopping() && error.code === '57P01') logger.debug({ error }, 'database connection closed by shutdown');
    else logger.warn({ error }, 'database connection lost');
  };
}
