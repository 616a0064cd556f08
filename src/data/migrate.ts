import { Logger as GraphileLogger, runMigrations as runGraphileWorkerMigrations } from 'graphile-worker';
import { Migrator, sql, type MigrationProvider, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { poolOf, type Db } from './database.js';

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
