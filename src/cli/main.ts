/**
 * `inspectorate` command line. Each command lives in commands/*.command.ts and
 * registers itself here. Bad arguments print a clear message and exit non-zero.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { EmbeddedPostgresError } from '../data/embedded-postgres.js';
import { stopStartedServers } from '../data/embedded-postgres-process.js';
import { MigrationError } from '../data/migrate.js';
import { DatabaseRoleError } from '../data/database-roles.js';
import { CliError } from './cli-error.js';
import { registerBackupCommands } from './commands/backup.command.js';
import { registerDemoCommands } from './commands/demo.command.js';
import { registerImportCommands } from './commands/import.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerRatingsCommands } from './commands/ratings.command.js';
import { registerReportsCommands } from './commands/reports.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerUsersCommands } from './commands/users.command.js';
import { registerWorkerCommand } from './commands/worker.command.js';

export function buildProgram(): Command {
  const program = new Command('inspectorate')
    .description('Inspectorate: health and social care inspections, ratings and the public register')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerMigrateCommand(program);
  registerDemoCommands(program);
  registerUsersCommands(program);
  registerRatingsCommands(program);
  registerImportCommands(program);
  registerReportsCommands(program);
  registerBackupCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (signalled) return 1; // stopped on purpose: its connection was closed under it
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError || e instanceof ConfigError || e instanceof EmbeddedPostgresError || e instanceof MigrationError || e instanceof DatabaseRoleError) {
      process.stderr.write(`inspectorate: ${e.message}\n`);
      return e instanceof CliError ? e.exitCode : 1;
    }
    process.stderr.write(`inspectorate: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

/**
 * One-off commands stop at once on Ctrl+C, SIGTERM or a closed terminal, after stopping an embedded
 * PostgreSQL the command started: it runs in a process group of its own, so the signal does not
 * reach it. `serve` and `worker` stop in order themselves (serve.command.ts).
 */
let signalled = false;

function stopOnSignals(command: string | undefined): void {
  if (command === 'serve' || command === 'worker') return;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.once(signal, () => {
      signalled = true;
      process.stderr.write(`inspectorate: stopped (${signal})\n`);
      // Stopping the database ends the command's connections under it: those errors are the stop
      // itself, not news, and must not end the process before the database has stopped.
      process.on('uncaughtException', () => undefined);
      process.on('unhandledRejection', () => undefined);
      // The embedded PostgreSQL it started stops first (its own process group: the signal did not
      // reach it); a fast shutdown given 5 seconds, then an immediate one.
      void stopStartedServers(5_000).finally(() => process.exit(code));
    });
  }
}

// Every command closes what it opened (pools, an embedded cluster it started) before returning.
stopOnSignals(process.argv[2]);
const code = await main(process.argv.slice(2));
// Once stopped by a signal, the command's own failure (its connection closed under it) is not news:
// the signal handler exits, with the signal's code.
if (!signalled) process.exit(code);
