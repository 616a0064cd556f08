import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';
import { createLogger, logLostConnections } from '../../logger.js';
import { stopWithin, waitForSignal } from './serve.command.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run background jobs (reminders, deadlines, mail, PDF rendering) as a separate process')
    .option('--concurrency <n>', 'jobs to run at once', '2')
    .action(async (opts: { concurrency: string }) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        program.error(`--concurrency must be a whole number from 1 to 64, got "${opts.concurrency}"`);
      }
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      let stopping = false;
      const database = await openDatabase(config, { poolSize: config.dbPoolSize, onError: logLostConnections(logger, () => stopping) });
      await database.migrate();
      const warning = await database.checkServingRole();
      if (warning) process.stdout.write(`${warning}\n`);
      const { startWorker, stopWorker } = await import('../../jobs/worker.js');
      const runner = await startWorker({ config, db: database.db, pool: database.pool, logger }, { concurrency });
      process.stdout.write('Worker running. Press Ctrl+C to stop.\n');
      await waitForSignal();
      process.stdout.write('Stopping...\n');
      await stopWithin(async () => {
        stopping = true;
        await stopWorker(runner);
        await database.shutdown();
      });
    });
}
