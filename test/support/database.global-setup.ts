/**
 * Once per test run: find PostgreSQL (DATABASE_URL, or the embedded cluster, started
 * here if nothing is listening), create a template database and migrate it. Each test
 * file then clones the template into a fresh database of its own (test-database.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/data/database.js';
import { ensureEmbeddedPostgres, type EmbeddedCluster } from '../../src/data/embedded-postgres.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import { testConfig } from './test-config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

let cluster: EmbeddedCluster | undefined;
let adminUrl = '';
let template = '';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function setup(project: TestProject): Promise<void> {
  const config = testConfig();
  if (config.databaseUrl) {
    adminUrl = config.databaseUrl;
  } else {
    cluster = await ensureEmbeddedPostgres({ projectRoot: config.projectRoot, port: config.embeddedPgPort, dataDir: config.embeddedPgDir });
    adminUrl = cluster.url('postgres');
  }
  template = `inspectorate_tpl_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${template}`);
  await client.end();
  const handle = createDb(withDatabase(adminUrl, template), { max: 2 });
  try {
    await migrateToLatest(handle.db, config.projectRoot);
  } finally {
    await handle.close();
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
}

export async function teardown(): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
  await client.end();
  if (cluster?.owned) await cluster.stop();
}
