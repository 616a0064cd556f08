/**
 * Issue 15 in Chromium, with an axe scan on every page visited and each new page read at 320 px
 * wide: the ICB's cases page showing which of its cases were sampled; the team's case-tracking
 * summary and a tracked case (a mistake shown in the error summary, the services seen and records
 * read saved, a finding recorded, evidence linked); the draft report's sections still to write, a
 * section added, and the refusal naming the sections.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/data/database.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createEvidenceItem } from '../../src/services/fieldwork/evidence-items.service.js';
import { importCaseListCsv } from '../../src/services/inspections/cases.service.js';
import { changeInspectionState } from '../../src/services/inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, createInspection, type PlanInput } from '../../src/services/inspections/inspection-plan.service.js';
import { drawCaseSample } from '../../src/services/inspections/sampling.service.js';
import { hashPassword } from '../../src/services/passwords.js';
import { caseListCsv, createLutonWorld, lutonInspectionBody, signedInUser, type LutonWorld } from '../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../factories/user.factory.js';
import { testConfig } from '../support/test-config.js';
import { expectNoAxeViolations, openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

async function signInAs(page: Page, email: string): Promise<void> {
  await visit(page, '/sign-out');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.count()) await signOut.click();
  await visit(page, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

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

async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).first().click()]);
  await page.waitForLoadState('load');
  await expectNoAxeViolations(page);
}

describe('case tracking and report structures in Chromium', () => {
  let s: BrowserSession;
  let handle: DbHandle;
  let w: LutonWorld;
  let id = '';
  let sampledRefs: string[] = [];
  const ctxFor = async (user: { id: string }): Promise<ServiceContext> => ({
    db: handle.db,
    actor: { kind: 'user', user: await signedInUser(handle.db, user) },
    correlationId: 'browser-test',
    clock: { now: () => new Date() },
    config: testConfig(),
    logger: createLogger('silent'),
  });

  beforeAll(async () => {
    handle = createDb(inject('browserDatabaseUrl'), { max: 3 });
    w = await createLutonWorld(handle.db);
    await handle.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', 'in', Object.values(w.people).map((p) => p.id)).execute();
    const lead = await ctxFor(w.people.lead);
    const today = new Date().toISOString().slice(0, 10);
    const end = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    const plan = lutonInspectionBody(w, { noticeType: 'announced', fieldworkStart: today, fieldworkEnd: end, plannedNotificationDate: null, caseListDueDate: today, team }) as unknown as PlanInput;
    id = (await createInspection(lead, plan)).id;
    await confirmInspectionTeam(await ctxFor(w.people.manager), id);
    await changeInspectionState(lead, id, { event: 'notify' });
    await importCaseListCsv(await ctxFor(w.people.executiveLead), id, { csv: caseListCsv(10, { prefix: 'BRT' }), filename: 'cases.csv' });
    const sample = await drawCaseSample(lead, id, { criteria: { consentRequired: true }, design: { kind: 'simple', size: 3 }, seed: 'browser', rationale: 'Three families to follow through the services.' });
    sampledRefs = sample.members.map((m) => m.caseReference);
    await changeInspectionState(lead, id, { event: 'start_fieldwork' });
    await createEvidenceItem(lead, id, { type: 'record_review', qualityStatements: ['S2'], evidenceCategory: 'processes', refersToDate: today, body: 'Maternity record: the safeguarding handover was by phone only.', status: 'recorded' });
    s = await openBrowser();
  });
  afterAll(async () => {
    await s?.close();
    await handle?.close();
  });

  it('the ICB sees which of its cases were sampled, by reference only', async () => {
    const page = s.page;
    await signInAs(page, w.people.executiveLead.email);
    await visit(page, `/inspections/${id}/cases`, 'cases-organisation-sampled');
    const list = await page.getByTestId('sampled-cases').innerText();
    for (const ref of sampledRefs) expect(list).toContain(ref);
    await expect(page.getByRole('link', { name: /Case tracking/ }).count()).resolves.toBe(0);
    await readsAt320(page, 'cases-organisation-sampled');
  });

  it('the trust is told which sampled cases it sees and why; the sample page links its CSV, which is the sample', async () => {
    const page = s.page;
    await signInAs(page, w.people.trustUser.email);
    await visit(page, `/inspections/${id}/cases`, 'cases-trust-sampled');
    await expect(page.getByRole('heading', { name: 'Sampled cases involving your services' }).count()).resolves.toBe(1);
    await expect(page.getByText(/a service you run or commission \(Midwifery and A&E\)/).count()).resolves.toBe(1);
    await readsAt320(page, 'cases-trust-sampled');

    await signInAs(page, w.people.lead.email);
    await visit(page, `/inspections/${id}/cases`);
    await Promise.all([page.waitForLoadState('load'), page.getByTestId('samples').getByRole('link').first().click()]);
    await expectNoAxeViolations(page);
    const link = page.getByTestId('sample-download');
    await expect(link.innerText()).resolves.toBe('Download this sample (CSV)');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/inspections/${id}/sample\\.csv\\?sample=[0-9a-f-]{36}$`));
    await expect(link.getAttribute('download')).resolves.not.toBeNull();
    const res = await page.request.get(href);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename=".*-sample-1\.csv"$/);
    const rows = (await res.text()).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + sampledRefs.length);
    for (const ref of sampledRefs) expect(rows.join('\n')).toContain(ref);
    await readsAt320(page, 'sample');
  });

  it('the team tracks a case: a mistake named, the record saved, a finding recorded and evidence linked; the summary counts it', async () => {
    const page = s.page;
    await signInAs(page, w.people.lead.email);
    await visit(page, `/inspections/${id}/cases`);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Case tracking: what was found in the sampled cases' }).click()]);
    await expectNoAxeViolations(page);
    await expect(page.getByTestId('tracking-intro').innerText()).resolves.toBe('0 cases of the 3 sampled cases tracked so far.');
    await screenshot(page, 'case-tracking-summary');
    await readsAt320(page, 'case-tracking-summary');

    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: sampledRefs[0]! }).click()]);
    await expectNoAxeViolations(page);
    await readsAt320(page, 'tracked-case');

    await page.getByLabel('Records you read').fill('Maternity record, GP summary');
    await submit(page, 'Save');
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Select the services you saw for this case');
    await expect(page.getByLabel('Records you read').inputValue()).resolves.toBe('Maternity record, GP summary');
    await screenshot(page, 'tracked-case-error');

    await page.getByLabel('Midwifery').check();
    await page.getByLabel('Health Visiting').check();
    await submit(page, 'Save');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('What you saw and read has been saved.');

    await page.getByRole('radio', { name: 'Concern' }).check();
    await page.getByLabel('About which service (optional)').selectOption('Midwifery');
    await page.getByLabel('Describe what you found').fill('The handover to health visiting was not written in the record.');
    await submit(page, 'Record finding');
    await expect(page.getByTestId('tracked-case-findings').innerText()).resolves.toContain('The handover to health visiting was not written in the record.');

    await page.getByLabel('Link an evidence item, concern or visit').selectOption({ index: 1 });
    await submit(page, 'Link to this case');
    await expect(page.getByTestId('tracked-case-links').innerText()).resolves.toContain('Maternity record: the safeguarding handover was by phone only.');
    await screenshot(page, 'tracked-case');
    await readsAt320(page, 'tracked-case-recorded');

    await visit(page, `/inspections/${id}/case-tracking`, 'case-tracking-summary-after');
    await expect(page.getByTestId('tracking-intro').innerText()).resolves.toBe('1 case of the 3 sampled cases tracked so far.');
    await expect(page.getByTestId('tracking-report-text').innerText()).resolves.toContain('We found a concern in 1 case.');
  });

  it("the draft report: the sections still to write are shown, a section is added, and sending for approval is refused naming them", async () => {
    const lead = await ctxFor(w.people.lead);
    await changeInspectionState(lead, id, { event: 'end_fieldwork' });
    const { approveJudgement } = await import('../../src/services/fieldwork/judgement.service.js');
    await approveJudgement(await ctxFor(w.people.manager), id, {});
    const page = s.page;
    await visit(page, `/inspections/${id}/report`);
    await submit(page, 'Start the draft report');
    await expect(page.getByTestId('sections-to-write').innerText()).resolves.toContain('Early help, Children in need, Child protection, Looked after children');
    await screenshot(page, 'report-structure-workspace');
    await readsAt320(page, 'report-structure-workspace');

    // "Cases we tracked" was written from the summary when the draft started: rewriting it changes nothing.
    await submit(page, 'Rewrite from case tracking');
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Cases we tracked already says what the case-tracking summary says');

    await page.getByLabel('Where').selectOption({ label: "A part of the child's journey" });
    await page.getByLabel('Heading of the new section').fill('Care leavers');
    await submit(page, 'Add section');
    await expect(page.getByTestId('sections-to-write').innerText()).resolves.toContain('Care leavers');

    await submit(page, 'Send for approval');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('The report cannot be sent for approval while 8 sections still hold placeholder text');
    expect(summary).toContain('"Care leavers"');
    await screenshot(page, 'report-structure-refused');
  });
});
