/**
 * `npm start` / `inspectorate serve`: database (embedded unless DATABASE_URL), migrations,
 * the demo world on first run, the web app and, in the same process, the job worker.
 */
import type { Config } from './config.js';
import { openDatabase, type OpenedDatabase } from './data/connect.js';
import { createDb } from './data/database.js';
import { startWorker, stopWorker } from './jobs/worker.js';
import { logLostConnections, type Logger } from './logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from './services/context.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './services/demo/demo-accounts.js';
import { demoWorldMissing, loadDemoWorld } from './services/demo/demo.service.js';
import { buildApp } from './web/app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, opts: { worker?: boolean; print?: (line: string) => void } = {}): Promise<RunningServer> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let stopping = false;
  const onError = logLostConnections(logger, () => stopping);
  const database: OpenedDatabase = await openDatabase(config, {
    onError,
    poolSize: config.dbPoolSize,
    timeouts: { statementTimeoutMs: config.dbStatementTimeoutMs, lockTimeoutMs: config.dbLockTimeoutMs },
  });
  // /health has a connection of its own, so a pool busy with slow requests cannot make it fail.
  const health = createDb(database.url, { max: 1, onError, statementTimeoutMs: 3_000, lockTimeoutMs: 1_000 });
  try {
    await database.migrate();
    const warning = await database.checkServingRole();
    if (warning) print(warning);
    const ctx: ServiceContext = { db: database.db, actor: systemActor('start-up'), correlationId: newCorrelationId(), clock: systemClock, config, logger };
    const firstRun = await demoWorldMissing(ctx);
    if (config.demo && firstRun) {
      print('Loading the demo world (first run)...');
      const summary = await loadDemoWorld(ctx);
      for (const line of summary.lines) print(`  ${line}`);
    }
    const app = await buildApp({ config, db: database.db, healthDb: health.db, logger });
    const address = await app.listen({ host: config.host, port: config.port });
    const runner = opts.worker === false ? undefined : await startWorker({ config, db: database.db, pool: database.pool, logger });
    const url = address.replace('[::1]', 'localhost');
    print('');
    print(`Inspectorate is running at ${config.port === 0 ? url : `http://${config.host}:${config.port}`}`);
    print(config.databaseUrl ? 'Database: DATABASE_URL' : `Database: embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort}`);
    if (config.demo && DEMO_ACCOUNTS.length > 0) {
      print('');
      print(`Demo sign-in accounts (password for all: ${DEMO_PASSWORD}):`);
      const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
      for (const a of DEMO_ACCOUNTS) print(`  ${a.email.padEnd(width)}  ${a.description}`);
    }
    print('');
    print('Press Ctrl+C to stop.');
    return {
      url,
      // Drains requests (new connections are refused, requests in progress finish), stops the worker and
      // its Chromium, then closes the pool and stops the embedded PostgreSQL this process started.
      close: async () => {
        stopping = true;
        await withTimeout(app.close(), 4_000, () => logger.warn('requests still running after 4 seconds; closing anyway'));
        if (runner) await stopWorker(runner);
        await health.close();
        await database.shutdown();
      },
    };
  } catch (e) {
    await health.close().catch(() => undefined);
    await database.shutdown().catch(() => undefined);
    throw e;
  }
}

async function withTimeout(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  try {
    await Promise.race([work.then(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
