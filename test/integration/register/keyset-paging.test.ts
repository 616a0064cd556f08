/**
 * Issue 13, item 8: deep search pages seek by key instead of counting through every earlier
 * match. Next and Previous links carry the sort key of the row they continue from (working without
 * JavaScript); services that tie on the sort (the same name, the same rating date, no rating date)
 * keep one order by their location ID, so paging through them never skips or repeats one; the last
 * page, read back from the end, lines up with the pages before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { anonymous } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const unescape = (s: string) => s.replace(/&amp;/g, '&');
const ids = (html: string) => [...html.matchAll(/<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="\/locations\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));
const link = (html: string, rel: 'next' | 'prev') => {
  const m = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html);
  return m ? unescape(m[1]!) : null;
};
const count = (html: string) => /data-testid="result-count">([^<]+)</.exec(html)?.[1] ?? '';

describe('keyset paging of the register search', () => {
  let t: TestApp;
  const word = `tiebreak${process.pid}`;
  const made: { id: string; date: string | null }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    // 45 services with one name; rating dates tie in threes, and every fourth has none.
    for (let i = 0; i < 45; i++) {
      const date = i % 4 === 0 ? null : `2024-0${(i % 3) + 1}-15`;
      const p = await createRegisteredPractice(t.database.db, { name: `${word} House`, odsCode: `K${String(process.pid % 100).padStart(2, '0')}${String(i).padStart(3, '0')}`, ...(date ? { ratingDate: date } : { rating: null, ratingDate: null }) });
      made.push({ id: p.locationId, date });
    }
  });
  afterAll(async () => t.close());

  async function walk(first: string): Promise<{ pages: string[][]; urls: string[]; htmls: string[] }> {
    const s = anonymous(t.app);
    const pages: string[][] = [];
    const urls: string[] = [];
    const htmls: string[] = [];
    let url: string | null = first;
    while (url && pages.length < 10) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(200);
      pages.push(ids(res.body));
      urls.push(url);
      htmls.push(res.body);
      url = link(res.body, 'next');
    }
    return { pages, urls, htmls };
  }

  it('Next pages through 45 services with the same name: every one once, ordered by location ID, the later pages by key', async () => {
    const { pages, urls, htmls } = await walk(`/locations?q=${word}`);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat()).toEqual(made.map((m) => m.id).sort());
    expect(urls[1]).toMatch(/[?&]after=[A-Za-z0-9_-]+/);
    expect(urls[1]).toContain('page=2');
    expect(count(htmls[1]!)).toBe('45 services found, showing 21 to 40');
    expect(count(htmls[2]!)).toBe('45 services found, showing 41 to 45');
  });

  it('Previous goes back by key to the same rows, and the first page link has no cursor', async () => {
    const { pages, htmls } = await walk(`/locations?q=${word}`);
    const back = link(htmls[2]!, 'prev');
    expect(back).toMatch(/[?&]before=[A-Za-z0-9_-]+/);
    const s = anonymous(t.app);
    const page2 = await s.get(back!);
    expect(ids(page2.body)).toEqual(pages[1]);
    expect(count(page2.body)).toBe('45 services found, showing 21 to 40');
    const toFirst = link(page2.body, 'prev');
    expect(toFirst).toBe(`/locations?q=${word}`);
    expect(ids((await s.get(toFirst!)).body)).toEqual(pages[0]);
  });

  it('the last page, read back from the end, holds the same 5 services as paging forward', async () => {
    const s = anonymous(t.app);
    const first = await s.get(`/locations?q=${word}`);
    const last = /href="([^"]*before=end[^"]*)"/.exec(first.body)?.[1];
    expect(last).toBeDefined();
    const page3 = await s.get(unescape(last!));
    expect(ids(page3.body)).toEqual(made.map((m) => m.id).sort().slice(40));
    expect(count(page3.body)).toBe('45 services found, showing 41 to 45');
    expect(link(page3.body, 'next')).toBeNull();
    // Previous from the last page lines up with page 2.
    expect(ids((await s.get(link(page3.body, 'prev')!)).body)).toEqual(made.map((m) => m.id).sort().slice(20, 40));
  });

  it('most recently rated first: ties on the date and services with no date keep one order across pages', async () => {
    const { pages, htmls } = await walk(`/locations?q=${word}&sort=rating-date&status=all`);
    expect(ids((await anonymous(t.app).get(link(htmls[2]!, 'prev')!)).body)).toEqual(pages[1]);
    const expected = [...made].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date === null ? 1 : b.date === null ? -1 : a.date > b.date ? -1 : 1)).map((m) => m.id);
    expect(pages.flat()).toEqual(expected);
    expect(new Set(pages.flat()).size).toBe(45);
  });

  it('in name order (one row comparison on the name index) the pages go forward and back the same way', async () => {
    const { pages, htmls } = await walk(`/locations?q=${word}&sort=name`);
    expect(pages.flat()).toEqual(made.map((m) => m.id).sort());
    expect(ids((await anonymous(t.app).get(link(htmls[2]!, 'prev')!)).body)).toEqual(pages[1]);
  });

  it('a cursor that is not one of ours is ignored: the page is read by its number', async () => {
    const res = await anonymous(t.app).get(`/locations?q=${word}&page=2&after=not-a-cursor`);
    expect(res.statusCode).toBe(200);
    expect(ids(res.body)).toEqual(made.map((m) => m.id).sort().slice(20, 40));
  });

  it('the public API pages by location ID after the last one (an extension), giving the same list as CQC’s page numbers', async () => {
    const get = async (url: string) => {
      const res = await t.app.inject({ url });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; nextPageUri: string | null; locations: { locationId: string }[] };
    };
    const byPage: string[] = [];
    const first = await get('/public/v1/locations?perPage=20');
    for (let p = 1; p <= Math.ceil(first.total / 20); p++) byPage.push(...(await get(`/public/v1/locations?perPage=20&page=${p}`)).locations.map((l) => l.locationId));
    const byKey: string[] = [];
    let next: string | null = '/locations?perPage=20&afterLocationId=';
    let pages = 0;
    while (next && pages++ < 50) {
      const body = await get(`/public/v1${next}`);
      byKey.push(...body.locations.map((l) => l.locationId));
      next = body.nextPageUri;
      if (next) expect(next).toMatch(/afterLocationId=/);
    }
    expect(byKey).toEqual(byPage);
    expect(byKey.length).toBe(first.total);
    expect(byKey).toEqual(expect.arrayContaining(made.map((m) => m.id)));
    const both = await t.app.inject({ url: '/public/v1/locations?page=2&afterLocationId=K' });
    expect(both.statusCode).toBe(400);
  });
});
