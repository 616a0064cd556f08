import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCqcDirectory } from '../../../src/services/import/cqc-directory.import.js';
import { importCqcLocations, importCqcProviders } from '../../../src/services/import/cqc-api.import.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { FIXTURES, OLDHAM_LOCATIONS, OLDHAM_PROVIDERS, serviceContext } from './register-fixtures.js';

let t: TestApp;
const rejectsDir = path.resolve('test-results', 'import-rejects');

beforeAll(async () => {
  t = await createTestApp({ config: { publicApiRateLimit: 0 } });
  const ctx = serviceContext(t.database.db);
  await importCqcProviders(ctx, OLDHAM_PROVIDERS, { rejectsDir });
  await importCqcLocations(ctx, OLDHAM_LOCATIONS, { rejectsDir });
  await importCqcDirectory(ctx, path.join(FIXTURES, 'care-directory-with-ratings.csv'), { rejectsDir });
});
afterAll(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, body: res.body ? (String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body) : undefined };
}

describe('GET /public/v1/locations', () => {
  it("answers with CQC's paging envelope and working links", async () => {
    const first = await get('/public/v1/locations?page=1&perPage=100');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 303, page: 1, perPage: 100, totalPages: 4, previousPageUri: null });
    expect(first.body.firstPageUri).toBe('/locations?page=1&perPage=100');
    expect(first.body.nextPageUri).toBe('/locations?page=2&perPage=100');
    expect(first.body.lastPageUri).toBe('/locations?page=4&perPage=100');
    expect(first.body.locations).toHaveLength(100);
    expect(Object.keys(first.body.locations[0]).sort()).toEqual(['locationId', 'locationName', 'postalCode']);
    const last = await get(`/public/v1${first.body.lastPageUri}`);
    expect(last.body.locations).toHaveLength(3);
    expect(last.body.nextPageUri).toBeNull();
    expect(last.body.previousPageUri).toBe('/locations?page=3&perPage=100');
    const ids = new Set([...first.body.locations, ...last.body.locations].map((l: { locationId: string }) => l.locationId));
    expect(ids.size).toBe(103);
  });

  it.each([
    ['localAuthority=Rochdale', 1],
    ['careHome=Y', undefined],
    ['inspectionDirectorate=Primary%20medical%20services', undefined],
    ['primaryInspectionCategoryName=GP%20Practices', undefined],
    ['overallRating=Outstanding', undefined],
    ['region=North%20West&localAuthority=Oldham', 302],
  ])('filters by %s and keeps the filter in the paging links', async (query, expected) => {
    const res = await get(`/public/v1/locations?perPage=1000&${query}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    if (expected) expect(res.body.total).toBe(expected);
    expect(res.body.total).toBeLessThan(303);
    expect(res.body.firstPageUri).toContain(query.split('=')[0]);
  });

  it('filters by overall rating with either spelling', async () => {
    const a = await get('/public/v1/locations?overallRating=Requires%20Improvement&perPage=1000');
    const b = await get('/public/v1/locations?overallRating=Requires%20improvement&perPage=1000');
    expect(a.body.total).toBeGreaterThan(0);
    expect(a.body.total).toBe(b.body.total);
  });

  it.each([
    ['perPage=abc', 'perPage'],
    ['page=0', 'page'],
    ['perPage=5000', 'perPage'],
    ['careHome=maybe', 'careHome'],
    ['overallRating=Excellent', 'overallRating'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const res = await get(`/public/v1/locations?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(name);
  });

  it('sends ETag and Cache-Control, and 304 when nothing changed', async () => {
    const res = await get('/public/v1/locations?perPage=5');
    expect(res.headers['etag']).toMatch(/^".+"$/);
    expect(res.headers['cache-control']).toMatch(/max-age/);
    const again = await t.app.inject({ method: 'GET', url: '/public/v1/locations?perPage=5', headers: { 'if-none-match': String(res.headers['etag']) } });
    expect(again.statusCode).toBe(304);
  });
});

