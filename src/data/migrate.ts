import { Logger as GraphileLogger, runMigrations as runGraphileWorkerMigrations } from 'graphile-worker';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider, type MigrationResult } from 'kysely';
import type pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { poolOf, type Database, type Db } from './database.js';

export class MigrationError extends Error {}

const provider: MigrationProvider = { getMigrations: async () => migrations };

const quietGraphileLogger = new GraphileLogger(() => (level, message) => {
  if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
});

/**
 * Brings the schema up to date. Safe to run from several processes: kysely takes a lock.
 * graphile-worker's own schema is installed too, so every process (the web app, the CLI,
 * tests) can queue a job in the same transaction as the change that causes it.
 */
export async function migrateToLatest(db: Db, _projectRoot?: string): Promise<MigrationResult[]> {
  // Nothing to do is found by reading alone, so a role that may only read the bookkeeping (the
  // app role, docs/database-roles.md) can start against an up-to-date schema.
  const pending = await pendingMigrations(db);
  let results: MigrationResult[] | undefined = [];
  if (pending.length > 0) {
    // Branches built in parallel add migrations whose timestamps interleave: a database that ran a
    // later one first still takes the earlier one (each touches its own tables).
    const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
    const run = await migrator.migrateToLatest();
    results = run.results;
    if (run.error) {
      const failed = results?.find((r) => r.status === 'Error');
      const message = run.error instanceof Error ? run.error.message : String(run.error);
      const hint = /permission denied|must be owner/.test(message) ? ' (migrations run as the tables\' owner: set MIGRATION_DATABASE_URL, see docs/database-roles.md)' : '';
      throw new MigrationError(`migration ${failed?.migrationName ?? pending[0] ?? ''} failed: ${message}${hint}`);
    }
  }
  const pgPool = poolOf(db);
  if (pgPool) {
    try {
      await runGraphileWorkerMigrations({ pgPool, logger: quietGraphileLogger });
    } catch (e) {
      throw new MigrationError(`the job queue schema (graphile-worker) could not be installed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return results ?? [];
}

/** Names of migrations not yet applied (all of them on an empty database). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const known = Object.keys(migrations);
  const present = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!present.rows[0]?.t) return known;
  const done = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(done.rows.map((r) => r.name));
  return known.filter((name) => !applied.has(name));
}

/** Every migration this version of the app knows, by name. */
export function knownMigrations(): string[] {
  return Object.keys(migrations);
}

/**
 * Runs exactly the named migrations (a restore's: those its backup was made with) on one client,
 * inside the transaction the caller has opened, so a failure later in that transaction undoes them.
 */
export async function runMigrationsInTransaction(client: pg.ClientBase, names: readonly string[]): Promise<void> {
  const wanted = new Set(names);
  const unknown = names.filter((n) => !(n in migrations));
  if (unknown.length) throw new MigrationError(`unknown migrations: ${unknown.join(', ')}`);
  const subset = Object.fromEntries(Object.entries(migrations).filter(([name]) => wanted.has(name)));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        // The caller's client every time, released by the caller.
        connect: async () => ({ query: client.query.bind(client), release: () => undefined }) as unknown as pg.PoolClient,
        end: async () => undefined,
      },
    }),
  });
  try {
    const run = await new Migrator({ db, provider: { getMigrations: async () => subset }, allowUnorderedMigrations: true, disableTransactions: true }).migrateToLatest();
    if (run.error) {
      const failed = run.results?.find((r) => r.status === 'Error');
      throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed: ${run.error instanceof Error ? run.error.message : String(run.error)}`);
    }
  } finally {
    await db.destroy();
  }
  // Kysely's migration lock sets a lock timeout for the rest of the transaction; the caller's work should not inherit it.
  await client.query('set local lock_timeout = 0');
}
