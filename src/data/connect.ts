/**
 * Opens the application database: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL (started here when nothing is listening on its port yet).
 */
import pg from 'pg';
import type { Config } from '../config.js';
import { createDb, type DbHandle } from './database.js';
import { ensureEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';

export const EMBEDDED_DATABASE = 'inspectorate';

export interface OpenedDatabase extends DbHandle {
  cluster: EmbeddedCluster | undefined;
  /** Closes the pool and, when this process started the embedded cluster, stops it. */
  shutdown(): Promise<void>;
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

export async function openDatabase(
  config: Config,
  opts: { onError?: (e: Error) => void; poolSize?: number } = {},
): Promise<OpenedDatabase> {
  let cluster: EmbeddedCluster | undefined;
  let url: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
  } else {
    cluster = await ensureEmbeddedPostgres({ projectRoot: config.projectRoot, port: config.embeddedPgPort, dataDir: config.embeddedPgDir });
    await createDatabaseIfMissing(cluster.url('postgres'), EMBEDDED_DATABASE);
    url = cluster.url(EMBEDDED_DATABASE);
  }
  const handle = createDb(url, { max: opts.poolSize ?? 10, ...(opts.onError ? { onError: opts.onError } : {}) });
  return {
    ...handle,
    cluster,
    shutdown: async () => {
      await handle.close();
      if (cluster?.owned) await cluster.stop();
    },
  };
}
