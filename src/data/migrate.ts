import { Migrator, type MigrationProvider, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

export class MigrationError extends Error {}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date. Safe to run from several processes: kysely takes a lock. */
export async function migrateToLatest(db: Db, _projectRoot?: string): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}
