/**
 * Every page reads right (issue 17): Chromium at a 320 CSS pixel wide viewport signs in as each
 * demo role (and visits as the public), follows the links from their home page, and reads every
 * page as a person would. A page fails on:
 * - an ISO date or timestamp, "[object Object]", "undefined" or "NaN" in the text people read;
 * - a rule identifier (`evidence-due-date/1`, `deadlines@2026-12-01`, a rating method name) or
 *   "UNVERIFIED" outside a closed "How this was worked out" details element (closed details are
 *   not rendered, so they are not in the page's innerText);
 * - a "0:" hour ("0:00pm"), "1 <plural noun>" ("1 actions"), "a" before a vowel sound ("A nhs number"),
 *   a doubled regulation reference ("Regulation 17(17(1)");
 * - an empty or malformed title (not "<page> – … – Inspectorate");
 * - a page wider than the viewport (sideways scrolling at 320 px);
 * - any axe violation (WCAG 2.2 AA and best practice), and any link that answers 4xx or 5xx.
 *
 * Keeping it quick (the browser tier runs one file at a time): each role visits each distinct page
 * once, where "distinct" is the path with its identifiers (any segment with a digit) replaced and
 * the query string dropped, so 40 register locations or 12 report sections are one page each;
 * the crawl goes at most 4 links deep and stops at MAX_PAGES_PER_ROLE pages, breadth first, so the
 * navigation and the pages one or two links from home always come first. Downloads (CSV, PDF,
 * files), sign-out and other hosts are not followed. Problems are collected for the whole role
 * and reported together, one line each.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/platform/chromium.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { baseUrl } from './support/browser.js';

const WIDTH = 320;
const MAX_PAGES_PER_ROLE = 40;
const MAX_DEPTH = 4;

/** One demo account per role, and the public. */
const ROLES = DEMO_ACCOUNTS.filter((a, i) => DEMO_ACCOUNTS.findIndex((b) => b.role === a.role) === i).map((a) => ({ name: `${a.role} (${a.email})`, email: a.email as string | null }));
const VISITORS = [{ name: 'the public', email: null }, ...ROLES];

const METHOD_NAMES = ['asc-principles', 'primary-medical', 'nhs-trust', 'saf-2024', 'saf-2023'];

