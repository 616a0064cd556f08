import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { createPublishedReport, type PublishedWorld } from '../factories/published-report.factory.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signIn(s: BrowserSession, email: string, password: string): Promise<void> {
  await s.page.goto('/sign-in');
  await s.page.getByLabel('Email address').fill(email);
  await s.page.getByLabel('Password', { exact: true }).fill(password);
  await s.page.getByRole('button', { name: 'Sign in' }).click();
}

describe('action plan page in Chromium', () => {
  let db: DbHandle;
  let w: PublishedWorld;
  beforeAll(async () => {
    db = createDb(inject('browserDatabaseUrl'), { max: 2 });
    w = await createPublishedReport(db.db);
  });
  afterAll(async () => db.close());

  it('the organisation covers every recommendation and sends the plan; the lead inspector reviews it', async () => {
    const org = await openBrowser();
    try {
      await signIn(org, w.practiceManager.email, w.practiceManager.password);
      const url = `/inspections/${w.inspectionId}/action-plan`;
      await visit(org.page, url, 'action-plan-empty');
      await expect(org.page.getByTestId('coverage').innerText()).resolves.toBe('0 of 3 recommendations and breaches');
      // Nothing filled in: the error summary names the fields.
      await org.page.getByRole('button', { name: 'Add action' }).click();
      await expect(org.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter the action');
      await expectNoAxeViolations(org.page);
      await org.page.getByLabel('Action', { exact: true }).fill('Monthly governance meetings with audits of complaints');
      await org.page.getByLabel('Or, for someone without an account, their name and role').fill('GP partner');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Day').fill('30');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Month').fill('4');
      await org.page.getByRole('group', { name: 'Due date' }).getByLabel('Year').fill(String(new Date().getUTCFullYear() + 1)); // a due date cannot be in the past
      await org.page.getByRole('checkbox', { name: /Must: Establish effective governance/ }).check();
      await org.page.getByRole('checkbox', { name: /Breach of Regulation 17/ }).check();
      await org.page.getByRole('checkbox', { name: /Should: Respond to patients/ }).check();
      await org.page.getByLabel('Milestones (optional)').fill('31 3 2026 Terms of reference agreed');
      await org.page.getByRole('button', { name: 'Add action' }).click();
      await expect(org.page.getByTestId('coverage').innerText()).resolves.toBe('3 of 3 recommendations and breaches');
      await org.page.getByRole('button', { name: 'Send the plan to the regulator' }).click();
      await expect(org.page.getByTestId('plan-status').innerText()).resolves.toBe('Sent for review');
      await expectNoAxeViolations(org.page);
      await screenshot(org.page, 'action-plan-sent');
    } finally {
      await org.close();
    }
    const lead = await openBrowser();
    try {
      await signIn(lead, w.lead.email, w.lead.password);
      await visit(lead.page, `/inspections/${w.inspectionId}/action-plan`, 'action-plan-review');
      await lead.page.getByLabel('Accept the plan').check();
      await lead.page.getByRole('button', { name: 'Save review' }).click();
      await expect(lead.page.getByTestId('plan-status').innerText()).resolves.toBe('Accepted');
      await expectNoAxeViolations(lead.page);
      await screenshot(lead.page, 'action-plan-accepted');
    } finally {
      await lead.close();
    }
  });
});
