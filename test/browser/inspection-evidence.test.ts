/**
 * The inspection workspaces in Chromium, with an axe scan on every page visited:
 * an inspector plans a short-notice review and notifies the ICB; the ICB's executive lead
 * (a demo user) completes the evidence checklist (one file uploaded with JavaScript in 8 MB
 * chunks, one upload resumed after a page refresh, one item it cannot provide) and uploads
 * the case list CSV; then an inspector goes through the demo Luton review's overview,
 * programme, printable week view and sample.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signInAs(page: Page, email: string): Promise<void> {
  // Signing out is a POST: the page shows the button.
  await visit(page, '/sign-out');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.count()) await signOut.click();
  await visit(page, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

async function click(page: Page, name: string | RegExp, role: 'link' | 'button' = 'button'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole(role, { name }).first().click()]);
  await page.waitForLoadState('load');
  await expectNoAxeViolations(page);
}

/** A PDF of `size` bytes (a header the server sniffs, then padding). */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n% browser test document\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
}

const CASE_LIST = [
  'case_reference,services_used,age_band,looked_after,child_protection_plan,child_in_need,consent_to_contact',
  'BRT-0001,Midwifery;School Nursing,0-4,N,Y,N,Y',
  'BRT-0002,School Nursing,11-15,Y,N,N,Y',
  'BRT-0003,Midwifery,16-17,N,N,Y,N',
].join('\n');

