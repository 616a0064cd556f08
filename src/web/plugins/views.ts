import path from 'node:path';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { REGISTER_TEMPLATE_FUNCTIONS } from '../register/register.html.js';

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
  path?: string;
  getExported(ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback): void;
  inspectorateExports?: Record<string, unknown>;
}

/**
 * What a component macro gave for the same arguments, kept: the header, the service navigation, the
 * phase banner, the breadcrumbs and the search page's filter lists are the same on most public pages.
 * Bounded by the characters kept (keys and output); emptied when full.
 */
export class MacroOutputs {
  private readonly kept = new Map<string, unknown>();
  private readonly byMacro = new Map<string, { tries: number; found: number; skip: number }>();
  private size = 0;
  hits = 0;
  /**
   * A macro whose outputs are seldom asked for again (a location's own details in a summary list)
   * costs more kept than made: when fewer than one in `window / minHits` of its last `window` calls
   * were found, its next `skipCalls` calls just run it, and then it is tried again.
   */
  constructor(
    private readonly maxChars = 4_000_000,
    private readonly window = 256,
    private readonly minHits = 32,
    private readonly skipCalls = 4_096,
  ) {}

  /** The macro itself, answering from what is kept when its arguments are plain data (no `caller`). */
  remember(name: string, macro: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    const answer = (context: unknown, args: unknown[]) => this.answer(name, macro, context, args);
    return function remembered(this: unknown, ...args: unknown[]): unknown {
      return answer(this, args);
    };
  }

  private answer(name: string, macro: (...args: unknown[]) => unknown, context: unknown, args: unknown[]): unknown {
    // A `{% call %}` passes its content as the keyword argument `caller`: never kept. Component
    // arguments are otherwise data (text, HTML, attributes), so their JSON names them.
    const last = args[args.length - 1] as { caller?: unknown } | null | undefined;
    if (last && typeof last === 'object' && last.caller !== undefined) return macro.apply(context, args);
    let seen = this.byMacro.get(name);
    if (!seen) this.byMacro.set(name, (seen = { tries: 0, found: 0, skip: 0 }));
    if (seen.skip > 0) {
      seen.skip--;
      return macro.apply(context, args);
    }
    if (++seen.tries >= this.window) {
      if (seen.found < this.minHits) seen.skip = this.skipCalls;
      seen.tries = 0;
      seen.found = 0;
    }
    let key: string;
    try {
      key = `${name}\u0000${JSON.stringify(args)}`;
    } catch {
      return macro.apply(context, args); // not plain data (a cycle, a BigInt)
    }
    const found = this.kept.get(key);
    if (found !== undefined) {
      this.hits++;
      seen.found++;
      return found;
    }
    const out = macro.apply(context, args);
    const chars = key.length + String(out).length;
    if (chars > this.maxChars / 16) return out;
    if (this.size + chars > this.maxChars) {
      this.kept.clear();
      this.size = 0;
    }
    this.kept.set(key, out);
    this.size += chars;
    return out;
  }
}

/**
 * `{% from "x.njk" import y %}` (without context) makes Nunjucks run x.njk's top level again on
 * every render, and every GOV.UK component's template imports others, each time it is called: a
 * large part of a register page's rendering. What that import gives cannot differ between renders
 * (x.njk runs with an empty context; macros take what they use as arguments), so it is kept on the
 * compiled template, which Nunjucks itself keeps (noCache: false). An import `with context` sees the
 * render's variables and is never kept.
 */
export function keepImportedMacros(templateClass: { prototype: TemplateWithExports }, pure?: { outputs: MacroOutputs; isPure: (templatePath: string) => boolean }): void {
  const proto = templateClass.prototype as TemplateWithExports & { inspectorateOriginalGetExported?: TemplateWithExports['getExported'] };
  const original = proto.inspectorateOriginalGetExported ?? proto.getExported;
  proto.inspectorateOriginalGetExported = original;
  proto.getExported = function getExported(this: TemplateWithExports, ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback): void {
    if (typeof ctx !== 'function' || parentFrame !== undefined) return original.call(this, ctx, parentFrame, cb);
    const done = ctx as ExportedCallback;
    if (this.inspectorateExports) return done(null, this.inspectorateExports);
    original.call(this, (err: unknown, exported?: Record<string, unknown>) => {
      if (!err && exported) {
        // A component macro's output depends on its arguments alone (it is imported without context).
        if (pure && this.path && pure.isPure(this.path)) {
          const templatePath = this.path;
          exported = Object.fromEntries(Object.entries(exported).map(([name, v]) => [name, typeof v === 'function' ? pure.outputs.remember(`${templatePath}#${name}`, v as (...args: unknown[]) => unknown) : v]));
        }
        this.inspectorateExports = exported;
      }
      done(err, exported);
    });
  };
}

interface FrameLike {
  variables: Record<string, unknown>;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  resolve(name: string, forWrite: boolean): FrameLike | undefined;
  inspectorateFastSet?: true;
}

/**
 * Nunjucks's `Frame.set` splits every variable's name on "." to allow dotted names, making a new
 * array for each variable set: every macro argument, every loop variable (seven per turn of a loop,
 * "loop.index" and the rest). A register page sets thousands. The same result: a name without a dot
 * is written directly, and only the loops' dotted names are split, once each.
 */
export function fastFrameSet(frameClass: { prototype: FrameLike }): void {
  const proto = frameClass.prototype;
  if (proto.inspectorateFastSet) return;
  const split = new Map<string, string[]>();
  proto.set = function set(this: FrameLike, name: string, value: unknown, resolveUp?: boolean): void {
    const dot = name.indexOf('.');
    if (resolveUp) {
      const owner = this.resolve(dot === -1 ? name : name.slice(0, dot), true);
      if (owner) {
        owner.set(name, value);
        return;
      }
    }
    if (dot === -1) {
      this.variables[name] = value;
      return;
    }
    let parts = split.get(name);
    if (!parts) {
      parts = name.split('.');
      if (split.size < 1_000) split.set(name, parts);
    }
    let target = this.variables;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i] as string;
      if (!target[id]) target[id] = {};
      target = target[id] as Record<string, unknown>;
    }
    target[parts[parts.length - 1] as string] = value;
  };
  proto.inspectorateFastSet = true;
}

/** The GOV.UK and MOJ component macros' outputs, kept by their arguments (one process, all renders). */
export const componentOutputs = new MacroOutputs();

/** Nunjucks over our templates and the GOV.UK / MOJ component macros. Autoescape is on. */
export async function registerViews(app: FastifyInstance, projectRoot: string): Promise<void> {
  const searchPaths = [
    path.join(projectRoot, 'src', 'web'),
    path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
    path.join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
  ];
  const components = searchPaths.slice(1).map((p) => p + path.sep);
  fastFrameSet((nunjucks.runtime as unknown as { Frame: { prototype: FrameLike } }).Frame);
  keepImportedMacros(nunjucks.Template as unknown as { prototype: TemplateWithExports }, { outputs: componentOutputs, isPure: (file) => components.some((c) => file.startsWith(c)) });
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
        // The register's repeated markup, written in TypeScript (ADR 0010): each returns escaped HTML.
        for (const [name, fn] of Object.entries(REGISTER_TEMPLATE_FUNCTIONS)) configured.addGlobal(name, (...args: never[]) => new nunjucks.runtime.SafeString(fn(...args)));
      },
    },
    // siteName, not serviceName: forms have a field called serviceName (a visit's service), which would shadow it.
    defaultContext: { serviceName: SERVICE_NAME, siteName: SERVICE_NAME },
  });
}
