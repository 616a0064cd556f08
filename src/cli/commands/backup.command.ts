import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { backup, BackupError, restore } from '../../data/backup.js';
import { openDatabase } from '../../data/connect.js';
import { CliError } from '../cli-error.js';
import { progressBar, type ProgressBar } from '../progress-bar.js';

/** One bar per stage (database, then uploads), redrawn as each table is copied. */
function stagedProgress(verb: string) {
  let bar: ProgressBar | undefined;
  let total = -1;
  return {
    update: (done: number, all: number, note?: string) => {
      if (!bar || all !== total) {
        bar?.finish();
        bar = progressBar(verb, all);
        total = all;
      }
      bar.step(done, note);
    },
    finish: () => bar?.finish(),
  };
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Back up the database and the uploads folder into one file (no PostgreSQL client tools needed)')
    .argument('<file>', 'the backup file to write (never half-written: it appears when complete)')
    .action(async (file: string) => {
      const config = loadConfig();
      const database = await openDatabase(config);
      const progress = stagedProgress('Backing up');
      try {
        // As the tables' owner: the app role cannot read past the job queue's row-level security (docs/database-roles.md).
        const manifest = await backup({ url: database.ownerUrl, uploadDir: config.uploadDir, file, progress: progress.update });
        progress.finish();
        process.stdout.write(`Backed up to ${path.resolve(file)}: ${manifest.counts['inspections']} inspections, ${manifest.counts['audit_events']} audit rows, ${manifest.uploads} files.\n`);
      } catch (e) {
        progress.finish();
        if (e instanceof BackupError) throw new CliError(`backup failed: ${e.message}`);
        throw e;
      } finally {
        await database.shutdown();
      }
    });

  program
    .command('restore')
    .description('Restore a backup made by `inspectorate backup` into an empty database and uploads folder')
    .argument('<file>', 'the backup file')
    .option('--replace', 'replace a database and uploads folder that already hold data')
    .action(async (file: string, opts: { replace?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase(config);
      const progress = stagedProgress('Restoring');
      try {
        const manifest = await restore({ url: database.ownerUrl, uploadDir: config.uploadDir, file, replace: opts.replace ?? false, progress: progress.update });
        progress.finish();
        // The backup carries no grants: give the app role its rights on the restored tables again, run any
        // migration newer than the backup, and recreate the job queue's schema.
        await database.migrate();
        process.stdout.write(`Restored ${path.resolve(file)} (made ${manifest.createdAt}): ${manifest.counts['inspections']} inspections, ${manifest.counts['audit_events']} audit rows, ${manifest.uploads} files.\n`);
      } catch (e) {
        progress.finish();
        if (e instanceof BackupError) throw new CliError(`restore failed: ${e.message}`);
        throw e;
      } finally {
        await database.shutdown();
      }
    });
}
