/**
 * Opens the application database: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL (started here when nothing is listening on its port yet). Requests and jobs
 * connect as the app role; migrations run as the owner (docs/database-roles.md).
 */
import type { MigrationResult } from 'kysely';
import type { Config } from '../config.js';
import { checkServingRole, ensureEmbeddedRoles, grantAppPrivileges, loadOrCreateCredentials, urlAs } from './database-roles.js';
import { createDb, type DbHandle } from './database.js';
import { chooseDataDir, ensureEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';
import { migrateToLatest } from './migrate.js';
import { withClient } from './pg-client.js';

export const EMBEDDED_DATABASE = 'inspectorate';

export interface OpenedDatabase extends DbHandle {
  cluster: EmbeddedCluster | undefined;
  /** The same database as the tables' owner (MIGRATION_DATABASE_URL; embedded: the owner role): for migrations, backup and restore. */
  ownerUrl: string;
  /** Brings the schema up to date as the owner, then grants the app role what it needs. */
  migrate(): Promise<MigrationResult[]>;
  /**
   * Refuses (throws) when the app's own connection is a superuser or owns the tables, unless
   * ALLOW_SUPERUSER=true; then returns a warning line to print.
   */
  checkServingRole(): Promise<string | undefined>;
  /** Closes the pool and, when this process started the embedded cluster, stops it. */
  shutdown(): Promise<void>;
}

/** Request paths: a statement or lock wait that runs too long fails instead of holding a connection. */
export interface PoolTimeouts {
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile by another process
      });
    }
  });
}

export async function openDatabase(
  config: Config,
  opts: { onError?: (e: Error) => void; poolSize?: number; timeouts?: PoolTimeouts } = {},
): Promise<OpenedDatabase> {
  let cluster: EmbeddedCluster | undefined;
  let url: string;
  let ownerUrl: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
  } else {
    cluster = await ensureEmbeddedPostgres({ projectRoot: config.projectRoot, port: config.embeddedPgPort, dataDir: config.embeddedPgDir });
    const superuserUrl = cluster.url.bind(cluster);
    const creds = await loadOrCreateCredentials(chooseDataDir(config.projectRoot, config.embeddedPgDir));
    await ensureEmbeddedRoles(superuserUrl, EMBEDDED_DATABASE, creds);
    url = urlAs(superuserUrl(EMBEDDED_DATABASE), creds.app);
    ownerUrl = urlAs(superuserUrl(EMBEDDED_DATABASE), creds.owner);
  }
  const handle = createDb(url, {
    max: opts.poolSize ?? 10,
    ...(opts.onError ? { onError: opts.onError } : {}),
    ...(opts.timeouts?.statementTimeoutMs ? { statementTimeoutMs: opts.timeouts.statementTimeoutMs } : {}),
    ...(opts.timeouts?.lockTimeoutMs ? { lockTimeoutMs: opts.timeouts.lockTimeoutMs } : {}),
  });
  return {
    ...handle,
    cluster,
    ownerUrl,
    migrate: async () => {
      if (ownerUrl === url) return migrateToLatest(handle.db);
      const owner = createDb(ownerUrl, { max: 2 });
      try {
        const results = await migrateToLatest(owner.db);
        const app = await handle.pool.query<{ user: string }>('select current_user as user');
        const appRole = app.rows[0]?.user;
        const ownerRole = (await owner.pool.query<{ user: string }>('select current_user as user')).rows[0]?.user;
        if (appRole && appRole !== ownerRole) await grantAppPrivileges(owner.db, appRole);
        return results;
      } finally {
        await owner.close();
      }
    },
    checkServingRole: () => checkServingRole(handle.db, config.allowSuperuser),
    shutdown: async () => {
      await handle.close();
      if (cluster?.owned) await cluster.stop();
    },
  };
}
