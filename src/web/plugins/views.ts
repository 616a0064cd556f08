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

type ExportedCallback = (err: unknown, exported?: Record<string, unknown>) => void;
interface TemplateWithExports {
  getExported(ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback): void;
  inspectorateExports?: Record<string, unknown>;
}

/**
 * `{% from "x.njk" import y %}` (without context) makes Nunjucks run x.njk's top level again on
 * every render, and every GOV.UK component's template imports others, each time it is called: a
 * large part of a register page's rendering. What that import gives cannot differ between renders
 * (x.njk runs with an empty context; macros take what they use as arguments), so it is kept on the
 * compiled template, which Nunjucks itself keeps (noCache: false). An import `with context` sees the
 * render's variables and is never kept.
 */
export function keepImportedMacros(templateClass: { prototype: TemplateWithExports }): void {
  const proto = templateClass.prototype;
  if ((proto as { inspectorateKeepsExports?: boolean }).inspectorateKeepsExports) return;
  const original = proto.getExported;
  proto.getExported = function getExported(this: TemplateWithExports, ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback): void {
    if (typeof ctx !== 'function' || parentFrame !== undefined) return original.call(this, ctx, parentFrame, cb);
    const done = ctx as ExportedCallback;
    if (this.inspectorateExports) return done(null, this.inspectorateExports);
    original.call(this, (err: unknown, exported?: Record<string, unknown>) => {
      if (!err && exported) this.inspectorateExports = exported;
      done(err, exported);
    });
  };
  (proto as { inspectorateKeepsExports?: boolean }).inspectorateKeepsExports = true;
}

/** Nunjucks over our templates and the GOV.UK / MOJ component macros. Autoescape is on. */
export async function registerViews(app: FastifyInstance, projectRoot: string): Promise<void> {
  const searchPaths = [
    path.join(projectRoot, 'src', 'web'),
    path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
    path.join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
  ];
  keepImportedMacros(nunjucks.Template as unknown as { prototype: TemplateWithExports });
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
