/**
 * Follows the links a person is shown, breadth first through inject, and reports every link that
 * answers 4xx or 5xx with the page that showed it: a link to a page someone cannot open is a dead
 * end for them. Downloads (a `download` attribute, CSV, calendar and PDF files, /files/ and
 * /download addresses) and links that leave the pages (sign-out, assets, the APIs) are not followed.
 *
 *   const { visited, dead } = await crawl(session, { start: '/home' });
 */
import type { TestSession } from './session.js';

export const CRAWL_SKIP = /^\/(assets|sign-out|api|public\/v1)(\/|$|\?)|\.(csv|pdf|ics|json)(\?|$)|\/download\b|\/files\//;

export interface CrawlOptions {
  /** Where to start (default /home). */
  start?: string;
  /** At most this many pages are read (default 300). */
  maxPages?: number;
  /** Links matching this are not followed (default CRAWL_SKIP). */
  skip?: RegExp;
  /** Pages with the same key are read once (default: the path without its query). */
  key?: (href: string) => string;
}

export interface CrawlResult {
  visited: number;
  /** "<page> answers <status> (linked from <page>)", one a dead link. */
  dead: string[];
}

/** The path without its query. */
export const byPath = (href: string): string => href.split('?')[0]!;

/** The path without its query, with every segment holding a digit (an id, a date, a year) as ":id". */
export const byPathShape = (href: string): string =>
  byPath(href)
    .split('/')
    .map((segment) => (/\d/.test(segment) ? ':id' : segment))
    .join('/');

export async function crawl(s: TestSession, opts: CrawlOptions = {}): Promise<CrawlResult> {
  const { start = '/home', maxPages = 300, skip = CRAWL_SKIP, key = byPath } = opts;
  const seen = new Set([key(start)]);
  const queue = [{ path: start, from: '' }];
  const dead: string[] = [];
  let visited = 0;
  while (queue.length && visited < maxPages) {
    const { path, from } = queue.shift()!;
    visited += 1;
    if (process.env['LINKS_DEBUG']) console.log('VISIT', path);
    const res = await s.get(path);
    if (res.statusCode >= 400) dead.push(`${path} answers ${res.statusCode} (linked from ${from})`);
    if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
    for (const m of res.body.matchAll(/<a [^>]*href="(\/[^"#]*)"[^>]*>/g)) {
      if (/\sdownload\b/.test(m[0])) continue;
      const href = m[1]!.replace(/&amp;/g, '&');
      if (skip.test(href) || seen.has(key(href))) continue;
      seen.add(key(href));
      queue.push({ path: href, from: path });
    }
  }
  return { visited, dead };
}
