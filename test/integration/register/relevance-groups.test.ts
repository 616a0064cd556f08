/**
 * Issue 13, item 8: a relevance search is read group by group (the name is the search text; starts
 * with it; contains it; anything else the search matches), each group in name order. Paging forward,
 * back, from the end and by a typed page number gives exactly the order of the relevance rule, with
 * no service skipped or repeated where one group ends and the next begins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { searchLocations } from '../../../src/data/repositories/register.repository.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { anonymous } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const unescape = (s: string) => s.replace(/&amp;/g, '&');
const ids = (html: string) => [...html.matchAll(/<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="\/locations\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));
const link = (html: string, rel: 'next' | 'prev') => {
  const m = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html);
  return m ? unescape(m[1]!) : null;
};

describe('relevance search read in groups', () => {
  let t: TestApp;
  const word = `grp${process.pid}q`;
  const made: { id: string; rank: number; name: string }[] = [];
  let expected: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const make = async (name: string, rank: number, provider?: string, status?: string) => {
      const p = await createRegisteredPractice(t.database.db, { name, odsCode: `G${String(process.pid % 100).padStart(2, '0')}${String(made.length).padStart(3, '0')}`, ...(status ? { registrationStatus: status } : {}) });
      if (provider) await sql`update register_locations set provider_name = ${provider} where location_id = ${p.locationId}`.execute(t.database.db);
      if (!status) made.push({ id: p.locationId, rank, name: name.toLowerCase() });
    };
    await make(word.toUpperCase(), 0);
    for (const s of ['Surgery', 'Medical Centre', 'Health']) await make(`${word} ${s}`, 1);
    // Names that contain the word, in an order that differs from their creation order.
    for (let i = 0; i < 25; i++) await make(`${String.fromCharCode(122 - (i % 26))}ing ${word} Practice ${i}`, 2);
    // Matched only by the provider's name.
    for (let i = 0; i < 24; i++) await make(`Ash Tree Surgery ${String(i).padStart(2, '0')}`, 3, `${word} Healthcare`);
    // A deregistered service matching well is not in the public search.
    await make(`${word}`, 0, undefined, 'Deregistered');
    const byteOrder = (a: string, b: string) => (Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expected = [...made].sort((a, b) => a.rank - b.rank || byteOrder(a.name, b.name) || byteOrder(a.id, b.id)).map((m) => m.id);
  });
  afterAll(async () => t.close());

  it('Next walks every group in the order of the relevance rule, each service once', async () => {
    const s = anonymous(t.app);
    const pages: string[][] = [];
    const htmls: string[] = [];
    let url: string | null = `/locations?q=${word}`;
    while (url && pages.length < 10) {
      const res = await s.get(url);
      expect(res.statusCode).toBe(200);
      pages.push(ids(res.body));
      htmls.push(res.body);
      url = link(res.body, 'next');
    }
    expect(pages.map((p) => p.length)).toEqual([20, 20, 13]);
    expect(pages.flat()).toEqual(expected);
    // Previous from page 3 (it starts inside the last group) comes back to page 2 exactly.
    expect(ids((await s.get(link(htmls[2]!, 'prev')!)).body)).toEqual(expected.slice(20, 40));
    // And from page 2 back to the first page.
    expect(ids((await s.get(link(htmls[1]!, 'prev')!)).body)).toEqual(expected.slice(0, 20));
  });

  it('the last page read back from the end, and a typed page number, give the same rows', async () => {
    const s = anonymous(t.app);
    const first = await s.get(`/locations?q=${word}`);
    const last = /href="([^"]*before=end[^"]*)"/.exec(first.body)?.[1];
    expect(last).toBeDefined();
    expect(ids((await s.get(unescape(last!))).body)).toEqual(expected.slice(40));
    expect(ids((await s.get(`/locations?q=${word}&page=2`)).body)).toEqual(expected.slice(20, 40));
  });

  it('the repository gives the same order at every offset, and the exact match first', async () => {
    for (const offset of [0, 3, 4, 19, 28, 29, 50]) {
      const r = await searchLocations(t.database.db, { q: word, registeredOnly: true }, { sort: 'relevance', limit: 7, offset });
      expect(r.rows.map((x) => x.location_id), `offset ${offset}`).toEqual(expected.slice(offset, offset + 7));
      expect(r.hasAfter).toBe(offset + 7 < expected.length);
    }
    const top = await searchLocations(t.database.db, { q: word.toUpperCase(), registeredOnly: true }, { sort: 'relevance', limit: 1, offset: 0 });
    expect(top.rows[0]?.name).toBe(word.toUpperCase());
    expect(top.total).toBe(expected.length);
  });

  it.each([
    ['walking the name index (dense groups)', { denseGroup: 0 }],
    ['their matches (sparse groups)', { denseGroup: 1_000_000 }],
    ['a walk, with the groups sized from a count that stopped at its cap', { denseGroup: 3, countCap: 5 }],
    ['their matches, with the groups sized from a count that stopped at its cap', { denseGroup: 1_000_000, countCap: 5 }],
  ])('gives the same rows whether "name contains" and "anything else" are read by %s', async (_label, how) => {
    const read = (position: Parameters<typeof searchLocations>[2]['position']) => searchLocations(t.database.db, { q: word, registeredOnly: true }, { sort: 'relevance', limit: 6, position, ...how });
    const forward: string[] = [];
    let r = await read({ offset: 0 });
    forward.push(...r.rows.map((x) => x.location_id));
    while (r.hasAfter && forward.length < 100) {
      r = await read({ after: r.lastKey! });
      forward.push(...r.rows.map((x) => x.location_id));
    }
    expect(forward).toEqual(expected);
    // Back from the last page, page by page, to the first.
    const backward: string[][] = [];
    let b = await read({ fromEnd: true });
    backward.unshift(b.rows.map((x) => x.location_id));
    while (b.hasBefore && backward.length < 20) {
      b = await read({ before: b.firstKey! });
      backward.unshift(b.rows.map((x) => x.location_id));
    }
    expect(backward.flat()).toEqual(expected);
  });

  it('counts the matches of each relevance group, and reads a group the count found empty as empty', async () => {
    const r = await searchLocations(t.database.db, { q: word, registeredOnly: true }, { sort: 'relevance', limit: 6, offset: 0 });
    expect(r.count).toEqual({ n: expected.length, groups: [1, 3, 25, 24] });
    // A count kept from an earlier page is trusted: a group it says is empty is not read.
    const told = await searchLocations(t.database.db, { q: word, registeredOnly: true }, { sort: 'relevance', limit: 6, offset: 28, knownCount: { n: 29, groups: [1, 3, 25, 0] } });
    expect(told.rows.map((x) => x.location_id)).toEqual(expected.slice(28, 29));
    expect(told.hasAfter).toBe(false);
  });

  it('a count kept while paging is counted again once the register changes', async () => {
    const s = anonymous(t.app);
    const count = (html: string) => /data-testid="result-count">([^<]+)</.exec(html)?.[1] ?? '';
    expect(count((await s.get(`/locations?q=${word}&sort=name`)).body)).toBe(`${expected.length} services found, showing 1 to 20`);
    expect(count((await s.get(`/locations?q=${word}&sort=name&page=2`)).body)).toBe(`${expected.length} services found, showing 21 to 40`);
    await createRegisteredPractice(t.database.db, { name: `${word} Late Addition`, odsCode: `G${String(process.pid % 100).padStart(2, '0')}999` });
    expect(count((await s.get(`/locations?q=${word}&sort=name&page=3`)).body)).toBe(`${expected.length + 1} services found, showing 41 to ${expected.length + 1}`);
  });
});
