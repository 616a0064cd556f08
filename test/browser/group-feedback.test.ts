/**
 * ADR 0007 in Chromium: Stopsley's patient participation group opens its private link and sees its
 * feedback with the practice's response (demo world), asks for a new link (a mistake shown in the
 * error summary first) and stops a link. An axe scan on every page; each page read at 320 px wide.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { createLogger } from '../../src/logger.js';
import { inTransaction, newCorrelationId, systemActor, type ServiceContext } from '../../src/services/context.js';
import { GROUP_RESPONSE } from '../../src/services/demo/group-feedback.demo.js';
import { STOPSLEY_PPG } from '../../src/services/demo/luton-organisations.demo.js';
import { issueGroupLink } from '../../src/services/feedback/group-feedback-links.service.js';
import { testConfig } from '../support/test-config.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

/** At 320 px wide nothing makes the page scroll sideways; axe still passes. */
async function readsAt320(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  const facts = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(facts.scrollWidth, `${page.url()} is wider than 320 px`).toBeLessThanOrEqual(facts.innerWidth);
  await expectNoAxeViolations(page);
  await screenshot(page, `${name}-320`);
  if (before) await page.setViewportSize(before);
}

describe('a patient participation group’s private link in Chromium', () => {
  let s: BrowserSession;
  let handle: DbHandle;
  let token = '';

  beforeAll(async () => {
    handle = createDb(inject('browserDatabaseUrl'), { max: 2 });
    // Made an hour ago, so asking for a new one now is not held back as a repeat request.
    const ctx: ServiceContext = { db: handle.db, actor: systemActor('browser-test'), correlationId: newCorrelationId(), clock: { now: () => new Date(Date.now() - 3_600_000) }, config: testConfig(), logger: createLogger('silent') };
    const group = await handle.db.selectFrom('patient_participation_groups').select('id').where('name', '=', STOPSLEY_PPG.name).executeTakeFirstOrThrow();
    token = (await inTransaction(ctx, (trx) => issueGroupLink(trx, ctx, group.id, 'requested'))) ?? '';
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
    await handle?.close();
  });

  it('the group’s page shows its feedback, what we did and the practice’s response, and no contact details', async () => {
    expect(token).not.toBe('');
    await visit(s.page, `/group-feedback/${token}`, 'group-feedback');
    await expect(s.page.title()).resolves.toBe(`Your group’s feedback – ${STOPSLEY_PPG.name} – Inspectorate`);
    await expect(s.page.getByTestId('group-feedback-count').innerText()).resolves.toBe('Your group has sent us 1 piece of feedback. The practice has responded to it.');
    const item = s.page.getByTestId('group-feedback-item').first();
    await expect(item.innerText()).resolves.toContain('Shared with the service so it can respond');
    await expect(item.innerText()).resolves.toContain(GROUP_RESPONSE);
    await expect(item.innerText()).resolves.toContain('26 September 2025');
    await expect(s.page.content()).resolves.not.toContain('Margaret Doyle');
    await readsAt320(s.page, 'group-feedback');
  });

  it('asking for a new link: the mistake is named, then the email is sent and the old link stops working', async () => {
    await visit(s.page, '/group-feedback', 'group-link-request');
    await readsAt320(s.page, 'group-link-request');
    await s.page.getByLabel('Your group’s email address').fill('ppg.stopsley');
    await s.page.getByRole('button', { name: 'Send the link' }).click();
    await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter an email address in the correct format');
    await expect(s.page.getByLabel('Your group’s email address').inputValue()).resolves.toBe('ppg.stopsley');
    await expectNoAxeViolations(s.page);
    await s.page.getByLabel('Your group’s email address').fill(STOPSLEY_PPG.contact_email);
    await s.page.getByRole('button', { name: 'Send the link' }).click();
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Check your group’s email');
    await expectNoAxeViolations(s.page);
    await readsAt320(s.page, 'group-link-sent');
    await visit(s.page, `/group-feedback/${token}`);
    await expect(s.page.locator('h1').innerText()).resolves.toBe('This link does not work');
    await expectNoAxeViolations(s.page);
  });

  it('the group stops its link from its page', async () => {
    const ctx: ServiceContext = { db: handle.db, actor: systemActor('browser-test'), correlationId: newCorrelationId(), clock: { now: () => new Date(Date.now() + 3_600_000) }, config: testConfig(), logger: createLogger('silent') };
    const group = await handle.db.selectFrom('patient_participation_groups').select('id').where('name', '=', STOPSLEY_PPG.name).executeTakeFirstOrThrow();
    const fresh = (await inTransaction(ctx, (trx) => issueGroupLink(trx, ctx, group.id, 'requested'))) ?? '';
    await visit(s.page, `/group-feedback/${fresh}`);
    await s.page.getByRole('button', { name: 'Stop this link working' }).click();
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Your group’s link has been stopped');
    await expectNoAxeViolations(s.page);
    await readsAt320(s.page, 'group-link-stopped');
  });
});
