/**
 * The provider portal in Chromium (issue 19): the notification form, the information return and
 * the rating review request, each scanned with axe (errors included) and at 320 px wide.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { createCareWorld, type CareWorld } from '../factories/provider-portal.factory.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signIn(s: BrowserSession, email: string, password: string): Promise<void> {
  await s.page.goto('/sign-in');
  await s.page.getByLabel('Email address').fill(email);
  await s.page.getByLabel('Password', { exact: true }).fill(password);
  await s.page.getByRole('button', { name: 'Sign in' }).click();
}

/** At 320 px wide nothing scrolls sideways. */
async function fitsPhone(page: Page, shot: string): Promise<void> {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await screenshot(page, shot);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('provider portal in Chromium', () => {
  let db: DbHandle;
  let w: CareWorld;
  beforeAll(async () => {
    db = createDb(inject('browserDatabaseUrl'), { max: 2 });
    // Published two days ago, so a review can still be asked for.
    const published = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    w = await createCareWorld(db.db, { publicationDate: published });
  });
  afterAll(async () => db.close());

  it('the notification form refuses a name, then sends a serious injury notification', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.registeredManager.email, w.people.registeredManager.password);
      await visit(s.page, '/notifications/new', 'notification-choose');
      await s.page.getByLabel(w.location.name).check();
      await s.page.getByLabel('Serious injury to a person using the service').check();
      await s.page.getByRole('button', { name: 'Continue' }).click();
      await expect(s.page.locator('h1').innerText()).resolves.toBe('Serious injury to a person using the service');
      await expectNoAxeViolations(s.page);
      await fitsPhone(s.page, 'notification-form-320');
      await s.page.getByLabel('Your internal reference for the person').fill('BH-0099');
      await s.page.getByLabel('Age band').selectOption('75 to 84');
      await s.page.getByLabel('Initials').fill('AB');
      const yesterday = new Date(Date.now() - 86_400_000);
      await s.page.locator('input[name="eventDate-day"]').fill(String(yesterday.getUTCDate()));
      await s.page.locator('input[name="eventDate-month"]').fill(String(yesterday.getUTCMonth() + 1));
      await s.page.locator('input[name="eventDate-year"]').fill(String(yesterday.getUTCFullYear()));
      await s.page.getByLabel('Changes to the structure of the body').check();
      await s.page.getByLabel('How the injury happened').fill('Mr Arthur Brown slipped in the bathroom and broke his wrist.');
      await s.page.getByRole('button', { name: 'Send notification' }).click();
      await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('it looks like a name');
      await expectNoAxeViolations(s.page);
      await screenshot(s.page, 'notification-form-error');
      await s.page.getByLabel('How the injury happened').fill('The resident slipped in the bathroom and broke a wrist; seen at hospital the same day.');
      await s.page.getByRole('button', { name: 'Send notification' }).click();
      await expect(s.page.getByTestId('receipt-reference').innerText()).resolves.toMatch(/^NTF-/);
      await expectNoAxeViolations(s.page);
      await screenshot(s.page, 'notification-receipt');
    } finally {
      await s.close();
    }
  });

  it('the death of a registered provider form passes axe, fits 320 px and shows its errors', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.registeredManager.email, w.people.registeredManager.password);
      await visit(s.page, `/notifications/new/death_registered_provider?organisationId=${w.location.id}`, 'notification-provider-death');
      await expect(s.page.locator('h1').innerText()).resolves.toBe('Death of a registered provider');
      await expect(s.page.locator('body').innerText()).resolves.toContain('the regulation number is not yet confirmed');
      await fitsPhone(s.page, 'notification-provider-death-320');
      await s.page.getByLabel('Name of the registered provider who died').fill('Dr Harold Ashworth');
      await s.page.getByRole('button', { name: 'Send notification' }).click();
      await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter the date of death');
      await expect(s.page.getByLabel('Name of the registered provider who died').inputValue()).resolves.toBe('Dr Harold Ashworth');
      await expectNoAxeViolations(s.page);
    } finally {
      await s.close();
    }
  });

  it('the lead inspector triages it: the queue and the triage form pass axe and fit 320 px', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.lead.email, w.people.lead.password);
      await visit(s.page, '/notifications', 'notification-queue');
      await s.page.getByRole('link', { name: 'Serious injury to a person using the service' }).first().click();
      await expect(s.page.getByTestId('priority').innerText()).resolves.toBe('Urgent');
      await expectNoAxeViolations(s.page);
      await fitsPhone(s.page, 'notification-triage-320');
      await s.page.getByLabel('Being looked at').check();
      await s.page.getByLabel('Owner').selectOption({ label: w.people.teamInspector.name });
      await s.page.getByRole('button', { name: 'Save' }).click();
      await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter what you did and why');
      await expectNoAxeViolations(s.page);
      await s.page.getByLabel('What you did and why').fill('Asked the home for its falls review.');
      await s.page.getByRole('button', { name: 'Save' }).click();
      await expect(s.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Your decision has been recorded');
      await expect(s.page.locator('body').innerText()).resolves.toContain(`Owner: ${w.people.teamInspector.name}`);
    } finally {
      await s.close();
    }
  });

  it('an organisation admin records a colleague as the registered manager (who may ask for a review of ratings)', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.nominatedIndividual.email, w.people.nominatedIndividual.password);
      await visit(s.page, `/organisations/${w.provider.id}/people/${w.people.colleague.id}`, 'person-capacities');
      await fitsPhone(s.page, 'person-capacities-320');
      await s.page.getByRole('button', { name: 'Record them as the registered manager' }).click();
      await expect(s.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('is recorded as the registered manager');
      await expect(s.page.getByRole('button', { name: 'They are no longer the registered manager' }).count()).resolves.toBe(1);
      await expectNoAxeViolations(s.page);
    } finally {
      await s.close();
    }
  });

  it('a token is allowed to send notifications on the API tokens page', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.registeredManager.email, w.people.registeredManager.password);
      await visit(s.page, '/account/tokens', 'tokens-page');
      await s.page.getByLabel('Name').fill('Care records system');
      await s.page.getByRole('button', { name: 'Create token' }).click();
      await expect(s.page.getByTestId('token-secret').innerText()).resolves.toMatch(/^insp_pat_/);
      await expect(s.page.getByTestId('notifications-scope').first().innerText()).resolves.toBe('No');
      await s.page.getByRole('button', { name: 'Allow sending notifications with Care records system' }).click();
      await expect(s.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The token can now send statutory notifications.');
      await expect(s.page.getByTestId('notifications-scope').first().innerText()).resolves.toBe('Yes');
      await expectNoAxeViolations(s.page);
      await fitsPhone(s.page, 'tokens-notifications-320');
    } finally {
      await s.close();
    }
  });

  it('the information return is requested, answered and refuses too many words', async () => {
    const lead = await openBrowser();
    const rm = await openBrowser();
    try {
      await signIn(lead, w.people.lead.email, w.people.lead.password);
      await visit(lead.page, '/information-returns', 'returns-regulator');
      await lead.page.getByLabel('CQC location ID or provider ID').fill(w.locationId);
      await lead.page.getByRole('button', { name: 'Request the return' }).click();
      if (!lead.page.url().includes('notice=requested')) throw new Error(await lead.page.locator('main').innerText());
      await expect(lead.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The return has been requested');
      const url = new URL(lead.page.url()).pathname;

      await signIn(rm, w.people.registeredManager.email, w.people.registeredManager.password);
      await visit(rm.page, url, 'return-form');
      await fitsPhone(rm.page, 'return-form-320');
      await rm.page.getByLabel('How many people are using the service today?').fill('36');
      await rm.page.getByLabel('How do you make sure people are treated with kindness, respect and dignity?').fill(Array.from({ length: 501 }, () => 'kind').join(' '));
      await rm.page.getByRole('button', { name: 'Save answers' }).click();
      await expect(rm.page.locator('.govuk-error-summary').innerText()).resolves.toContain('it has 501 words');
      await expectNoAxeViolations(rm.page);
      await rm.page.getByLabel('How do you make sure people are treated with kindness, respect and dignity?').fill('Keyworkers know each person’s history and preferences.');
      await rm.page.getByRole('button', { name: 'Save answers' }).click();
      await expect(rm.page.getByTestId('progress').innerText()).resolves.toBe('2 of 12 questions answered');
      await expectNoAxeViolations(rm.page);
    } finally {
      await lead.close();
      await rm.close();
    }
  });

  it('the rating review request form explains its rules and refuses a request without the confirmation', async () => {
    const s = await openBrowser();
    try {
      await signIn(s, w.people.registeredManager.email, w.people.registeredManager.password);
      await visit(s.page, `/inspections/${w.publishedInspectionId}/rating-review`, 'review-request-form');
      await fitsPhone(s.page, 'review-request-form-320');
      await s.page.getByLabel('How was the process for making the ratings decision not followed?').fill('The team did not consider the medicines audit we sent before the visit, which the assessment process requires.');
      await s.page.getByRole('button', { name: 'Send request' }).click();
      await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Confirm that your request is about the process');
      await expectNoAxeViolations(s.page);
      await s.page.getByLabel('My request is about the process for making the ratings decision, not disagreement with the judgement').check();
      await s.page.getByRole('button', { name: 'Send request' }).click();
      await expect(s.page.getByTestId('status').innerText()).resolves.toContain('Received');
      await expectNoAxeViolations(s.page);
      await screenshot(s.page, 'review-request-sent');
    } finally {
      await s.close();
    }
  });
});
