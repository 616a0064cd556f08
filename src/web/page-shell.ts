/**
 * Pages whose template takes only a title and content (HTML written by the handler) are filled into
 * their layout rendered once: the template is rendered with slots for the title, the content and the
 * CSP nonce, cut at the slots, and each answer joins the pieces with its own values. The register's
 * location page (ADR 0010) spent more on rendering the GOV.UK layout around its content than on the
 * content. What a layout shows depends on who asks and where (the navigation, who is signed in), so
 * the rendered layout is kept per template and per layout view model; page-shell.test.ts checks the
 * filled page against the template rendered whole.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { escapeHtml } from './escape-html.js';
import { documentTitle } from './plugins/views.js';

const SLOT = /\u0000(title|content|nonce)\u0000/;
const slot = (name: string) => `\u0000${name}\u0000`;

/** Where a page's CSP nonce goes (the public page cache keeps its pages with this in the nonce's place too). */
export const NONCE_SLOT = slot('nonce');

type Piece = string | { slot: 'title' | 'content' | 'nonce' };

/** A page to fill in: its template (one that shows `pageTitle` and `content | safe`) and the two values. */
export interface ShellPage {
  template: string;
  pageTitle: string;
  content: string;
}

/** The page rendered by its template from start to end (what a filled shell must equal). */
export function renderShellPageWhole(reply: FastifyReply, page: ShellPage): Promise<string> {
  return reply.viewAsync(page.template, { pageTitle: page.pageTitle, content: new nunjucks.runtime.SafeString(page.content) });
}

export class PageShells {
  private readonly shells = new Map<string, Piece[]>();
  constructor(private readonly maxShells = 100) {}

  /** The page as `reply.view(template, { pageTitle, content })` would render it. */
  async render(request: FastifyRequest, reply: FastifyReply, page: ShellPage): Promise<string> {
    const title = documentTitle(page.pageTitle);
    const locals = (reply as unknown as { locals?: Record<string, unknown> }).locals ?? {};
    const nonce = locals['cspNonce'];
    // A page without a title is laid out differently (the site's name alone), so it is rendered whole.
    if (!title || (nonce !== undefined && typeof nonce !== 'string')) return renderShellPageWhole(reply, page);
    const key = `${page.template}\u0001${nonce === undefined ? '' : 'nonce'}\u0001${JSON.stringify(locals['layout'] ?? null)}`;
    let pieces = this.shells.get(key);
    if (!pieces) {
      const rendered = await request.server.view(page.template, {
        ...locals,
        pageTitle: slot('title'),
        content: new nunjucks.runtime.SafeString(slot('content')),
        ...(nonce === undefined ? {} : { cspNonce: NONCE_SLOT }),
      });
      pieces = rendered.split(SLOT).map((text, i) => (i % 2 ? { slot: text as 'title' | 'content' | 'nonce' } : text));
      if (this.shells.size >= this.maxShells) this.shells.clear();
      this.shells.set(key, pieces);
    }
    const values = { title: escapeHtml(title), content: page.content, nonce: nonce ?? '' };
    let html = '';
    for (const p of pieces) html += typeof p === 'string' ? p : values[p.slot];
    return html;
  }
}
