import path from 'node:path';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';

export const SERVICE_NAME = 'Inspectorate';

/**
 * Page titles read "<page> – <inspection or organisation> – Inspectorate" everywhere: a title
 * written "<page>: <subject>" gets the GOV.UK dash; "Error: " (a form with errors) stays first.
 * A value that is not text never becomes "[object Object]".
 */
export function documentTitle(title: unknown): string {
  if (typeof title !== 'string' || !title.trim()) return '';
  const error = title.startsWith('Error: ');
  const rest = (error ? title.slice('Error: '.length) : title).replace(/: (?=\S)/g, ' – ').replace(/\s+/g, ' ').trim();
  return `${error ? 'Error: ' : ''}${rest}`;
}

/** Nunjucks's `trim` filter with String.prototype.trim: the same white space removed, text kept safe or not as it was. */
export function fastTrim(value: unknown): unknown {
  const text = value === null || value === undefined ? '' : String(value);
  return (nunjucks.runtime as unknown as { copySafeness: (a: unknown, b: string) => unknown }).copySafeness(value, text.trim());
}

/** Nunjucks over our templates and the GOV.UK / MOJ component macros. Autoescape is on. */
export async function registerViews(app: FastifyInstance, projectRoot: string): Promise<void> {
  const searchPaths = [
    path.join(projectRoot, 'src', 'web'),
    path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
    path.join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
  ];
  const env = nunjucks.configure(searchPaths, { autoescape: true, noCache: false, throwOnUndefined: false });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: searchPaths,
    options: {
      env,
      onConfigure: (configured: nunjucks.Environment) => {
        configured.addFilter('documentTitle', documentTitle);
        // The GOV.UK macros trim every component's output; nunjucks's own trim is a regular
        // expression run over the whole text (a fifth of a register page's render). Same result.
        configured.addFilter('trim', fastTrim);
      },
    },
    // siteName, not serviceName: forms have a field called serviceName (a visit's service), which would shadow it.
    defaultContext: { serviceName: SERVICE_NAME, siteName: SERVICE_NAME },
  });
}
