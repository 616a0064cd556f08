/**
 * Issue 15 in Chromium, with an axe scan on every page visited and a 320 px wide check: the
 * factual accuracy reviewer finds the waiting check on "Your work" from the navigation and opens
 * it; the inspection overview says what it is waiting for; the download links on the overview and
 * the programme page give a CSV and a calendar file; the concern page offers closing as well as
 * enforcement.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { MovableClock, serviceContextFor } from '../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldworkViaServices, judgeInspection, reportAtStage, type PracticeWorld } from '../factories/report.factory.js';
import { TEST_PASSWORD } from '../factories/user.factory.js';
import { testConfig } from '../support/test-config.js';
import { expectNoAxeViolations, openBrowser, visit, type BrowserSession } from './support/browser.js';

async function signIn(s: BrowserSession, email: string): Promise<void> {
  await s.page.context().clearCookies();
  await s.page.goto('/sign-in');
  await s.page.getByLabel('Email address').fill(email);
  await s.page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await s.page.getByRole('button', { name: 'Sign in' }).click();
  await s.page.waitForURL(/\/home/);
}

async function fitsNarrowScreen(page: Page): Promise<void> {
  await page.setViewportSize({ width: 320, height: 800 });
  const facts = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(facts.scrollWidth, 'no sideways scrolling at 320 px').toBeLessThanOrEqual(facts.innerWidth);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('queues and downloads in Chromium', () => {
  let handle: DbHandle;
  let s: BrowserSession;
  let w: PracticeWorld;
  let id = '';
  let reference = '';

  beforeAll(async () => {
    handle = createDb(inject('browserDatabaseUrl'), { max: 4 });
    const config = testConfig();
    w = await createPracticeWorld(handle.db);
    const clock = new MovableClock(new Date());
    const made = await inspectionThroughFieldworkViaServices(handle.db, config, w, clock);
    id = made.id;
    await handle.db
      .insertInto('programme_visits')
      .values({ inspection_id: id, service_name: 'Main surgery', organisation_id: w.practice.id, visit_date: '2025-10-07', start_time: '09:30', end_time: '12:00', place: 'Stopsley, Luton', inspector_ids: [w.people.lead.id], activities: ['review_records'], created_at: new Date(), updated_at: new Date() })
      .execute();
    await judgeInspection(handle.db, id, w);
    await reportAtStage(made.app, w, clock, id, 'approved');
    const fa = await import('../../src/services/reports/factual-accuracy.service.js');
    clock.set(new Date());
    await fa.sendForFactualAccuracy(await serviceContextFor(made.app, w.people.lead, clock), id);
    const practice = await serviceContextFor(made.app, w.people.practiceManager, clock);
    await fa.saveComment(practice, id, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Reviews were missing for six months.' });
    await fa.submitFactualAccuracy(practice, id, { noInaccuracies: false });
    reference = (await handle.db.selectFrom('inspections').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
    await handle?.close();
  });

  it('the reviewer finds the waiting check on Your work, from the navigation, and opens it', async () => {
    await signIn(s, w.people.reviewer.email);
    await s.page.getByRole('navigation').getByRole('link', { name: 'Your work' }).first().click();
    await s.page.waitForURL(/\/my-work/);
    await expectNoAxeViolations(s.page);
    const queue = s.page.getByTestId('queue-fa_review');
    await expect(queue.innerText()).resolves.toContain(reference);
    await expect(queue.innerText()).resolves.toContain('1 comment to decide');
    await fitsNarrowScreen(s.page);
    await queue.getByRole('link', { name: new RegExp(reference) }).click();
    await s.page.waitForURL(/factual-accuracy\/review/);
    await expect(s.page.locator('body').innerText()).resolves.toContain('Reviews were missing for six months.');
    await expectNoAxeViolations(s.page);
  });

  it('the overview says what the inspection is waiting for and links the downloads, which are files', async () => {
    await signIn(s, w.people.lead.email);
    await visit(s.page, `/inspections/${id}`);
    const waiting = await s.page.getByTestId('waiting-for').innerText();
    expect(waiting).toContain('Factual accuracy comments being reviewed');
    expect(waiting).toContain('Factual accuracy reviewers');
    await fitsNarrowScreen(s.page);
    const links = s.page.getByTestId('downloads').getByRole('link');
    await expect(links.allInnerTexts()).resolves.toEqual(expect.arrayContaining(['Evidence checklist (CSV)', 'Programme for the team (calendar)']));
    const csvHref = await s.page.getByRole('link', { name: 'Evidence checklist (CSV)' }).getAttribute('href');
    const csv = await s.page.request.get(csvHref!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    const icsHref = await s.page.getByRole('link', { name: 'Programme for the team (calendar)' }).getAttribute('href');
    const ics = await s.page.request.get(icsHref!);
    expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toContain('DTSTART;TZID=Europe/London:20251007T093000');

    await visit(s.page, `/inspections/${id}/programme`);
    await expect(s.page.getByTestId('programme-downloads').getByRole('link').allInnerTexts()).resolves.toEqual(['Download the programme (CSV)', 'Add the team’s programme to a calendar (.ics)', 'Add your own visits to a calendar (.ics)']);
    await fitsNarrowScreen(s.page);
  });

  it('the practice manager’s Your work page and the briefings page pass axe at 320 px', async () => {
    await signIn(s, w.people.practiceManager.email);
    await visit(s.page, '/my-work');
    await expect(s.page.getByTestId('due-soon').innerText()).resolves.toContain('Due in the next 5 working days');
    await fitsNarrowScreen(s.page);
    await signIn(s, w.people.lead.email);
    await visit(s.page, `/inspections/${id}/briefings`);
    await fitsNarrowScreen(s.page);
  });
});
