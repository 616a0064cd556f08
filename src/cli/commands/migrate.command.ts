import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config);
      try {
        const results = await database.migrate();
        if (results.length === 0) process.stdout.write('The database schema is already up to date.\n');
        for (const r of results) process.stdout.write(`Applied ${r.migrationName}\n`);
      } finally {
        await database.shutdown();
      }
    });
}
