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

export function createLogger(level: string, destination: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: '[redacted]' } },
    pino.destination(destination === 'stderr' ? 2 : 1),
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
