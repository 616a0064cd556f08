/**
 * Report pages in Chromium, with an axe scan on every page visited: the practice's factual
 * accuracy page (deadline, moving between sections, a comment saved, a comment with an evidence
 * file attached, the response sent once)
 * and the published report page on the public site with the response statement; the team's page
 * that addresses a recommendation to more of the organisations taking part (issue 15).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { systemClock } from '../../src/services/context.js';
import { sendForFactualAccuracy } from '../../src/services/reports/factual-accuracy.service.js';
import { setResponseStatement } from '../../src/services/reports/publication.service.js';
import { MovableClock, serviceContextFor } from '../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldworkViaServices, judgeInspection, reportAtStage, type PracticeWorld } from '../factories/report.factory.js';
import { TEST_PASSWORD } from '../factories/user.factory.js';
import { createOrganisation } from '../factories/organisation.factory.js';
import { addRecommendation } from '../../src/services/reports/report-draft.service.js';
import { addParticipant } from '../../src/services/inspections/participants.service.js';
import { testConfig } from '../support/test-config.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signIn(s: BrowserSession, email: string): Promise<void> {
  await s.page.goto('/sign-in');
  await s.page.getByLabel('Email address').fill(email);
  await s.page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await s.page.getByRole('button', { name: 'Sign in' }).click();
  await s.page.waitForURL(/\/home/);
}

describe('report pages in Chromium', () => {
  let handle: DbHandle;
  let s: BrowserSession;
  let faWorld: PracticeWorld;
  let faInspection = '';
  let publishedLink = '';

  beforeAll(async () => {
    handle = createDb(inject('browserDatabaseUrl'), { max: 4 });
    const config = testConfig();
    // A report with the practice now: sent for factual accuracy today (the app runs on the real clock).
    faWorld = await createPracticeWorld(handle.db);
    const clock = new MovableClock(new Date());
    const fa = await inspectionThroughFieldworkViaServices(handle.db, config, faWorld, clock);
    faInspection = fa.id;
    await judgeInspection(handle.db, fa.id, faWorld);
    await reportAtStage(fa.app, faWorld, clock, fa.id, 'approved');
    await sendForFactualAccuracy(await serviceContextFor(fa.app, faWorld.people.lead, systemClock), fa.id);
    // A published report with the practice's response.
    const pubWorld = await createPracticeWorld(handle.db);
    const pubClock = new MovableClock(new Date());
    const pub = await inspectionThroughFieldworkViaServices(handle.db, config, pubWorld, pubClock);
    await judgeInspection(handle.db, pub.id, pubWorld);
    await reportAtStage(pub.app, pubWorld, pubClock, pub.id, 'published');
    await setResponseStatement(await serviceContextFor(pub.app, pubWorld.people.practiceManager, pubClock), pub.id, 'We are working with the regulator and the ICB to address the areas raised.');
    publishedLink = (await handle.db.selectFrom('inspection_reports').select('link_id').where('inspection_id', '=', pub.id).executeTakeFirstOrThrow()).link_id;
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
    await handle?.close();
  });

  it("the practice's factual accuracy page: deadline shown, sections, a comment saved and the response sent", async () => {
    await signIn(s, faWorld.people.practiceManager.email);
    await visit(s.page, `/inspections/${faInspection}/report/factual-accuracy`, 'report-fa-summary');
    await expect(s.page.getByTestId('fa-deadline').innerText()).resolves.toMatch(/Send your comments, or confirm there are no factual inaccuracies, by the end of \d+ \w+ \d{4}/);
    await s.page.getByRole('navigation', { name: 'Sections of the draft report' }).getByRole('link', { name: 'Governance, management and sustainability' }).click();
    await expect(s.page.getByTestId('section-text').innerText()).resolves.toContain('Significant event reviews');
    await visit(s.page, s.page.url(), 'report-fa-section');

    // A mistake first: the error summary names the field and keeps what was typed.
    await s.page.getByLabel('The words in the report your comment is about').fill('for the last year');
    await s.page.getByLabel('Your comment', { exact: true }).fill('Only the last six months were missing.');
    await s.page.getByRole('button', { name: 'Save comment' }).click();
    await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Choose the kind of comment: A, B or C');
    await expect(s.page.getByLabel('Your comment', { exact: true }).inputValue()).resolves.toBe('Only the last six months were missing.');
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'report-fa-error');

    await s.page.goto(`/inspections/${faInspection}/report/factual-accuracy?section=qs%3AW5`);
    await s.page.getByLabel('The words in the report your comment is about').fill('for the last year');
    await s.page.getByLabel('A: typing error or wrong figure').check();
    await s.page.getByLabel('Your comment', { exact: true }).fill('Only the last six months were missing.');
    // Saved as it goes: the draft reaches the server without pressing the button.
    await expect.poll(() => s.page.getByTestId('fa-autosave-status').innerText(), { timeout: 15_000 }).toMatch(/Draft saved at/);
    await s.page.getByRole('navigation', { name: 'Sections of the draft report' }).getByRole('link', { name: 'Summary' }).click();
    await s.page.getByRole('navigation', { name: 'Sections of the draft report' }).getByRole('link', { name: 'Governance, management and sustainability' }).click();
    await expect(s.page.getByTestId('fa-comment').count()).resolves.toBe(1);
    await expect(s.page.getByTestId('fa-comment').innerText()).resolves.toContain('Saved, not yet submitted');
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'report-fa-comment-saved');

    // A factual inaccuracy behind a judgement, its evidence attached as a file (no description typed).
    await s.page.getByLabel('The words in the report your comment is about').fill('Significant event reviews');
    await s.page.getByLabel('B: factual inaccuracy behind a judgement (attach evidence)').check();
    await s.page.getByLabel('Your comment', { exact: true }).fill('Our minutes show each significant event was reviewed and the learning shared.');
    await s.page.getByLabel('Attach evidence (optional)').setInputFiles({ name: 'sea-minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% minutes of the significant events meeting\n') });
    await s.page.getByRole('button', { name: 'Save comment' }).click();
    await expect(s.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Comment and files saved.');
    await expect(s.page.getByTestId('fa-comment').count()).resolves.toBe(2);
    await expect(s.page.getByTestId('fa-comment-files').getByRole('link', { name: 'sea-minutes.pdf' }).getAttribute('href')).resolves.toMatch(/\/report\/factual-accuracy\/files\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'report-fa-comment-with-file');

    await s.page.getByRole('button', { name: 'Send your response' }).click();
    await expect(s.page.getByTestId('fa-deadline').innerText()).resolves.toMatch(/You submitted your response on/);
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'report-fa-submitted');
    await expect(s.page.getByTestId('fa-decisions').innerText()).resolves.toContain('Waiting for a decision');
  });

  it('the lead inspector addresses a recommendation to another organisation taking part, from the report page', async () => {
    const w = await createPracticeWorld(handle.db);
    const clock = new MovableClock(new Date());
    const drafted = await inspectionThroughFieldworkViaServices(handle.db, testConfig(), w, clock);
    await judgeInspection(handle.db, drafted.id, w);
    await reportAtStage(drafted.app, w, clock, drafted.id, 'drafted');
    const lead = await serviceContextFor(drafted.app, w.people.lead, systemClock);
    const partner = await createOrganisation(handle.db, 'provider', { name: 'Luton Primary Care Network' });
    await addParticipant(lead, drafted.id, { organisationId: partner.id, capacity: 'partner' });
    await addRecommendation(lead, drafted.id, { strength: 'should', text: 'Share significant event learning with the primary care network.', organisationId: w.practice.id });
    const team = await openBrowser();
    try {
      await signIn(team, w.people.lead.email);
      await visit(team.page, `/inspections/${drafted.id}/report`, 'report-workspace-recommendations');
      await team.page.getByRole('link', { name: /Change who it is addressed to\W+Share significant event learning/ }).click();
      await expect(team.page.locator('h1').innerText()).resolves.toBe('Who the recommendation is addressed to');
      await expectNoAxeViolations(team.page);
      await team.page.setViewportSize({ width: 320, height: 800 });
      expect(await team.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await expectNoAxeViolations(team.page);
      await screenshot(team.page, 'report-recommendation-addressees-320');
      await team.page.setViewportSize({ width: 1280, height: 900 });
      await team.page.getByLabel('Luton Primary Care Network').check();
      await team.page.getByRole('button', { name: 'Save who it is addressed to' }).click();
      await expect(team.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Who the recommendation is addressed to has been saved');
      await expect(team.page.getByTestId('also-addressed-to').innerText()).resolves.toBe('Also addressed to Luton Primary Care Network');
      await expectNoAxeViolations(team.page);
    } finally {
      await team.close();
    }
  });

  it('the published report page: ratings with dates, the breach, recommendations and the response statement', async () => {
    const anon = await openBrowser();
    try {
      await visit(anon.page, `/reports/${publishedLink}`, 'report-published');
      await expect(anon.page.locator('h1').innerText()).resolves.toBe('Stopsley Village Practice: inspection report');
      await expect(anon.page.getByTestId('report-ratings').innerText()).resolves.toMatch(/Well-led\s+Inadequate/);
      await expect(anon.page.getByTestId('report-breaches').innerText()).resolves.toContain('Good governance');
      await expect(anon.page.getByTestId('report-recommendations').innerText()).resolves.toMatch(/Must:/);
      await expect(anon.page.getByTestId('response-statement').innerText()).resolves.toContain('We are working with the regulator and the ICB to address the areas raised.');
      await expect(anon.page.getByTestId('pdf-pending').or(anon.page.getByTestId('pdf-link')).first().isVisible()).resolves.toBe(true);
      await screenshot(anon.page, 'report-published-full');
    } finally {
      await anon.close();
    }
  });
});