describe('inspection evidence and planning pages in Chromium', () => {
  let s: BrowserSession;
  let inspectionPath = '';
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it('an inspector plans a short-notice review of Luton, requests three documents and notifies the ICB', async () => {
    const page = s.page;
    await signInAs(page, 'daniel.osei@inspectorate.example');
    await click(page, 'Inspections', 'link');
    await screenshot(page, 'inspections-list');
    await click(page, 'Plan an inspection');
    await page.getByLabel("Area review of child safeguarding and looked-after children's health services").check();
    await page.getByLabel('An area (with its lead commissioner)').check();
    await page.locator('#areaName').fill('Luton');
    await page.locator('#leadCommissionerCode').fill('QHG');
    await page.getByLabel('Short notice').check();
    await page.locator('#fieldworkStart-day').fill('11');
    await page.locator('#fieldworkStart-month').fill('1');
    await page.locator('#fieldworkStart-year').fill('2027');
    await page.locator('#fieldworkEnd-day').fill('15');
    await page.locator('#fieldworkEnd-month').fill('1');
    await page.locator('#fieldworkEnd-year').fill('2027');
    await page.locator('#scope-0-serviceName').fill('Midwifery');
    await page.locator('#scope-1-serviceName').fill('School Nursing');
    await page.locator('#scope-1-commissionedBy').selectOption('local_authority');
    await page.locator('#team-0-user').selectOption({ label: 'Daniel Osei (Lead inspector)' });
    await page.locator('#team-0-role').selectOption('lead_inspector');
    await page.locator('#contact-0-role').selectOption('executive_lead');
    await page.locator('#contact-0-email').fill('caroline.hughes@nhs.example');
    await click(page, 'Save plan');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The inspection has been planned');
    await expect(page.getByTestId('no-recommendations').count()).resolves.toBe(1);
    inspectionPath = new URL(page.url()).pathname;
    await screenshot(page, 'inspection-overview-planned');

    await click(page, 'Evidence', 'link');
    for (const title of ['Safeguarding children policy', 'Safeguarding supervision policy', 'Designated doctor job description']) {
      await click(page, 'Request a document');
      await page.getByLabel('Document', { exact: true }).fill(title);
      await click(page, 'Request document');
    }
    await expect(page.getByTestId('checklist').innerText()).resolves.toContain('Designated doctor job description');
    // An inspector proposed the team: the inspection manager confirms it before the organisation is told.
    await signInAs(page, 'helen.carter@inspectorate.example');
    await visit(page, inspectionPath);
    await click(page, 'Confirm the team');
    await signInAs(page, 'daniel.osei@inspectorate.example');
    await visit(page, inspectionPath);
    await click(page, 'Notify the organisation');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The organisation has been notified');
  });

  it('the ICB’s executive lead completes the checklist: a chunked upload, an upload resumed after a refresh, and one item it cannot provide', async () => {
    const page = s.page;
    await signInAs(page, 'caroline.hughes@nhs.example');
    await click(page, 'Inspections', 'link');
    await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="${inspectionPath}"]`).click()]);
    await expectNoAxeViolations(page);
    await click(page, 'Evidence', 'link');
    await screenshot(page, 'org-evidence-checklist');

    // 1. A 9 MB file goes up in two chunks, with JavaScript.
    await click(page, 'Safeguarding children policy', 'link');
    // A type that is not allowed is refused before any byte is sent, in an error summary.
    await page.getByLabel('Upload a file').setInputFiles({ name: 'policy.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('The selected file policy.exe must be a PDF');
    await expectNoAxeViolations(page);
    await screenshot(page, 'org-evidence-type-refused');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'Safeguarding children policy 2026.pdf', mimeType: 'application/pdf', buffer: pdf(9 * 1024 * 1024) });
    await Promise.all([page.waitForURL(/notice=uploaded/), page.getByRole('button', { name: 'Upload file' }).click()]);
    await expectNoAxeViolations(page);
    await expect(page.getByTestId('file-versions').innerText()).resolves.toContain('Safeguarding children policy 2026.pdf');
    await screenshot(page, 'org-evidence-uploaded');

    // 2. An upload that stopped after its first chunk is offered again after a refresh, and resumes.
    await click(page, 'Back to the evidence checklist', 'link');
    await click(page, 'Safeguarding supervision policy', 'link');
    const requestId = await page.locator('form[data-request-id]').getAttribute('data-request-id');
    const file = pdf(9 * 1024 * 1024);
    const firstChunk = 8 * 1024 * 1024;
    const started = await page.evaluate(
      async ({ requestId, size, firstChunk }) => {
        const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
        const res = await fetch(`/api/v1/evidence-requests/${requestId}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ filename: 'Supervision policy.pdf', size }) });
        const upload = await res.json();
        const head = new TextEncoder().encode('%PDF-1.4\n% browser test document\n');
        const bytes = new Uint8Array(firstChunk).fill(0x20);
        bytes.set(head);
        const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${firstChunk - 1}/${size}`, 'x-csrf-token': csrf }, body: bytes });
        return put.status;
      },
      { requestId, size: file.length, firstChunk },
    );
    expect(started).toBe(200);
    await page.reload();
    await expectNoAxeViolations(page);
    await expect(page.locator('[data-upload-resume]').innerText()).resolves.toMatch(/An upload of Supervision policy.pdf stopped at 88%/);
    await screenshot(page, 'org-evidence-resume-offered');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'Supervision policy.pdf', mimeType: 'application/pdf', buffer: file });
    await Promise.all([page.waitForURL(/notice=uploaded/), page.getByRole('button', { name: 'Upload file' }).click()]);
    await expectNoAxeViolations(page);
    await expect(page.getByTestId('file-versions').innerText()).resolves.toContain('Supervision policy.pdf');

    // 3. One item cannot be provided; an empty reason is refused first.
    await click(page, 'Back to the evidence checklist', 'link');
    await click(page, 'Designated doctor job description', 'link');
    await click(page, 'We cannot provide this');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Explain why you cannot provide this document');
    await page.getByLabel('Why can you not provide it?').fill('The post is being recruited to; an interim arrangement is in place until March.');
    await click(page, 'We cannot provide this');
    await click(page, 'Back to the evidence checklist', 'link');
    await expect(page.getByTestId('checklist-summary').innerText()).resolves.toMatch(/Provided\s+2[\s\S]*Cannot provide\s+1[\s\S]*Still to do\s+0/);
    await screenshot(page, 'org-evidence-complete');

    // 4. The case list: a bad file is reported by line and nothing is kept; then the good one.
    await click(page, 'Cases and samples', 'link');
    await page.getByLabel('Upload your case list (CSV)').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(`${CASE_LIST}\nBRT-0004,Midwifery,12-14,N,N,N,Y\n`) });
    await click(page, 'Upload case list');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Line 5: age_band must be one of');
    await expect(page.getByTestId('no-cases').count()).resolves.toBe(1);
    await screenshot(page, 'org-case-list-errors');
    await page.getByLabel('Upload your case list (CSV)').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(`${CASE_LIST}\n`) });
    await click(page, 'Upload case list');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('3 rows read, 3 added');
    await expect(page.getByTestId('cases').innerText()).resolves.toContain('BRT-0003');
    await screenshot(page, 'org-case-list-imported');
    await click(page, 'Timeline', 'link');
    await click(page, 'Programme', 'link');
  });

  it('an inspector goes through the demo Luton review: overview, programme, printable week and the sample', async () => {
    const page = s.page;
    await signInAs(page, 'aisha.rahman@inspectorate.example');
    await click(page, 'Inspections', 'link');
    const row = page.locator('tr', { hasText: 'Luton area' }).filter({ hasText: '14 September 2026' });
    await Promise.all([page.waitForLoadState('load'), row.getByRole('link').first().click()]);
    await expectNoAxeViolations(page);
    await expect(page.getByTestId('scope').innerText()).resolves.toContain('Drugs & Alcohol');
    await expect(page.getByTestId('no-recommendations').count()).resolves.toBe(4);
    await screenshot(page, 'inspector-luton-overview');
    await click(page, 'Programme', 'link');
    await expect(page.getByTestId('visits').innerText()).resolves.toContain('Child & Adolescent Mental Health');
    await screenshot(page, 'inspector-luton-programme');
    await click(page, 'Printable week view', 'link');
    await expect(page.title()).resolves.toMatch(/^Programme for the week of Monday 14 September 2026 – INS-2026-\d+ – Inspectorate$/);
    await screenshot(page, 'inspector-luton-week');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.govuk-service-navigation').isVisible()).resolves.toBe(false);
    await screenshot(page, 'inspector-luton-week-print');
    await page.emulateMedia({ media: 'screen' });
    await click(page, 'Back to the programme', 'link');
    await click(page, 'Cases and samples', 'link');
    await click(page, /^Sample of 12 drawn/, 'link');
    await expect(page.getByTestId('seed').innerText()).resolves.toBe('luton-clas-2026-09');
    await expect(page.getByTestId('sample-details').innerText()).resolves.toContain('journey between services');
    await screenshot(page, 'inspector-luton-sample');
    await click(page, 'Evidence', 'link');
    await expect(page.getByTestId('checklist').innerText()).resolves.toContain('Cannot provide');
    await click(page, 'Timeline', 'link');
    await screenshot(page, 'inspector-luton-timeline');
  });
});
