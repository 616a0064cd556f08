import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.js';
import { fixedClock, type Clock } from '../../src/domain/shared/clock.js';
import { createLogger } from '../../src/logger.js';
import { buildApp } from '../../src/web/app.js';
import { testConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The real application over a fresh database, driven with inject(). */
export async function createTestApp(opts: { config?: Partial<Config>; clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(opts.config);
  const app = await buildApp({ config, db: database.db, logger: createLogger(config.logLevel), ...(opts.clock ? { clock: opts.clock } : {}) });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export { fixedClock };
