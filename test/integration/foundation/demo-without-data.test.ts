/**
 * A fresh machine has only the project: no `../shared/data` folder beside it. `npm start` must still
 * load a demo world (the parts that need the public data files are skipped, each saying so) rather
 * than fail, and loading it again changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const emptyDataDir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-no-data-'));
let t: TestApp;
let ctx: ServiceContext;
beforeAll(async () => {
  t = await createTestApp({ config: { dataDir: emptyDataDir } });
  ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(emptyDataDir, { recursive: true, force: true });
});

describe('the demo world with no data folder', () => {
  it('loads, saying what it skipped, and loads again without change; the start page and sign-in work', async () => {
    const first = await loadDemoWorld(ctx);
    expect(first.lines.length).toBeGreaterThan(0);
    const users = Number((await t.database.db.selectFrom('users').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(users).toBeGreaterThan(5);
    await loadDemoWorld(ctx);
    expect(Number((await t.database.db.selectFrom('users').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(users);
    expect((await t.app.inject({ url: '/' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/sign-in' })).statusCode).toBe(200);
  }, 600_000);
});
