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