describe('GET /public/v1/locations/{locationId}', () => {
  it("uses CQC's field names, with key question ratings and history", async () => {
    const res = await get('/public/v1/locations/1-1783268868');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc).toMatchObject({ locationId: '1-1783268868', providerId: '1-1543643284', name: 'Jarvis Medical Practice - GPCC', postalCode: 'OL4 1YN', registrationStatus: 'Deregistered', careHome: 'N', odsCode: 'P85622' });
    expect(doc.currentRatings.overall).toMatchObject({ rating: 'Requires improvement', reportDate: '2019-04-23', reportLinkId: 'b3e2af40-bfc1-469a-9f09-38b09aad90c3' });
    expect(doc.currentRatings.overall.keyQuestionRatings.map((k: { name: string }) => k.name)).toEqual(['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led']);
    expect(doc.currentRatings.serviceRatings).toHaveLength(6);
    expect(doc.historicRatings[0]).toMatchObject({ reportDate: '2020-07-13', overall: { rating: 'Inspected but not rated' } });
    expect(doc.historicRatings[1].overall.keyQuestionRatings).toHaveLength(5);
    expect(doc.reports).toHaveLength(3);
  });

  it('serves an NHS trust site by its ODS-style id, with per-service ratings and no overall', async () => {
    const trust = await get('/public/v1/locations/RT203');
    expect(trust.status).toBe(200);
    expect(trust.body.currentRatings.overall.keyQuestionRatings.find((k: { name: string }) => k.name === 'Caring')).toMatchObject({ rating: 'Outstanding', reportDate: '2016-01-10' });
    const multi = await get('/public/v1/locations/1-900000002');
    expect(multi.body.currentRatings.overall.rating).toBe('Not rated');
    expect(multi.body.currentRatings.serviceRatings.map((s: { name: string }) => s.name).sort()).toEqual(['Diagnostic imaging', 'Outpatients']);
  });

  it('answers 404 with a JSON error for an unknown id', async () => {
    const res = await get('/public/v1/locations/1-000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('1-000') } });
  });
});

describe('providers', () => {
  it('lists providers with the paging envelope', async () => {
    const res = await get('/public/v1/providers?perPage=5&page=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 20, page: 2, perPage: 5, totalPages: 4, previousPageUri: '/providers?page=1&perPage=5', nextPageUri: '/providers?page=3&perPage=5' });
    expect(Object.keys(res.body.providers[0]).sort()).toEqual(['providerId', 'providerName']);
  });

  it('returns a provider with its location ids, and its locations', async () => {
    const p = await get('/public/v1/providers/1-101611810');
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ providerId: '1-101611810', name: 'Guinness Northern Counties Limited', organisationType: 'Provider' });
    const locs = await get('/public/v1/providers/1-101611810/locations');
    expect(locs.status).toBe(200);
    expect(locs.body.total).toBe(p.body.locationIds.length);
    expect(locs.body.locations.map((l: { locationId: string }) => l.locationId).sort()).toEqual([...p.body.locationIds].sort());
  });

  it.each(['/public/v1/providers/1-000', '/public/v1/providers/1-000/locations'])('404 for %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('GET /public/v1/changes/{kind}', () => {
  it('lists ids changed in the window, and none outside it', async () => {
    const res = await get('/public/v1/changes/location?startTimestamp=2020-01-01T00:00:00Z&endTimestamp=2099-01-01T00:00:00Z&perPage=1000');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(303);
    expect(res.body.changes).toContain('1-1783268868');
    const future = await get('/public/v1/changes/provider?startTimestamp=2099-01-01T00:00:00Z&endTimestamp=2099-02-01T00:00:00Z');
    expect(future.body).toMatchObject({ total: 0, changes: [] });
    const providers = await get('/public/v1/changes/provider?startTimestamp=2020-01-01T00:00:00Z&endTimestamp=2099-01-01T00:00:00Z');
    expect(providers.body.total).toBe(20);
  });

  it.each([
    ['/public/v1/changes/location', 'startTimestamp'],
    ['/public/v1/changes/location?startTimestamp=yesterday', 'startTimestamp'],
    ['/public/v1/changes/location?startTimestamp=2021-01-01T00:00:00Z', 'endTimestamp'],
    ['/public/v1/changes/location?startTimestamp=2021-01-01T00:00:00Z&endTimestamp=2020-01-01T00:00:00Z', 'endTimestamp'],
  ])('400 for %s', async (url, name) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(name);
  });
});

describe('documentation', () => {
  it('serves the OpenAPI document and a readable API page', async () => {
    const doc = await get('/public/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/locations', '/locations/{locationId}', '/providers', '/providers/{providerId}', '/providers/{providerId}/locations', '/changes/{kind}']));
    const page = await get('/public/v1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-xl">Public API</h1>');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After per client: a subscription key, else the IP address', async () => {
    const limited = await createTestApp({ config: { publicApiRateLimit: 3 } });
    try {
      const call = (headers: Record<string, string> = {}) => limited.app.inject({ method: 'GET', url: '/public/v1/locations?perPage=1', headers });
      for (let i = 0; i < 3; i++) expect((await call({ 'ocp-apim-subscription-key': 'client-a' })).statusCode).toBe(200);
      const over = await call({ 'ocp-apim-subscription-key': 'client-a' });
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.json()).toEqual({ error: { code: 'too_many_requests', message: expect.stringContaining('3 requests a minute') } });
      // Another key, and a client without a key (counted by IP), still get through.
      expect((await call({ 'ocp-apim-subscription-key': 'client-b' })).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
