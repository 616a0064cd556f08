import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/data/database.js';
import { createLogger } from '../../../src/logger.js';
import { buildApp } from '../../../src/web/app.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { testConfig } from '../../support/test-config.js';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers 200 with the database ok when PostgreSQL answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', worker: { status: 'none', lastHeartbeat: null, running: 0 }, failedJobsLastHour: 0 });
  });

  it('answers 503 with the database unavailable when it cannot reach PostgreSQL, and keeps serving pages', async () => {
    // A database nobody listens on: the pool fails to connect.
    const dead = createDb('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1, onError: () => undefined });
    const config = testConfig();
    const app = await buildApp({ config, db: dead.db, logger: createLogger('silent') });
    try {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
      const start = await app.inject({ method: 'GET', url: '/' });
      expect(start.statusCode).toBe(200);
    } finally {
      await app.close();
      await dead.close();
    }
  });

  it('recovers when the database comes back: the same pool answers ok after its connections were killed', async () => {
    await t.database.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
  });
});
