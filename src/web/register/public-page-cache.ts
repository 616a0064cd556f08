/**
 * Rendered public register pages, kept per process and keyed by URL, the public pages'
 * generation and the day. Rendering a GOV.UK page costs far more CPU than its queries; most
 * visitors ask for the same pages. A page is reused only while nothing it could show has
 * changed anywhere (the generation moves in the same transaction as any such change, whichever
 * process made it) and on the same day (rating ages and overdue flags move with the date).
 *
 * Only pages for people who are not signed in are kept, and never a page that set a cookie or
 * carries a form token. The CSP nonce of the inline script is put back fresh on every answer.
 * A page is kept from its second view (SecondView): one asked for once costs nothing kept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicPagesGeneration } from '../../services/register/public-pages.service.js';
import { today } from '../../services/register/register.service.js';
import { CSRF_FIELD } from '../plugins/csrf.js';
import { NONCE_SLOT, PageShells, renderShellPageWhole, type ShellPage } from '../page-shell.js';

interface Entry {
  generation: string;
  day: string;
  html: string;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly maxEntries: number) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A generation no newer than the database's now: the newest this process has read. The counter only
 * grows, so a page read after it was read can be kept under it: the page can only look older than
 * it is, and is read again the first time it is asked for after the next change.
 */
export class SeenGeneration {
  private newest: bigint | null = null;

  saw(generation: string): void {
    const g = BigInt(generation);
    if (this.newest === null || g > this.newest) this.newest = g;
  }

  get known(): boolean {
    return this.newest !== null;
  }

  /** Before any generation is read: one no page can match. */
  get lowerBound(): string {
    return this.newest === null ? 'unknown' : String(this.newest);
  }
}

/**
 * Pages asked for once and not again (most of a national register's long tail) are not worth
 * keeping: keeping each one costs a copy of its HTML and, once thousands are kept, the garbage
 * collector's time, for no later answer. A page is kept from its second view within the last
 * `limit` different pages asked for; until then only its address is remembered.
 */
export class SecondView {
  private recent = new Set<string>();
  private chars = 0;
  /** At most `limit` addresses and `maxChars` characters of them (long made-up addresses cannot fill the memory). */
  constructor(
    private readonly limit: number,
    private readonly maxChars = 4_000_000,
  ) {}

  /** True when this address was asked for recently (so its page is worth keeping now). */
  seenBefore(key: string): boolean {
    if (this.recent.has(key)) return true;
    if (this.recent.size >= this.limit || this.chars + key.length > this.maxChars) {
      this.recent = new Set();
      this.chars = 0;
    }
    this.recent.add(key);
    this.chars += key.length;
    return false;
  }
}

interface Cache {
  pages: PageCache;
  seen: SeenGeneration;
  secondView: SecondView;
  shells: PageShells;
}

/** One cache per application instance (tests run several apps, over different databases, in one process). */
const caches = new WeakMap<object, Cache>();
function cacheFor(request: FastifyRequest): Cache {
  let cache = caches.get(request.server);
  if (!cache) caches.set(request.server, (cache = { pages: new PageCache(5_000), seen: new SeenGeneration(), secondView: new SecondView(50_000), shells: new PageShells() }));
  return cache;
}

function cspNonce(reply: FastifyReply): string | undefined {
  return (reply as unknown as { cspNonce?: { script?: string } }).cspNonce?.script;
}

/** A page: a template and its data, or (shell) a title and content filled into a layout rendered once (page-shell.ts). */
export type PageRender = { template: string; data: Record<string, unknown> } | { shell: ShellPage };

function renderWhole(reply: FastifyReply, page: PageRender): Promise<string> {
  return 'shell' in page ? renderShellPageWhole(reply, page.shell) : reply.viewAsync(page.template, page.data);
}

/** Answers a public GET page, reusing the rendered page while it cannot have changed. */
export async function servePublicPage(request: FastifyRequest, reply: FastifyReply, build: () => Promise<PageRender>): Promise<FastifyReply> {
  if (request.actor.kind !== 'anonymous') {
    const page = await build();
    reply.type('text/html; charset=utf-8');
    return reply.send(await renderWhole(reply, page));
  }
  const ctx = request.serviceContext();
  const key = request.url;
  const day = today(ctx);
  const nonce = cspNonce(reply) ?? '';
  reply.type('text/html; charset=utf-8');
  const { pages: cache, seen, secondView, shells } = cacheFor(request);
  const hit = cache.get(key);
  // A kept page is reused only when the generation read now is the one it was rendered for. A page
  // not kept needs no read: it is kept under the newest generation this process has seen, read
  // before this page's reads (see SeenGeneration).
  let generation: string | null = null;
  if (hit) {
    generation = await publicPagesGeneration(ctx);
    seen.saw(generation);
    if (hit.generation === generation && hit.day === day) {
      reply.header('x-page-cache', 'hit');
      return reply.send(hit.html.split(NONCE_SLOT).join(nonce));
    }
  } else if (secondView.seenBefore(key)) {
    if (seen.known) generation = seen.lowerBound;
    else {
      generation = await publicPagesGeneration(ctx);
      seen.saw(generation);
    }
  }
  const page = await build();
  const html = 'shell' in page ? await shells.render(request, reply, page.shell) : await renderWhole(reply, page);
  const cacheable = !reply.hasHeader('set-cookie') && !html.includes(`name="${CSRF_FIELD}"`) && reply.statusCode === 200;
  if (generation !== null && cacheable) cache.set(key, { generation, day, html: nonce ? html.split(`nonce="${nonce}"`).join(`nonce="${NONCE_SLOT}"`) : html });
  reply.header('x-page-cache', 'miss');
  return reply.send(html);
}
