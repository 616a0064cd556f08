/**
 * Multi-agency reviews in Chromium (issue 15): the organisations taking part, finding and adding
 * one (the results page also works with JavaScript off), creating one with no code (duplicate
 * warning), the council's view of the joint action plan, and changing and withdrawing an action.
 * Every page is scanned with axe (errors included) and checked at 320 px wide.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { createPublishedReport, type PublishedWorld } from '../factories/published-report.factory.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signIn(s: BrowserSession, email: string, password: string): Promise<void> {
  await s.page.goto('/sign-in');
  await s.page.getByLabel('Email address').fill(email);
  await s.page.getByLabel('Password', { exact: true }).fill(password);
  await s.page.getByRole('button', { name: 'Sign in' }).click();
}

/** At 320 px wide nothing scrolls sideways; axe passes there too. */
async function fitsPhone(page: Page, shot: string): Promise<void> {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
  await screenshot(page, shot);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('multi-agency review pages in Chromium', () => {
  let db: DbHandle;
  let reviewId: string;
  let w: PublishedWorld;
  beforeAll(async () => {
    db = createDb(inject('browserDatabaseUrl'), { max: 2 });
    // The demo's review: loaded before any browser file plans another review of Luton.
    reviewId = (await db.db.selectFrom('inspections').select('id').where('area_name', '=', 'Luton').where('kind', '=', 'area_review_safeguarding_lac').orderBy('created_at').orderBy('reference').executeTakeFirstOrThrow()).id;
    w = await createPublishedReport(db.db);
  });
  afterAll(async () => db.close());

  it('the results page works with JavaScript off', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(plain, 'daniel.osei@inspectorate.example', DEMO_PASSWORD);
      await plain.page.goto(`/inspections/${reviewId}/participants/find?q=E06000032`);
      await expect(plain.page.getByTestId('organisation-results').innerText({ timeout: 10_000 })).resolves.toContain('Luton Borough Council');
    } finally {
      await plain.close();
    }
  });

  it('the lead inspector sees who takes part, finds an organisation by code, and is warned of a duplicate', async () => {
    const lead = await openBrowser();
    try {
      await signIn(lead, 'daniel.osei@inspectorate.example', DEMO_PASSWORD);
      await visit(lead.page, `/inspections/${reviewId}/participants`, 'participants');
      await expect(lead.page.getByTestId('participants').innerText()).resolves.toContain('Commissioner of a service in scope');
      await expectNoAxeViolations(lead.page);
      await fitsPhone(lead.page, 'participants-320');
      await lead.page.getByTestId('add-organisation').click();
      await lead.page.getByLabel('Name, postcode or code').fill('E06000032');
      await lead.page.getByRole('button', { name: 'Search' }).click();
      await expect(lead.page.getByTestId('organisation-results').innerText()).resolves.toContain('Luton Borough Council');
      await expectNoAxeViolations(lead.page);
      await fitsPhone(lead.page, 'participants-find-320');
      await lead.page.getByRole('link', { name: 'Add Luton Borough Council' }).click();
      await lead.page.getByRole('button', { name: 'Add the organisation' }).click();
      await expect(lead.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Select how the organisation takes part');
      await expectNoAxeViolations(lead.page);
      await fitsPhone(lead.page, 'participants-add-error-320');
      await visit(lead.page, `/inspections/${reviewId}/participants/new-organisation?name=Change%20Grow%20Live%20Bedford`, 'participants-new');
      await lead.page.getByLabel('A provider of services (for example a charity)').check();
      await lead.page.getByLabel('Partner', { exact: true }).check();
      await lead.page.getByRole('button', { name: 'Create and add the organisation' }).click();
      await expect(lead.page.getByTestId('similar-organisations').innerText()).resolves.toContain('Change Grow Live');
      await expect(lead.page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Change Grow Live Bedford');
      await expectNoAxeViolations(lead.page);
      await fitsPhone(lead.page, 'participants-duplicate-320');
    } finally {
      await lead.close();
    }
  });

  it('the council commissioner sees the review’s action plan part that concerns the council', async () => {
    const council = await openBrowser();
    try {
      await signIn(council, 'fiona.kaur@luton.example', DEMO_PASSWORD);
      await visit(council.page, `/inspections/${reviewId}/action-plan`, 'council-action-plan');
      await expect(council.page.getByTestId('scope-note').innerText()).resolves.toContain('addressed to your organisation');
      await expect(council.page.getByTestId('action-owner').innerText()).resolves.toContain('(Luton Borough Council)');
      await expectNoAxeViolations(council.page);
      await fitsPhone(council.page, 'council-action-plan-320');
      await visit(council.page, `/inspections/${reviewId}/programme`, 'council-programme');
      await expectNoAxeViolations(council.page);
    } finally {
      await council.close();
    }
  });

  it('an action is drafted with an owner, changed with a reason and withdrawn, all kept in its history', async () => {
    const org = await openBrowser();
    try {
      await signIn(org, w.practiceManager.email, w.practiceManager.password);
      const url = `/inspections/${w.inspectionId}/action-plan`;
      await visit(org.page, url, 'joint-plan-empty');
      await org.page.getByLabel('Action', { exact: true }).fill('Monthly governance meetings');
      await org.page.getByLabel('Person who owns it').selectOption({ label: w.practiceManager.name });
      const year = String(new Date().getUTCFullYear() + 1);
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Day').fill('30');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Month').fill('4');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Year').fill(year);
      await org.page.getByRole('checkbox', { name: /Must: Establish effective governance/ }).check();
      await org.page.getByRole('button', { name: 'Add action' }).click();
      await expect(org.page.getByTestId('action-owner').first().innerText()).resolves.toContain(w.practiceManager.name);
      await org.page.getByTestId('edit-action').first().click();
      await expectNoAxeViolations(org.page);
      await fitsPhone(org.page, 'action-edit-320');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Year').fill('2020');
      await org.page.getByLabel('Why are you changing it? (optional)').fill('Partners meet quarterly');
      await org.page.getByRole('button', { name: 'Save the change' }).click();
      await expect(org.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Due date must be today or in the future');
      await expect(org.page.getByLabel('Why are you changing it? (optional)').inputValue()).resolves.toBe('Partners meet quarterly');
      await expectNoAxeViolations(org.page);
      await org.page.getByRole('button', { name: 'Withdraw the action' }).click();
      await expect(org.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter why the action is withdrawn');
      await expectNoAxeViolations(org.page);
      await org.page.getByLabel('Why is the action withdrawn?').fill('Drafted twice by mistake');
      await org.page.getByRole('button', { name: 'Withdraw the action' }).click();
      await expect(org.page.getByTestId('withdrawn-reason').first().innerText()).resolves.toContain('Drafted twice by mistake');
      await expectNoAxeViolations(org.page);
      await fitsPhone(org.page, 'joint-plan-withdrawn-320');
    } finally {
      await org.close();
    }
  });
});
