import { Logger as GraphileLogger, runMigrations as runGraphileWorkerMigrations } from 'graphile-worker';
import { Migrator, type MigrationProvider, type MigrationResult } from 'kysely';
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
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
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
