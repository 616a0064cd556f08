import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { importCqcDirectory } from '../../../src/services/import/cqc-directory.import.js';
import { importCqcLocations, importCqcProviders } from '../../../src/services/import/cqc-api.import.js';
import { importGpPractices } from '../../../src/services/import/gp-practices.import.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { DATA_DIR, FIXTURES, OLDHAM_LOCATIONS, OLDHAM_PROVIDERS, serviceContext } from './register-fixtures.js';

let t: TestApp;
const rejectsDir = path.resolve('test-results', 'import-rejects');

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(new Date('2026-11-23T10:00:00Z')) });
  const ctx = serviceContext(t.database.db);
  await importCqcProviders(ctx, OLDHAM_PROVIDERS, { rejectsDir });
  await importCqcLocations(ctx, OLDHAM_LOCATIONS, { rejectsDir });
  await importCqcDirectory(ctx, path.join(FIXTURES, 'care-directory-with-ratings.csv'), { rejectsDir });
  await importGpPractices(ctx, DATA_DIR, { rejectsDir });
});
afterAll(async () => {
  await t.close();
});

async function page(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, html: res.body };
}

function resultNames(html: string): string[] {
  return [...html.matchAll(/<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] as string);
}

describe('search page /locations', () => {
  it('finds every service in an outward code, and only those', async () => {
    const { html } = await page('/locations?q=ol4&status=all');
    const addresses = [...html.matchAll(/<p class="govuk-body-s govuk-!-margin-bottom-1">([^·<]+)/g)].map((m) => (m[1] as string).trim());
    expect(addresses.length).toBeGreaterThan(5);
    expect(addresses.every((a) => /OL4 \d[A-Z]{2}$/.test(a))).toBe(true);
  });

  it.each(['OL4 1YN', 'ol41yn', 'OL4 1Y', 'ol4 1y'])('finds Oldham services by postcode "%s"', async (q) => {
    const { status, html } = await page(`/locations?q=${encodeURIComponent(q)}&status=all`);
    expect(status).toBe(200);
    expect(resultNames(html)).toContain('Jarvis Medical Practice - GPCC');
  });

  it('an outward code does not match longer districts (M1 is not M11)', async () => {
    const { html } = await page('/locations?q=LU2&status=all');
    expect(resultNames(html)).toContain('Stopsley Village Practice');
    const m1 = await page('/locations?q=LU2&status=all&sort=name');
    expect(m1.html).not.toMatch(/LU2[0-9] /);
  });

  it('a word typed again does not push out a word that narrows the search (eight words at most are searched)', async () => {
    const { html } = await page(`/locations?q=${encodeURIComponent('practice '.repeat(8) + 'Stopsley')}&status=all`);
    expect(resultNames(html)).toEqual(['Stopsley Village Practice']);
  });

  it('too long a search text is kept in the box with an error summary, not a dead-end page', async () => {
    const typed = `Stopsley Village Practice, Hitchin Road, Luton — the surgery my mother goes to on Tuesdays ${'and more '.repeat(30)}`;
    const { status, html } = await page(`/locations?q=${encodeURIComponent(typed)}&rating=Good`);
    expect(status).toBe(200);
    expect(html).toContain('<title>Error: Find a service');
    expect(html).toMatch(/govuk-error-summary[\s\S]*<a href="#q">Search text must be 100 characters or fewer<\/a>/);
    expect(html).toMatch(/class="govuk-input govuk-input--error" id="q" name="q" type="search"[^>]* value="Stopsley Village Practice, Hitchin Road, Luton — the surgery my mother goes to on Tuesdays and more /);
    expect(resultNames(html)).toEqual([]);
    expect(html).toContain('Correct the problem above to search');
    // The filters chosen are kept too.
    expect(html).toMatch(/<option value="Good" selected>/);
  });

  it('a place that is not a postcode is named in the error summary and kept in its box', async () => {
    const { status, html } = await page(`/locations?near=${encodeURIComponent('Stopsley, near the school in Luton')}`);
    expect(status).toBe(200);
    expect(html).toMatch(/<a href="#near">Enter a postcode such as LU2 9AU, or the first part of one such as LU2<\/a>/);
    expect(html).toContain('value="Stopsley, near the school in Luton"');
  });

  it('finds by partial name and provider name, case-insensitively, with a filter', async () => {
    const { html } = await page('/locations?q=STOPSLEY&rating=Good');
    expect(resultNames(html)).toEqual(['Stopsley Village Practice']);
    expect(html).toContain('1 service found');
    const none = await page('/locations?q=stopsley&rating=Inadequate');
    expect(none.html).toContain('No services match your search');
    const provider = await page('/locations?q=riseway&status=all');
    expect(resultNames(provider.html).length).toBeGreaterThan(0);
  });

  it('filters by care home, type and local authority; paginates with counts', async () => {
    const care = await page('/locations?careHome=yes&localAuthority=Oldham&status=all');
    expect(care.html).toMatch(/\d+ services? found/);
    const all = await page('/locations?type=Primary%20Medical%20Services');
    expect(all.html).toMatch(/[\d,]+ services found, showing 1 to 20/);
    expect(all.html).toContain('govuk-pagination');
    const second = await page('/locations?type=Primary%20Medical%20Services&page=2');
    expect(second.html).toMatch(/showing 21 to 40/);
  });

  it('shows each result with its rating date and age, and flags ratings past the re-inspection interval', async () => {
    const { html } = await page('/locations?q=St%20Anne');
    expect(html).toContain('St Anne’s Care Home');
    expect(html).toContain('Published 14 March 2024');
    expect(html).toContain('2 years, 8 months old');
    // A GP practice rated good in 2016 (only the year is known) is past 5 years.
    const old = await page('/locations?q=densham');
    expect(old.html).toContain('Published in 2016');
    expect(old.html).toContain('Older than the maximum time between inspections');
  });

  it('sorts by name and by rating date', async () => {
    const byName = resultNames((await page('/locations?localAuthority=Oldham&sort=name&status=all')).html);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const byDate = await page('/locations?localAuthority=Rochdale&sort=rating-date&status=all');
    expect(byDate.status).toBe(200);
  });
});

describe('location page', () => {
  it('shows each key question with its own date, never the headline date over carried-forward ratings', async () => {
    const { status, html } = await page('/locations/1-900000001');
    expect(status).toBe(200);
    const rows = [...html.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)<\/th>\s*<td class="govuk-table__cell">([\s\S]*?)<\/td>/g)].map((m) => [m[1], (m[2] as string).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()]);
    const byName = Object.fromEntries(rows);
    expect(byName['Safe']).toMatch(/Requires improvement Published 14 March 2024/);
    expect(byName['Effective']).toMatch(/Good Published 2 May 2019/);
    expect(byName['Well-led']).toMatch(/Published 14 March 2024/);
  });

  it('shows ratings per service when there is no single overall rating', async () => {
    const { html } = await page('/locations/1-900000002');
    expect(html).toContain('does not have a single overall rating');
    expect(html).toContain('Ratings for each service');
    expect(html).toContain('Diagnostic imaging');
  });

  it('shows provider link, registration details, services, history and reports', async () => {
    const { html } = await page('/locations/1-115962630');
    expect(html).toContain('href="/providers/1-101614967"');
    const jarvis = await page('/locations/1-1783268868');
    expect(jarvis.html).toContain('Deregistered on 1 October 2020');
    expect(jarvis.html).toContain('Doctors/Gps');
    expect(jarvis.html).toContain('Rated good overall');
    expect(jarvis.html).toContain('Location report published 13 July 2020');
    const gp = await page('/locations/E81006');
    expect(gp.html).toContain('No inspection reports have been published for this service yet.');
  });

  it('404 for an unknown location or provider', async () => {
    expect((await page('/locations/1-000')).status).toBe(404);
    expect((await page('/providers/1-000')).status).toBe(404);
  });
});

describe('provider page', () => {
  it('lists its locations with their ratings', async () => {
    const { status, html } = await page('/providers/1-101614967');
    expect(status).toBe(200);
    expect(html).toContain('Riseway Care Homes Limited');
    expect(html).toMatch(/1 location \(\d registered\)/);
    expect(html).toContain('href="/locations/1-115962630"');
    expect(html).toContain('Coppice Nursing Home');
  });
});
