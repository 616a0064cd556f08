/** Shared helpers for the register's integration tests. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import type { Db } from '../../../src/data/database.js';
import { testConfig } from '../../support/test-config.js';

export const FIXTURES = path.resolve('test', 'fixtures', 'register');
export const DATA_DIR = testConfig().dataDir;
export const OLDHAM_LOCATIONS = path.join(DATA_DIR, 'cqc-api-oldham', 'location_details');
export const OLDHAM_PROVIDERS = path.join(DATA_DIR, 'cqc-api-oldham', 'provider_details');

export function serviceContext(db: Db): ServiceContext {
  const config = testConfig();
  return { db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config, logger: createLogger('silent') };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/inspectorate.js ...args` against the given database. */
export function runCli(databaseUrl: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/inspectorate.js', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function counts(db: Db): Promise<{ organisations: number; locations: number; providers: number; ratings: number; reports: number }> {
  const n = async (table: 'organisations' | 'register_locations' | 'register_providers' | 'ratings' | 'reports') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { organisations: await n('organisations'), locations: await n('register_locations'), providers: await n('register_providers'), ratings: await n('ratings'), reports: await n('reports') };
}
