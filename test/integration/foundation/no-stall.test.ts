/**
 * Nobody can stall the service (issue 14, item 2). A register import is one long transaction;
 * it used to hold the public pages' generation row lock from its first batch to its commit, so
 * every feedback post (feedback moves the generation too) waited for the whole import and the
 * waiting posts used up the pool: /health answered 503 and pages 500. Here an import is held
 * open, with its first rows written, while 20 public posts and 20 page views run: all of them
 * complete while the import is still open, and the import's commit still moves the generation.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../../src/data/database.js';
import type { LocationRecord } from '../../../src/data/repositories/register-write.repository.js';
import { writeLocations } from '../../../src/services/import/register-writes.js';
import { runImport, type SourceItem } from '../../../src/services/import/run-import.js';
import { publicPagesGeneration } from '../../../src/services/register/public-pages.service.js';
import { createLogger } from '../../../src/logger.js';
import { buildApp } from '../../../src/web/app.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { serviceContext } from '../register/register-fixtures.js';
import { anonymous, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

function location(i: number): LocationRecord {
  const id = `1-STALL${String(i).padStart(6, '0')}`;
  return {
    registerId: id, cqcLocationId: id, providerId: null, name: `Stall Test Care Home ${i}`, odsCode: null, type: 'Social Care Org',
    registrationStatus: 'Registered', registrationDate: '2020-01-01', deregistrationDate: null, dormancy: null, careHome: true, numberOfBeds: 20,
    addressLine1: '1 Test Street', addressLine2: null, town: 'Testtown', county: null, postcode: 'TT1 1TT', phone: null, website: null, region: 'London',
    localAuthority: null, constituency: null, icbCode: null, icbName: null, latitude: null, longitude: null, inspectionDirectorate: 'Adult social care',
    primaryInspectionCategory: null, serviceTypes: [], specialisms: [], regulatedActivities: [], brandId: null, brandName: null, lastInspectionDate: null,
    lastReportDate: null, overall: null, ratings: [], reports: [], document: {}, source: 'stall-test',
  };
}

let t: TestApp;
let importDb: DbHandle;
let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;

beforeAll(async () => {
  t = await createTestApp();
  practice = await createRegisteredPractice(t.database.db, { name: 'Quiet Street Surgery' });
  // The import runs on its own connection, as `inspectorate import` does in its own process.
  importDb = createDb(t.database.url, { max: 2 });
});
afterAll(async () => {
  await importDb.close();
  await t.close();
});

describe('a long import does not stall the public service', () => {
  it('lets 20 feedback posts and 20 page views complete while an import holds its transaction open', async () => {
    const generationBefore = Number(await publicPagesGeneration({ db: t.database.db }));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstBatchWritten!: () => void;
    const written = new Promise<void>((r) => (firstBatchWritten = r));
    async function* items(): AsyncGenerator<SourceItem<LocationRecord>> {
      for (let i = 0; i < 500; i++) yield { position: `row ${i + 1}`, id: `1-STALL${i}`, record: location(i) };
      // The import has written its first 500 rows (and fired the public-pages triggers); it
      // now stays open, as a 40,000-row import does for half a minute, until released.
      await new Promise((r) => setTimeout(r, 200));
      firstBatchWritten();
      await gate;
      yield { position: 'row 501', id: '1-STALL500', record: location(500) };
    }
    let importDone = false;
    const importing = runImport(serviceContext(importDb.db), 'cqc-locations', 'stall.json', items(), (trx, batch) => writeLocations(trx, batch), { batchSize: 500, rejectsDir: 'test-results/import-rejects' }).finally(() => (importDone = true));
    importing.catch(() => undefined);
    await written;
    let generationDuring = 0;
    try {

      const page = await anonymous(t.app).get(`/give-feedback/service/${practice.locationId}`);
      expect(page.statusCode).toBe(200);
      const posts = Array.from({ length: 20 }, (_, i) => {
        const s = anonymous(t.app);
        return s.get(`/give-feedback/service/${practice.locationId}`).then(() =>
          s.post(
            `/give-feedback/service/${practice.locationId}`,
            { submittedAs: 'myself', whatHappened: `Visit number ${i + 1} went well and the staff were kind.`, day: '3', month: '11', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' },
            { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } },
          ),
        );
      });
      const views = Array.from({ length: 20 }, (_, i) => t.app.inject({ method: 'GET', url: i % 4 === 0 ? '/health' : i % 4 === 1 ? '/locations?q=quiet+street' : `/locations/${practice.locationId}` }));
      const settled = await Promise.race([
        Promise.all([...posts, ...views]),
        new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 30_000).unref()),
      ]);
      // Every request answered while the import was still open: none waited for it.
      expect(settled).not.toBe('still waiting');
      expect(importDone).toBe(false);
      const responses = settled as Awaited<(typeof posts)[number]>[];
      const postStatuses = responses.slice(0, 20).map((r) => r.statusCode);
      expect(postStatuses).toEqual(Array(20).fill(303));
      for (const r of responses.slice(0, 20)) expect(TestSession.location(r)).toMatch(/^\/give-feedback\/sent\/FB-/);
      expect(responses.slice(20).map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      expect(await t.database.db.selectFrom('feedback').select('id').where('location_id', '=', practice.locationId).execute()).toHaveLength(20);
      // The import's rows are not visible yet, and the generation moved only for the posts.
      expect(await t.database.db.selectFrom('register_locations').select('location_id').where('location_id', 'like', '1-STALL%').execute()).toEqual([]);
      generationDuring = Number(await publicPagesGeneration({ db: t.database.db }));
      expect(generationDuring).toBeGreaterThanOrEqual(generationBefore + 20);
    } finally {
      release();
    }
    const summary = await importing;
    expect(summary.inserted).toBe(501);
    // The import's commit moves the generation, so no process keeps serving a page without its rows.
    expect(Number(await publicPagesGeneration({ db: t.database.db }))).toBeGreaterThan(generationDuring);
    const search = await t.app.inject({ method: 'GET', url: '/locations?q=stall+test+care+home+500&status=all' });
    expect(search.body).toContain('Stall Test Care Home 500');
    expect(await t.database.db.selectFrom('public_page_generation_pending').select('txid').execute()).toEqual([]);
  });

  it('moves the generation once per transaction, at commit, and not at all when the transaction rolls back', async () => {
    const before = Number(await publicPagesGeneration({ db: t.database.db }));
    await t.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('register_locations').set({ town: 'Othertown' }).where('location_id', '=', practice.locationId).execute();
      await trx.updateTable('register_locations').set({ town: 'Riverside' }).where('location_id', '=', practice.locationId).execute();
      // Inside the transaction the counter has not moved yet: nobody else waits on its row.
      expect(Number(await publicPagesGeneration({ db: trx }))).toBe(before);
    });
    expect(Number(await publicPagesGeneration({ db: t.database.db }))).toBe(before + 1);
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('register_locations').set({ town: 'Nowhere' }).where('location_id', '=', practice.locationId).execute();
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
    expect(Number(await publicPagesGeneration({ db: t.database.db }))).toBe(before + 1);
  });

  it('answers "busy" (503, try again) rather than waiting without end when a request cannot get a lock in time', async () => {
    // The request pool as server.ts makes it (DB_LOCK_TIMEOUT_MS), and /health on its own connection.
    const requests = createDb(t.database.url, { max: 2, lockTimeoutMs: 300, statementTimeoutMs: 5_000 });
    const app = await buildApp({ config: t.config, db: requests.db, healthDb: t.database.db, logger: createLogger('silent') });
    const s = anonymous(app);
    await s.get(`/give-feedback/service/${practice.locationId}`);
    const holder = new pg.Client({ connectionString: t.database.ownerUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table feedback in access exclusive mode');
      const fields = { submittedAs: 'myself', whatHappened: 'The nurse explained everything clearly.', day: '3', month: '11', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' };
      const res = await s.post(`/give-feedback/service/${practice.locationId}`, fields, { headers: { 'x-forwarded-for': '203.0.113.77' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toContain('The service is busy. Nothing was saved. Try again in a few seconds.');
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', database: 'ok' });
      await holder.query('rollback');
      const again = await s.post(`/give-feedback/service/${practice.locationId}`, fields, { headers: { 'x-forwarded-for': '203.0.113.77' } });
      expect(again.statusCode).toBe(303);
    } finally {
      await holder.end();
      await app.close();
      await requests.close();
    }
  });
});
