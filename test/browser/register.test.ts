import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo/demo-accounts.js';
import { openBrowser, screenshot, visit, type BrowserSession } from './support/browser.js';

describe('public register in Chromium (demo world with real CQC and GP data)', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it('searches by partial postcode and opens a location', async () => {
    await visit(s.page, '/locations', 'register-search-empty');
    await s.page.getByLabel('Name, provider, town or postcode').fill('ol8 2a');
    await s.page.getByTestId('search-button').click();
    await expect(s.page.getByTestId('result-count').innerText()).resolves.toMatch(/\d+ services? found/);
    await expect(s.page.getByRole('link', { name: 'Elizabeth House' }).isVisible()).resolves.toBe(true);
    await visit(s.page, s.page.url(), 'register-search-postcode');
    await s.page.getByRole('link', { name: 'Elizabeth House' }).click();
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Elizabeth House');
  });

  it('shows each key question with its own date on the location page', async () => {
    await visit(s.page, '/locations/1-117886088', 'register-location');
    const rows = s.page.getByTestId('key-question');
    await expect(rows.count()).resolves.toBe(5);
    const dates: Record<string, string> = {};
    for (let i = 0; i < 5; i++) {
      const row = rows.nth(i);
      dates[await row.locator('th').innerText()] = await row.getByTestId('kq-date').innerText();
    }
    expect(Object.keys(dates)).toEqual(['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led']);
    // Carried-forward key questions keep their earlier dates: not all the same as the headline.
    expect(new Set(Object.values(dates)).size).toBeGreaterThan(1);
    const headline = await s.page.getByTestId('overall-date').innerText();
    expect(Object.values(dates).some((d) => !d.startsWith(headline.split(' (')[0] as string))).toBe(true);
  });

  it('searches by name with a rating filter, without JavaScript', async () => {
    const noJs = await openBrowser({ javaScriptEnabled: false });
    try {
      await noJs.page.goto('/locations');
      await noJs.page.getByLabel('Name, provider, town or postcode').fill('stopsley');
      await noJs.page.getByLabel('Overall rating').selectOption('Requires improvement');
      await noJs.page.getByTestId('search-button').click();
      expect(noJs.page.url()).toContain('rating=Requires+improvement');
      // Other browser files add test practices of the same name, so look for the register's real one (E81006).
      const practice = noJs.page.getByTestId('result').filter({ has: noJs.page.locator('a[href="/locations/E81006"]') });
      await expect(practice.count()).resolves.toBe(1);
      await expect(practice.innerText()).resolves.toMatch(/Stopsley Village Practice[\s\S]*Requires improvement[\s\S]*Published 10 February 2026/);
      await noJs.page.getByLabel('Overall rating').selectOption('Inadequate');
      await noJs.page.getByTestId('search-button').click();
      await expect(noJs.page.getByTestId('result-count').innerText()).resolves.toBe('No services match your search');
      await screenshot(noJs.page, 'register-search-no-results');
    } finally {
      await noJs.close();
    }
  });

  it('location and provider pages are accessible', async () => {
    await visit(s.page, '/locations/1-1783268868', 'register-location-history');
    await expect(s.page.getByTestId('history').isVisible()).resolves.toBe(true);
    await visit(s.page, '/locations/E81006', 'register-gp-practice');
    // The demo world publishes the practice's report of the October 2025 inspection.
    await expect(s.page.getByTestId('reports').innerText()).resolves.toMatch(/inspection report published 10 February 2026/);
    await visit(s.page, '/providers/1-101614967', 'register-provider');
    await visit(s.page, '/public/v1', 'register-public-api');
  });

  it('lists services near a postcode nearest first, each with its distance, and a misspelt name gets "Did you mean"', async () => {
    await visit(s.page, '/locations?near=OL8&distance=3', 'register-search-near');
    const distances = await s.page.getByTestId('distance').allInnerTexts();
    expect(distances.length).toBeGreaterThan(1);
    const miles = distances.map((d) => Number(/^(\d+\.\d)/.exec(d)?.[1]));
    expect(miles).toEqual([...miles].sort((a, b) => a - b));
    await visit(s.page, '/locations?q=stopsly', 'register-search-did-you-mean');
    await expect(s.page.getByTestId('did-you-mean').innerText()).resolves.toContain('Stopsley Village Practice');
  });

  it('a lead inspector finds a GP practice by a misspelt name as they type and plans it as a location', async () => {
    await s.page.goto('/sign-in');
    await s.page.getByLabel('Email address').fill('daniel.osei@inspectorate.example');
    await s.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await s.page.getByRole('button', { name: 'Sign in' }).click();
    await visit(s.page, '/inspections/new/find-subject', 'find-subject-empty');
    await s.page.getByLabel('Name, postcode, CQC ID or ODS code').pressSequentially('stopsly', { delay: 30 });
    const choose = s.page.getByRole('link', { name: /Plan an inspection of Stopsley Village Practice as a location/ });
    await choose.first().waitFor();
    await visit(s.page, s.page.url(), 'find-subject-results');
    // Other browser tests add practices of the same name (with made-up codes): choose the real one.
    await s.page.locator('a[data-testid="choose-subject"][href*="subjectCode=E81006"]').first().click();
    await expect(s.page.getByLabel('Location or provider').inputValue()).resolves.toBe('E81006');
    await s.page.setViewportSize({ width: 320, height: 800 });
    await visit(s.page, '/inspections/new/find-subject?q=LU2', 'find-subject-phone');
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });
});
