import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db, type DbHandle } from '../../src/data/database.js';
import { urlAs } from '../../src/data/database-roles.js';
import { withDatabase } from './database.global-setup.js';

export interface TestDatabase extends DbHandle {
  name: string;
  /** The same database as its owner (the test run's superuser): for tests that check what only the owner may do. */
  ownerUrl: string;
  /** The same database as its owner: for fault injection (a failing trigger) and checks of what only the owner may do. */
  ownerDb: Db;
  /** Drops the database (called in afterAll). */
  destroy(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `inspectorate_test_${randomBytes(6).toString('hex')}`;
  const template = inject('templateDatabase');
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database ${name} template ${template}`));
      break;
    } catch (e) {
      // Two files cloning the template at the same instant: try again shortly.
      if (attempt < 20 && /being accessed by other users/.test(String(e))) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw e;
    }
  }
  // The app connects as the app role, as it does in production (docs/database-roles.md).
  const ownerUrl = withDatabase(inject('adminDatabaseUrl'), name);
  const url = urlAs(ownerUrl, inject('appRole'));
  const handle = createDb(url, { max: 5 });
  const owner = createDb(ownerUrl, { max: 2 });
  return {
    ...handle,
    name,
    ownerUrl,
    ownerDb: owner.db,
    destroy: async () => {
      await handle.close();
      await owner.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