/** Text checks: [what is wrong, pattern]. */
const TEXT_RULES: [string, RegExp][] = [
  ['an ISO timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['an ISO date', /(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])/],
  ['"[object Object]"', /\[object Object\]/],
  ['"undefined"', /\bundefined\b/],
  ['"NaN"', /\bNaN\b/],
  ['"UNVERIFIED"', /UNVERIFIED/],
  ['a rule identifier', /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/\d+\b(?!\.\d)|\b[a-z][a-z-]*@\d{4}(?:-\d{2})?/],
  ['a method name', new RegExp(`\\b(?:${METHOD_NAMES.join('|')})\\b`)],
  ['a "0:" hour', /(?<![\d:])0:\d{2}\s?(?:am|pm)?/i],
  ['"1 <plural noun>"', /(?<![\d.,])\b1 (?!(?:was|has|is|this|its|us|yes|plus|less|process|access|address|business|status|focus|basis|analysis|class|pass|across|thus|series|news|means|lens|gas|bus|campus|census|bonus)\b)[a-z]+s\b/],
  ['"a" before a vowel sound', /\b[Aa] (?:NHS|nhs|ODS|ICB|[aeio][a-z]+)\b/],
  ['a doubled regulation reference', /Regulation \d+\(\d+\(/],
];

/** "Distinct page": the path with identifiers replaced, no query string. */
export function pageKey(url: URL): string {
  return url.pathname
    .split('/')
    .map((seg) => (/\d/.test(seg) ? ':id' : seg))
    .join('/');
}

const SKIP = [/^\/sign-out/, /^\/sign-in/, /^\/assets\//, /\.(csv|pdf|json|zip|png|jpg|svg|txt)$/i, /\/download\b/, /\/files\//, /\/export\b/, /\/attachments?\//, /^\/api\//, /^\/public\/v1\//, /^\/health/];

function followable(href: string, origin: string): URL | null {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  if (SKIP.some((re) => re.test(url.pathname))) return null;
  url.hash = '';
  return url;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/home/);
}

async function readPage(page: Page, path: string): Promise<{ problems: string[]; links: string[] }> {
  const problems: string[] = [];
  const response = await page.goto(path, { waitUntil: 'load' });
  const status = response?.status() ?? 0;
  if (status >= 400) return { problems: [`answers ${status}`], links: [] };
  const facts = await page.evaluate(() => ({
    title: document.title,
    text: document.body.innerText,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    links: Array.from(document.querySelectorAll('a[href]')).filter((a) => !a.hasAttribute('download')).map((a) => a.getAttribute('href') ?? ''),
  }));
  if (!/^\S.*\S – Inspectorate$/.test(facts.title) || / – – |: – | – :|^ – /.test(facts.title)) problems.push(`title "${facts.title}" is not "<page> – … – Inspectorate"`);
  // A web address (an email's link shown in the outbox) is read as an address: its path may hold
  // a number after a slash (inspections/8956…) without being a rule identifier.
  const text = facts.text.replace(/\bhttps?:\/\/\S+/g, '(a web address)');
  for (const [what, re] of TEXT_RULES) {
    for (const source of [text, facts.title]) {
      const m = re.exec(source);
      if (m) {
        const at = m.index;
        problems.push(`${what}: "…${source.slice(Math.max(0, at - 40), at + m[0].length + 30).replace(/\s+/g, ' ')}…"`);
        break;
      }
    }
  }
  if (facts.scrollWidth > facts.innerWidth) {
    const wide = await page.evaluate((limit) => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && getComputedStyle(el).position !== 'fixed' && !el.closest('.app-table-scroll')) out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`);
        if (out.length > 3) break;
      }
      return out.join(', ');
    }, facts.innerWidth);
    problems.push(`is ${facts.scrollWidth}px wide at ${facts.innerWidth}px (${wide})`);
  }
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  for (const v of axe.violations) problems.push(`axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  return { problems, links: facts.links };
}

describe('every page reads right at 320 px, for every role', () => {
  // Two roles at a time (the browser project's maxConcurrency): each has its own Chromium, and the
  // pages only read, so the roles cannot disturb each other.
  it.concurrent.each(VISITORS)('as $name', { timeout: 300_000 }, async ({ email }) => {
    const origin = new URL(baseUrl()).origin;
    // A browser of its own for each role: the npm Chromium runs single-process, where closing a context can end the browser.
    const browser: Browser = await launchChromium();
    const context: BrowserContext = await browser.newContext({ baseURL: baseUrl(), viewport: { width: WIDTH, height: 800 } });
    try {
      const page = await context.newPage();
      let start = '/';
      if (email) {
        await signIn(page, email);
        start = '/home';
      }
      const seen = new Set<string>([pageKey(new URL(start, origin))]);
      const queue: { path: string; depth: number; from: string }[] = [{ path: start, depth: 0, from: '' }];
      const problems: string[] = [];
      let visited = 0;
      while (queue.length && visited < MAX_PAGES_PER_ROLE) {
        const { path, depth, from } = queue.shift()!;
        visited += 1;
        const result = await readPage(page, path);
        for (const p of result.problems) problems.push(`${path}: ${p}${from ? ` (linked from ${from})` : ''}`);
        if (depth >= MAX_DEPTH) continue;
        for (const href of result.links) {
          const url = followable(href, origin);
          if (!url) continue;
          const key = pageKey(url);
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push({ path: `${url.pathname}${url.search}`, depth: depth + 1, from: path });
        }
      }
      expect(problems, `${visited} pages read`).toEqual([]);
      expect(visited, 'pages visited').toBeGreaterThan(email ? 3 : 2);
    } finally {
      await browser.close();
    }
  });
});
