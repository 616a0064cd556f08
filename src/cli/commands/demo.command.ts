import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';
import { createLogger } from '../../logger.js';
import { newCorrelationId, systemActor, systemClock } from '../../services/context.js';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('The demo world');
  demo
    .command('load')
    .description('Load the demo world (idempotent: running it again changes nothing already there)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel, 'stderr');
      const database = await openDatabase(config);
      try {
        await database.migrate();
        const summary = await (await import('../../services/demo/demo.service.js')).loadDemoWorld({ db: database.db, actor: systemActor('demo-load'), correlationId: newCorrelationId(), clock: systemClock, config, logger });
        for (const line of summary.lines) process.stdout.write(`${line}\n`);
        process.stdout.write('The demo world is loaded.\n');
      } finally {
        await database.shutdown();
      }
    });
}
