/**
 * Signing in as demo accounts in Chromium: each role sees its own navigation, its name and
 * organisation, and every page visited (including error states) has no axe violations.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  // Signing out is a POST: the page shows the button.
  await visit(page, '/sign-out');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.count()) await signOut.click();
  await visit(page, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

async function navigation(page: Page): Promise<string[]> {
  return (await page.locator('.govuk-service-navigation__item').allInnerTexts()).map((t) => t.trim());
}

describe('signing in as demo accounts in Chromium', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it('tells someone who mistypes their password what is wrong, accessibly', async () => {
    await signInAs(s.page, 'daniel.osei@inspectorate.example', 'not the right password');
    await expect(s.page.title()).resolves.toBe('Error: Sign in – Inspectorate');
    await expect(s.page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter a correct email address and password');
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'sign-in-error');
  });

  it('an inspector signs in, sees the regulator navigation with their name, and no organisation or admin pages', async () => {
    await signInAs(s.page, 'daniel.osei@inspectorate.example');
    expect(new URL(s.page.url()).pathname).toBe('/home');
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'inspector-home');
    expect(await navigation(s.page)).toEqual(['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Feedback', 'Notifications', 'Information returns', 'Rating reviews', 'Follow-up', 'Sign out']);
    await expect(s.page.getByTestId('signed-in-as').innerText()).resolves.toBe('Signed in as Daniel Osei, Inspectorate (demo regulator)');
    const admin = await s.page.goto('/admin/audit');
    expect(admin?.status()).toBe(404);
    await expectNoAxeViolations(s.page);
  });

  it('the practice manager signs in, sees their practice, its patient participation group and colleagues, and can invite someone', async () => {
    await signInAs(s.page, 'sarah.mitchell@nhs.example');
    expect(await navigation(s.page)).toEqual(['Home', 'Your work', 'Inspections', 'Find a service', 'Notifications', 'Information returns', 'Rating reviews', 'Your organisation', 'Sign out']);
    await expect(s.page.getByTestId('signed-in-as').innerText()).resolves.toBe('Signed in as Sarah Mitchell, Stopsley Village Practice');
    await expectNoAxeViolations(s.page);
    await s.page.getByRole('link', { name: 'Your organisation' }).click();
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'practice-organisation');
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Stopsley Village Practice');
    await expect(s.page.getByText('Stopsley Village Practice Patient Participation Group').count()).resolves.toBe(1);
    await expect(s.page.getByRole('link', { name: 'Dr Imran Qureshi' }).count()).resolves.toBe(1);
    await s.page.getByRole('button', { name: 'Invite someone' }).click();
    await expectNoAxeViolations(s.page);
    // An empty form: GOV.UK errors, still accessible.
    await s.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(s.page.title()).resolves.toMatch(/^Error: Invite someone to Stopsley Village Practice/);
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'invite-errors');
    await s.page.getByLabel('Full name').fill('Beth Nurse');
    await s.page.getByLabel('Email address').fill('beth.nurse@nhs.example');
    await s.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(s.page.locator('.govuk-notification-banner').innerText()).resolves.toContain('We have emailed Beth Nurse an invitation');
    await expectNoAxeViolations(s.page);
  });

  it('a provider user cannot open another organisation’s page', async () => {
    await signInAs(s.page, 'sarah.mitchell@nhs.example');
    await s.page.goto('/organisation');
    const locationLink = await s.page.getByTestId('locations').getByRole('link').first().getAttribute('href');
    await signInAs(s.page, 'linda.osborne@nhs.example');
    const res = await s.page.goto(locationLink!);
    expect(res?.status()).toBe(404);
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Page not found');
    await expectNoAxeViolations(s.page);
  });

  it('the ICB’s executive lead for safeguarding sees the services the ICB commissions', async () => {
    await signInAs(s.page, 'caroline.hughes@nhs.example');
    await visit(s.page, '/organisation', 'icb-organisation');
    await expect(s.page.getByRole('table', { name: 'Services it commissions' }).innerText()).resolves.toContain('Luton Child and Adolescent Mental Health Service (CAMHS)');
  });

  it('the administrator reads the audit trail, the users and the outbox, and follows an emailed link from it', async () => {
    await signInAs(s.page, 'morgan.ellis@inspectorate.example');
    expect(await navigation(s.page)).toEqual(['Home', 'Your work', 'Inspections', 'Reports', 'Find a service', 'Feedback', 'Notifications', 'Information returns', 'Rating reviews', 'Monitoring', 'Enforcement', 'Follow-up', 'Users', 'Audit trail', 'Outbox', 'Background jobs', 'Sign out']);
    await visit(s.page, '/admin/users', 'admin-users');
    await visit(s.page, '/admin/audit', 'admin-audit');
    await expect(s.page.locator('table').innerText()).resolves.toContain('USER_INVITED');
    await visit(s.page, '/admin/audit?action=USER_INVITED');
    await visit(s.page, '/admin/outbox', 'admin-outbox');
    await s.page.getByRole('link', { name: /You have been invited to use Inspectorate for Stopsley Village Practice/ }).first().click();
    await expectNoAxeViolations(s.page);
    await screenshot(s.page, 'outbox-email');
    // The invitation's sign-in link is masked for the administrator (issue 14): only the recipient may use it.
    await expect(s.page.locator('[data-testid="email-body"]').innerText()).resolves.toContain('[link hidden: only the person it was sent to can use it]');
  });

  it('signing out shows an accessible confirmation and the public navigation', async () => {
    await visit(s.page, '/sign-out', 'sign-out');
    await s.page.getByRole('button', { name: 'Sign out' }).click();
    await screenshot(s.page, 'signed-out');
    await expect(s.page.locator('h1').innerText()).resolves.toBe('You have signed out');
    expect(await navigation(s.page)).toEqual(['Find a service', 'How we reach a rating', 'Give feedback on care', 'Sign in']);
    await visit(s.page, '/password-reset', 'password-reset');
  });
});
