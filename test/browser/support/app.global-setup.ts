/**
 * Browser tier: the real server on a free port, over a fresh database with the demo
 * world loaded, exactly as `npm start` serves it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, type DbHandle } from '../../../src/data/database.js';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { buildApp } from '../../../src/web/app.js';
import { asAppRole, withDatabase } from '../../support/database.global-setup.js';
import { testConfig } from '../../support/test-config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The browser tier's database, for tests that seed their own records (e.g. a published report). */
    browserDatabaseUrl: string;
  }
}

let app: FastifyInstance | undefined;
let handle: DbHandle | undefined;
let adminUrl = '';
let name = '';

export async function setup(project: TestProject): Promise<void> {
  const provided = project.getProvidedContext();
  adminUrl = provided.adminDatabaseUrl;
  name = `inspectorate_browser_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name} template ${provided.templateDatabase}`);
  await client.end();
  // The app connects as the test app role, as in production (docs/database-roles.md).
  handle = createDb(asAppRole(withDatabase(adminUrl, name)), { max: 10 });
  const config = testConfig({ demo: true, port: 0 });
  const logger = createLogger(config.logLevel);
  await loadDemoWorld({ db: handle.db, actor: systemActor('browser-tests'), correlationId: newCorrelationId(), clock: systemClock, config, logger });
  app = await buildApp({ config, db: handle.db, logger });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  project.provide('baseUrl', address);
  project.provide('browserDatabaseUrl', asAppRole(withDatabase(adminUrl, name)));
}

export async function teardown(): Promise<void> {
  await app?.close();
  await handle?.close();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
  await client.end();
}
