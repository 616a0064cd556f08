/**
 * Embedded PostgreSQL for `npm start` with no configuration.
 *
 * The first process that needs the database starts the cluster; later processes
 * (a CLI command beside the running server, a test run) find it listening on the
 * port and simply connect. A lock file stops two processes initialising or starting
 * one data directory at the same time; PostgreSQL's own postmaster.pid stops two
 * clusters opening it.
 */
import { createHash } from 'node:crypto';
import { constants, promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialise, packagedNativeDir, reachableBinaries, serverUser, startPostgres, type PostgresProcess } from './embedded-postgres-process.js';
import { pidAlive } from '../platform/process-alive.js';
import { withClient } from './pg-client.js';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedCluster {
  /** Connection string for the named database on the cluster. */
  url(database: string): string;
  /** True when this process started the cluster (and so stops it). */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function canConnect(port: number): Promise<boolean> {
  return withClient({ connectionString: embeddedUrl(port, 'postgres'), connectionTimeoutMillis: 1500 }, (client) => client.query('select 1')).then(
    () => true,
    () => false,
  );
}

/** Every existing ancestor must let "other" users (the postgres user) pass through it. */
export function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    try {
      const st = statSync(current);
      if ((st.mode & 0o001) === 0) return false;
    } catch {
      // does not exist yet: it will be created with a permissive mode
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

export function chooseDataDir(projectRoot: string, configured: string | undefined): string {
  if (configured) return path.resolve(configured);
  const preferred = path.join(projectRoot, '.data', 'postgres');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || reachableByOthers(path.dirname(preferred))) return preferred;
  const hash = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `inspectorate-${hash}`, 'postgres');
}

async function acquireLock(lockFile: string, timeoutMs: number): Promise<(() => Promise<void>) | 'someone-else-started-it'> {
  const deadline = Date.now() + timeoutMs;
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      const handle = await fs.open(lockFile, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await fs.unlink(lockFile).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number((await fs.readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (!holder || !pidAlive(holder)) {
        await fs.unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(`another process (pid ${holder}) has been starting the embedded PostgreSQL for too long; remove ${lockFile} if it is stuck`);
      }
      await new Promise((r) => setTimeout(r, 250));
      return 'someone-else-started-it';
    }
  }
}

export interface EmbeddedOptions {
  projectRoot: string;
  port: number;
  dataDir?: string | undefined;
  /** The PostgreSQL binaries' `native` folder (default: the one in @embedded-postgres/<platform>). */
  nativeDir?: string | undefined;
  onLog?: (line: string) => void;
}

export async function ensureEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const notOwned: EmbeddedCluster = { url: (db) => embeddedUrl(opts.port, db), owned: false, stop: async () => undefined };
  if (await canConnect(opts.port)) return notOwned;

  const dataDir = chooseDataDir(opts.projectRoot, opts.dataDir);
  const lockFile = `${dataDir}.lock`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const lock = await acquireLock(lockFile, 60_000);
    if (lock === 'someone-else-started-it') {
      if (await canConnect(opts.port)) return notOwned;
      if (Date.now() > deadline) throw new EmbeddedPostgresError('timed out waiting for another process to start the embedded PostgreSQL');
      continue;
    }
    try {
      if (await canConnect(opts.port)) return notOwned;
      return await startCluster(opts, dataDir);
    } finally {
      await lock();
    }
  }
}

async function startCluster(opts: EmbeddedOptions, dataDir: string): Promise<EmbeddedCluster> {
  const lines: string[] = [];
  const log = (message: string) => {
    lines.push(message);
    if (lines.length > 200) lines.shift();
    opts.onLog?.(message);
  };
  const runAs = await serverUser();
  const bin = await reachableBinaries(opts.nativeDir ?? packagedNativeDir(), runAs);
  await fs.mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const initialised = await fs.stat(path.join(dataDir, 'PG_VERSION')).then(() => true, () => false);
  let server: PostgresProcess;
  try {
    if (!initialised) await initialise(bin, dataDir, runAs, log);
    server = await startPostgres(bin, dataDir, opts.port, runAs, log);
  } catch (e) {
    if (e instanceof EmbeddedPostgresError) throw e;
    throw new EmbeddedPostgresError(`the embedded PostgreSQL in ${dataDir} did not start: ${explain(lines, e)}`);
  }
  return {
    url: (db) => embeddedUrl(opts.port, db),
    owned: true,
    stop: () => server.stop(),
  };
}

function explain(lines: string[], e: unknown): string {
  const interesting = lines
    .join('\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /FATAL|ERROR|could not|Permission denied|already in use|lock file/i.test(l));
  const last = interesting.at(-1) ?? (e instanceof Error ? e.message : '') ?? '';
  return last.replace(/^\S+ \S+ UTC \[\d+\] /, '').slice(0, 300) || 'no reason was given (see the data directory log)';
}
