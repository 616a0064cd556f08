import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { launchChromium } from '../../../src/platform/chromium.js';

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

export function baseUrl(): string {
  return inject('baseUrl');
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser with a fresh context (axe needs one) and a page. */
export async function openBrowser(opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserSession> {
  const browser = await launchChromium();
  const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: opts.javaScriptEnabled ?? true });
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close() };
}

/** Every page visited gets an axe scan: 0 violations, with the rules named when it fails. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Visit a path, check the page is accessible, and keep a screenshot. */
export async function visit(page: Page, pathname: string, shot?: string): Promise<void> {
  const response = await page.goto(pathname);
  expect(response?.status(), `status of ${pathname}`).toBeLessThan(500);
  await expectNoAxeViolations(page);
  if (shot) await screenshot(page, shot);
}
