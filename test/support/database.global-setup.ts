/**
 * Once per test run: find PostgreSQL (DATABASE_URL, or the embedded cluster, started
 * here if nothing is listening), create a template database and migrate it. Each test
 * file then clones the template into a fresh database of its own (test-database.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { grantAppPrivileges, urlAs } from '../../src/data/database-roles.js';
import { createDb } from '../../src/data/database.js';
import { ensureEmbeddedPostgres, type EmbeddedCluster } from '../../src/data/embedded-postgres.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import { testConfig } from './test-config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    /** The test databases' app role (not a superuser, owns nothing), as the app connects in production. */
    appRole: { user: string; password: string };
  }
}

/**
 * The role tests connect as: like the app role of docs/database-roles.md (not a superuser,
 * owns no table, may only read and append to audit_events). It is cluster-wide and shared by
 * concurrent test runs, so its password is fixed; it can reach only test databases.
 */
export const TEST_APP_ROLE = { user: 'inspectorate_test_app', password: 'inspectorate-test-app' };

export function asAppRole(url: string): string {
  return urlAs(url, TEST_APP_ROLE);
}

async function ensureTestAppRole(client: pg.Client): Promise<void> {
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [TEST_APP_ROLE.user]);
  if (exists.rowCount !== 0) return;
  await client
    .query(`create role ${TEST_APP_ROLE.user} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${TEST_APP_ROLE.password}'`)
    .catch((e: { code?: string }) => {
      // Another test run created it this instant.
      if (e.code !== '42710' && e.code !== '23505') throw e;
    });
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
  await ensureTestAppRole(client);
  await client.end();
  const handle = createDb(withDatabase(adminUrl, template), { max: 2 });
  try {
    await migrateToLatest(handle.db, config.projectRoot);
    // Copied into every database cloned from the template.
    await grantAppPrivileges(handle.db, TEST_APP_ROLE.user);
  } finally {
    await handle.close();
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('appRole', TEST_APP_ROLE);
}

export async function teardown(): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
  await client.end();
  if (cluster?.owned) await cluster.stop();
}
