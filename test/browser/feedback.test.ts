import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { expectNoAxeViolations, expectNoAxeViolations as checkAxe, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

/**
 * Search, choose, fill in and send: the same steps with or without JavaScript. axe runs inside
 * the page, so it cannot scan with JavaScript switched off: the JavaScript pass scans every page
 * (the HTML is the same), the other proves the journey works without it.
 */
async function giveFeedback(page: Page, shot: string, text: string, scan: boolean): Promise<string> {
  const expectNoAxeViolations = async (p: Page) => (scan ? checkAxe(p) : undefined);
  await page.goto('/give-feedback');
  await expectNoAxeViolations(page);
  await screenshot(page, `${shot}-search`);
  await page.getByLabel('Name, town or postcode of the service').fill('Stopsley Village');
  await page.getByTestId('feedback-search').click();
  await expect(page.getByTestId('feedback-result-count').innerText()).resolves.toMatch(/service/);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: /Choose service: Stopsley Village Practice/ }).first().click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Tell us about Stopsley Village Practice');
  await expectNoAxeViolations(page);

  // Sent with nothing filled in: the errors are named and linked.
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter what happened');
  await expectNoAxeViolations(page);
  await screenshot(page, `${shot}-errors`);

  await page.getByLabel('Myself').check();
  await page.getByLabel('What happened?').fill(text);
  await page.getByLabel('Month').fill('10');
  await page.getByLabel('Year').fill('2026');
  await page.getByLabel('Email address (optional)').fill('browser.test@example.com');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.locator('h1').innerText()).resolves.toBe('Feedback sent');
  await expectNoAxeViolations(page);
  await screenshot(page, `${shot}-sent`);
  const reference = await page.getByTestId('reference').innerText();
  expect(reference).toMatch(/^FB-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

  await page.getByRole('link', { name: 'Check what we have done with your feedback' }).click();
  await expect(page.getByTestId('feedback-status').innerText()).resolves.toMatch(/Received/);
  await expectNoAxeViolations(page);
  return reference;
}

describe('give feedback on care in Chromium', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it('works without JavaScript: search, choose, send, reference, status', async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      await giveFeedback(noJs.page, 'feedback-nojs', 'The practice manager never replied to my letter about my repeat prescription.', false);
    } finally {
      await noJs.close();
    }
  });

  it('works with JavaScript, and the inspector triages it', async () => {
    const reference = await giveFeedback(s.page, 'feedback-js', 'I was told my father was not safe to go home, but he was sent home anyway.', true);
    await s.page.goto('/sign-in');
    await s.page.getByLabel('Email address').fill('helen.carter@inspectorate.example');
    await s.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await s.page.getByRole('button', { name: 'Sign in' }).click();
    await visit(s.page, '/feedback', 'feedback-queue');
    const row = s.page.getByTestId('feedback-row').filter({ hasText: reference });
    await expect(row.innerText()).resolves.toContain('Urgent');
    await row.getByRole('link', { name: reference }).click();
    await expect(s.page.getByTestId('urgent').innerText()).resolves.toContain('not safe');
    await expectNoAxeViolations(s.page);
    await s.page.getByLabel('Being looked at').check();
    await s.page.getByLabel('What you did and why').fill('Called the practice and shared with the local safeguarding team.');
    await s.page.getByRole('button', { name: 'Save decision' }).click();
    await expect(s.page.getByTestId('status').innerText()).resolves.toBe('Being looked at');
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'feedback-triage');
  });

  it('shows the feedback summary on the location page', async () => {
    await visit(s.page, '/locations/E81006', 'feedback-location-summary');
    await expect(s.page.getByTestId('feedback-summary').innerText()).resolves.toMatch(/We have received \d+ pieces? of feedback/);
  });
});
