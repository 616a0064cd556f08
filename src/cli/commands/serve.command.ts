import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the web application (and the job worker in the same process). Uses DATABASE_URL, or an embedded PostgreSQL when it is not set.')
    .option('--no-worker', 'do not run background jobs in this process (run `inspectorate worker` separately)')
    .action(async (opts: { worker: boolean }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      // Loaded here, not at the top: other commands (ratings filters, imports) start faster without the web app.
      const { startServer } = await import('../../server.js');
      const server = await startServer(config, logger, { worker: opts.worker });
      await waitForSignal();
      process.stdout.write('Stopping...\n');
      await stopWithin(server.close);
    });
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** Stops within 10 seconds of the first SIGTERM/SIGINT; a second one, or the time limit, ends the process at once. */
export async function stopWithin(close: () => Promise<void>, ms = 10_000): Promise<void> {
  const force = (why: string) => {
    process.stderr.write(`inspectorate: ${why}; exiting now\n`);
    process.exit(1); // the exit hook still stops an embedded PostgreSQL this process started
  };
  const timer = setTimeout(() => force(`did not stop within ${ms / 1000} seconds`), ms);
  const again = () => force('stopped again while stopping');
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  try {
    await close();
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', again);
    process.off('SIGTERM', again);
  }
}
