/**
 * Fieldwork pages in Chromium, with an axe scan on every page visited: the inspector's scoring
 * page (evidence one click away, proposed ratings with their explanation), the organisation's
 * concern response page, evidence typed while the connection drops (not lost), and a warning
 * notice's deadline across Christmas shown exactly as the rules engine computes it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { computeDeadline } from '../../src/domain/deadlines/index.js';
import { fixedClock } from '../../src/domain/shared/clock.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { raiseConcern } from '../../src/services/fieldwork/concerns.service.js';
import { createEnforcementAction, recordBreach, transitionEnforcementAction } from '../../src/services/fieldwork/enforcement.service.js';
import { createEvidenceItem } from '../../src/services/fieldwork/evidence-items.service.js';
import { changeInspectionState } from '../../src/services/inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, createInspection, type PlanInput } from '../../src/services/inspections/inspection-plan.service.js';
import { createStopsleyWorld, stopsleyInspectionBody, type StopsleyWorld } from '../factories/fieldwork.factory.js';
import { signedInUser } from '../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../factories/user.factory.js';
import { testConfig } from '../support/test-config.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signInAs(page: Page, email: string): Promise<void> {
  // Signing out is a POST: the page shows the button.
  await visit(page, '/sign-out');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.count()) await signOut.click();
  await visit(page, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

async function click(page: Page, name: string | RegExp, role: 'link' | 'button' = 'button'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole(role, { name }).first().click()]);
  await page.waitForLoadState('load');
  await expectNoAxeViolations(page);
}

describe('fieldwork pages in Chromium', () => {
  let s: BrowserSession;
  let handle: DbHandle;
  let w: StopsleyWorld;
  let id = '';
  let concernId = '';
  let noticeId = '';
  const ctxFor = async (user: { id: string }, at?: string): Promise<ServiceContext> => ({
    db: handle.db,
    actor: { kind: 'user', user: await signedInUser(handle.db, user) },
    correlationId: 'browser-test',
    clock: at ? fixedClock(at) : { now: () => new Date() },
    config: testConfig(),
    logger: createLogger('silent'),
  });

  beforeAll(async () => {
    handle = createDb(inject('browserDatabaseUrl'), { max: 3 });
    w = await createStopsleyWorld(handle.db, { password: TEST_PASSWORD });
    const lead = await ctxFor(w.people.lead);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const plan = stopsleyInspectionBody(w, { fieldworkStart: today, fieldworkEnd: tomorrow, plannedNotificationDate: null }) as unknown as PlanInput;
    id = (await createInspection(lead, plan)).id;
    // The lead proposed the team: the inspection manager confirms it before notice (separation of duties).
    await confirmInspectionTeam(await ctxFor(w.people.manager), id);
    await changeInspectionState(lead, id, { event: 'notify' });
    await changeInspectionState(lead, id, { event: 'start_fieldwork' });
    await createEvidenceItem(lead, id, { type: 'record_review', qualityStatements: ['S1', 'W7'], evidenceCategory: 'processes', refersToDate: today, body: 'Significant events: no record of learning shared with staff.', status: 'recorded' });
    const c = await raiseConcern(lead, id, { what: 'Emergency drugs out of date in the treatment room', where: 'Treatment room 2', risk: 'A patient in anaphylaxis may not be treated', whoMustAct: 'Practice manager', organisationId: w.practice.id });
    concernId = c.id;
    const breach = await recordBreach(lead, id, { regulation: '17', paragraph: '17(1), 17(2)(a)(b)', keyQuestion: 'wellLed', description: 'Governance systems were not effective.' });
    const action = await createEnforcementAction(lead, id, { kind: 'warning-notice', breachId: breach.id });
    noticeId = action.id;
    await transitionEnforcementAction(await ctxFor(w.people.lead, '2025-12-19T10:00:00Z'), noticeId, { event: 'issue', complianceDate: '2026-02-27' });
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
    await handle?.close();
  });

  it("the inspector's scoring page: scores saved, evidence one click away, ratings proposed with the warning notice limiter explained", async () => {
    const page = s.page;
    await signInAs(page, w.people.lead.email);
    await visit(page, `/inspections/${id}/judgement`, 'judgement-scoring');
    for (const [code, score] of [['S1', '2'], ['S2', '3'], ['E1', '3'], ['C1', '3'], ['R1', '3'], ['W1', '3'], ['W7', '1']] as const) {
      await page.locator(`#score-${code}`).selectOption(score);
    }
    await click(page, 'Save scores');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The scores have been saved');
    const proposed = page.getByTestId('proposed-ratings');
    await expect(proposed.innerText()).resolves.toMatch(/Well-led\s+Inadequate/);
    await expect(proposed.innerText()).resolves.toContain('From the scores alone: Requires improvement');
    await page.getByText('How Well-led was worked out').click();
    await expect(proposed.innerText()).resolves.toContain('Well-led made Inadequate (was Requires improvement): warning notice for breach of Regulation 17 (Good governance)');
    await screenshot(page, 'judgement-proposed');
    // The evidence behind a score is one click away.
    await click(page, /1 evidence item for S1/, 'link');
    await screenshot(page, 'evidence-for-s1');
    await expect(page.locator('h2').first().innerText()).resolves.toBe('Evidence for S1');
    await expect(page.locator('table').innerText()).resolves.toContain('Significant events: no record of learning');
  });

  it('a briefing with a missing field keeps what was typed and names the field; the other fieldwork pages pass axe', async () => {
    const page = s.page;
    await visit(page, `/inspections/${id}/briefings`, 'briefings');
    await page.getByLabel('Who attended').fill('Pat Practice-Manager, Practice manager, Stopsley Village Practice');
    await click(page, 'Log it');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter the points made');
    await expect(page.getByLabel('Who attended').inputValue()).resolves.toContain('Pat Practice-Manager');
    await page.getByLabel('Points made').fill('Day 1: safeguarding register out of date; staff positive about the leadership.');
    await click(page, 'Log it');
    await expect(page.locator('.govuk-summary-card').first().innerText()).resolves.toContain('Day 1: safeguarding register out of date');
    // Corrected on the page (issue 15): the form prefilled; a mistake keeps what was typed.
    await click(page, /^Change\W+the log: Briefing/, 'link');
    await expect(page.getByLabel('Points made').inputValue()).resolves.toBe('Day 1: safeguarding register out of date; staff positive about the leadership.');
    await page.getByLabel('Points made').fill('');
    await page.getByLabel('Who attended').fill('Pat Practice-Manager, Practice manager, Stopsley Village Practice\nDr Ada Partner, GP partner');
    await click(page, 'Save the correction');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter the points made');
    await expect(page.getByLabel('Who attended').inputValue()).resolves.toContain('Dr Ada Partner, GP partner');
    await screenshot(page, 'briefing-correct-error');
    await page.getByLabel('Points made').fill('Day 1: safeguarding register out of date; the partners agreed to update it this week.');
    await click(page, 'Save the correction');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The briefing log has been corrected');
    await expect(page.locator('.govuk-summary-card').first().innerText()).resolves.toContain('the partners agreed to update it this week');
    await visit(page, `/inspections/${id}/concerns`, 'concerns-list');
    await visit(page, `/inspections/${id}/enforcement`, 'enforcement-list');
    await visit(page, `/inspections/${id}/evidence-items`);
  });

  it('a warning notice dated Friday 19 December 2025: the page shows the representations deadline the rules engine gives, past Christmas and New Year', async () => {
    const page = s.page;
    await visit(page, `/inspections/${id}/enforcement/${noticeId}`, 'warning-notice');
    const engine = computeDeadline('warning-notice-representations', '2025-12-19');
    expect(engine.ok && engine.value.due).toBe('2026-01-07');
    await expect(page.getByTestId('deadline-0').innerText()).resolves.toBe('Wednesday 7 January 2026');
    await expect(page.getByTestId('deadline-0').getAttribute('datetime')).resolves.toBe(engine.ok ? engine.value.due : '');
    await page.getByText('How this date is worked out').click();
    await expect(page.getByTestId('deadlines').innerText()).resolves.toContain('Christmas Day');
    await click(page, 'Warning notice under section 29', 'link');
    await expect(page.getByTestId('document-body').innerText()).resolves.toContain('Representations against a warning notice: by Wednesday 7 January 2026.');
  });

  it('the enforcement officer (not on the team) finds the notice on the enforcement list and opens it', async () => {
    const page = s.page;
    await signInAs(page, w.people.enforcement.email);
    try {
      await visit(page, '/enforcement', 'enforcement-work');
      const row = page.getByTestId('enforcement-work-row').filter({ has: page.locator(`a[href="/inspections/${id}/enforcement/${noticeId}"]`) });
      await expect(row.innerText()).resolves.toMatch(/^Warning notice \(section 29\)[\s\S]*\tStopsley Village Practice\t[\s\S]*\tIssued\tRepresentations against a warning notice: Wednesday 7 January 2026/);
      await Promise.all([page.waitForLoadState('load'), row.getByRole('link', { name: /Warning notice \(section 29\)/ }).click()]);
      await expectNoAxeViolations(page);
      await expect(page.getByTestId('deadline-0').innerText()).resolves.toBe('Wednesday 7 January 2026');
      await expect(page.getByRole('navigation', { name: 'Inspection sections' }).getByRole('link').allInnerTexts()).resolves.toEqual(['Enforcement']);
      await screenshot(page, 'enforcement-officer-notice');
    } finally {
      await signInAs(page, w.people.lead.email);
    }
  });

  it('a dropped connection does not lose a typed evidence item', async () => {
    const page = s.page;
    await visit(page, `/inspections/${id}/evidence-items/new`, 'evidence-new');
    const box = page.getByLabel('What you saw, heard or read');
    await box.pressSequentially('Treatment room: ', { delay: 5 });
    await expect.poll(() => page.locator('[data-save-status]').innerText(), { timeout: 10_000 }).toMatch(/Draft saved/);
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/evidence-items\/[0-9a-f-]{36}$/);
    await s.context.setOffline(true);
    await box.pressSequentially('oxygen cylinder empty, "we meant to order one".', { delay: 5 });
    await expect.poll(() => page.locator('[data-save-status]').innerText(), { timeout: 10_000 }).toMatch(/connection seems to be down/);
    await s.context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => page.locator('[data-save-status]').innerText(), { timeout: 15_000 }).toMatch(/Draft saved/);
    const itemUrl = new URL(page.url()).pathname;
    await visit(page, itemUrl, 'evidence-draft-after-reconnect');
    await expect(page.getByLabel('What you saw, heard or read').inputValue()).resolves.toBe('Treatment room: oxygen cylinder empty, "we meant to order one".');
    const row = await handle.db.selectFrom('evidence_items').select(['body', 'status']).where('id', '=', itemUrl.split('/').at(-1)!).executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'Treatment room: oxygen cylinder empty, "we meant to order one".', status: 'draft' });

    // A photo attached without JavaScript's help: a plain multipart form.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    await page.getByLabel('Attach a photo or file').setInputFiles({ name: 'oxygen-cylinder.png', mimeType: 'image/png', buffer: png });
    await click(page, 'Attach file');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The file has been attached');
    await expect(page.getByRole('link', { name: 'oxygen-cylinder.png' }).count()).resolves.toBe(1);
    await page.getByLabel('Attach a photo or file').setInputFiles({ name: 'notes.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await click(page, 'Attach file');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('notes.exe must be a');
  });

  it("the organisation's concern response page: acknowledge, a missing response is named, then the action taken is sent", async () => {
    const page = s.page;
    await signInAs(page, w.people.practiceManager.email);
    await visit(page, `/inspections/${id}/concerns/${concernId}`, 'concern-organisation');
    await expect(page.getByTestId('concern-deadline').innerText()).resolves.toMatch(/^Respond with the action taken by \w+day \d+ \w+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight) UK time$/);
    await click(page, 'Acknowledge the concern');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('You have acknowledged the concern');
    await click(page, 'Send response');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Describe the action you have taken');
    await page.getByLabel('What action have you taken?').fill('Expired drugs removed and replaced the same afternoon; weekly check added to the rota.');
    await click(page, 'Send response');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Your response has been sent');
    await expect(page.locator('.govuk-summary-list').innerText()).resolves.toContain('Expired drugs removed');
    await screenshot(page, 'concern-responded');
    // The organisation sees the issued warning notice and can send representations; it never sees the scoring page.
    await visit(page, `/inspections/${id}/enforcement/${noticeId}`);
    await expect(page.getByRole('button', { name: 'Send your representations' }).count()).resolves.toBe(1);
    const res = await page.goto(`/inspections/${id}/judgement`);
    expect(res?.status()).toBe(404);
  });

  it('the inspection manager approves with a departure from the principles, and the reason is shown', async () => {
    await changeInspectionState(await ctxFor(w.people.lead), id, { event: 'end_fieldwork' });
    const page = s.page;
    await signInAs(page, w.people.manager.email);
    await visit(page, `/inspections/${id}/judgement`, 'judgement-manager');
    await page.getByLabel('Depart from the proposal for (optional)').selectOption('safe');
    await page.getByLabel('Rating to approve instead').selectOption('Requires improvement');
    await page.getByLabel('Reason for departing from the principles').fill('Too short');
    await click(page, 'Approve the judgement');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Give the reason for departing from the principles (at least 10 characters)');
    await expect(page.getByLabel('Reason for departing from the principles').inputValue()).resolves.toBe('Too short');
    await page.getByLabel('Reason for departing from the principles').fill('Out-of-date emergency drugs found on the day: the extent and impact of the risk.');
    await click(page, 'Approve the judgement');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The judgement is approved');
    await expect(page.getByTestId('approved-ratings').innerText()).resolves.toContain('Departure from the principles: Out-of-date emergency drugs found on the day');
    await screenshot(page, 'judgement-approved');
  });
});
