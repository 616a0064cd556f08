/**
 * Backup and restore: the database through PostgreSQL's own pg_dump/pg_restore (custom format), plus the
 * uploads folder, in one tar file with a manifest. The tools that ship with the embedded server are used
 * when present; otherwise the newest pg_dump/pg_restore on this machine whose version can read the server.
 * A backup is written to FILE.partial and renamed when complete, so FILE is never half-written.
 */
import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { withClient } from './pg-client.js';

const run = promisify(execFile);

export class BackupError extends Error {}

export const BACKUP_FORMAT = 'inspectorate-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  serverVersion: string;
  counts: Record<string, number>;
  uploads: number;
}

export type Progress = (done: number, total: number, note?: string) => void;

/** Tables counted in the manifest and checked after a restore. */
export const COUNTED_TABLES = ['inspections', 'inspection_reports', 'audit_events', 'users', 'organisations'] as const;

async function toolVersion(file: string): Promise<number | null> {
  try {
    const { stdout } = await run(file, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout.replace(/^\D+/, ''));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function candidates(tool: 'pg_dump' | 'pg_restore', embeddedBin: string | undefined): string[] {
  const out: string[] = [];
  if (embeddedBin) out.push(path.join(embeddedBin, tool));
  for (const dir of ['/usr/lib/postgresql', '/usr/local/pgsql']) {
    if (!existsSync(dir)) continue;
    for (const v of readdirSync(dir).sort((a, b) => Number(b) - Number(a))) out.push(path.join(dir, v, 'bin', tool));
  }
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) if (dir) out.push(path.join(dir, tool));
  return [...new Set(out)].filter((f) => existsSync(f));
}

/** The tool to use against a server of major version `serverMajor`: the embedded package's first, else the newest that is new enough. */
export async function findTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number, embeddedBin: string | undefined): Promise<string> {
  const found: { file: string; major: number }[] = [];
  for (const file of candidates(tool, embeddedBin)) {
    const major = await toolVersion(file);
    if (major !== null) found.push({ file, major });
  }
  const usable = found.filter((f) => f.major >= serverMajor);
  const embedded = embeddedBin ? usable.find((f) => f.file.startsWith(embeddedBin)) : undefined;
  const best = embedded ?? usable.sort((a, b) => b.major - a.major)[0];
  if (best) return best.file;
  const seen = found.length ? ` (found ${found.map((f) => `${tool} ${f.major}`).join(', ')})` : '';
  throw new BackupError(
    `${tool} ${serverMajor} or later is needed for this PostgreSQL ${serverMajor} server and none was found${seen}; install the PostgreSQL ${serverMajor} client tools (Debian: apt-get install postgresql-client-${serverMajor}) and try again`,
  );
}

/** Connection settings for the tools, passed in the environment so no password shows in a process list. */
function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    PGSSLMODE: u.searchParams.get('sslmode') ?? process.env['PGSSLMODE'] ?? 'prefer',
    LC_MESSAGES: 'C',
  };
}

export async function serverMajor(url: string): Promise<{ major: number; version: string }> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ server_version_num: string; server_version: string }>('select current_setting($1) as server_version_num, current_setting($2) as server_version', ['server_version_num', 'server_version']);
    return { major: Math.floor(Number(rows[0]!.server_version_num) / 10000), version: rows[0]!.server_version };
  });
}

export async function countRows(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of COUNTED_TABLES) out[t] = Number((await c.query<{ n: string }>(`select count(*) as n from ${t}`)).rows[0]!.n);
    return out;
  });
}

/** Runs a PostgreSQL tool with --verbose, counting the lines that mark one object done. */
function runTool(file: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: string[] = [];
    let buffer = '';
    child.stderr.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (/error|fatal/i.test(line)) errors.push(line.trim());
        onLine(line);
      }
    });
    child.once('error', (e) => reject(new BackupError(`${path.basename(file)} could not be run: ${e.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve();
      else {
        const last = errors.at(-1) ?? `exit code ${code}`;
        const hint = /row-level security|permission denied|must be owner/i.test(last) ? ' (connect as the database owner: set MIGRATION_DATABASE_URL, see docs/database-roles.md)' : '';
        reject(new BackupError(`${path.basename(file)} failed: ${last}${hint}`));
      }
    });
  });
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) n += await countFiles(path.join(dir, entry.name));
    else if (entry.isFile()) n++;
  }
  return n;
}

export interface BackupOptions {
  url: string;
  uploadDir: string;
  file: string;
  embeddedBin?: string | undefined;
  progress: Progress;
}

export async function backup(opts: BackupOptions): Promise<BackupManifest> {
  const { major, version } = await serverMajor(opts.url);
  const pgDump = await findTool('pg_dump', major, opts.embeddedBin);
  const target = path.resolve(opts.file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'inspectorate-backup-'));
  const partial = `${target}.partial`;
  try {
    const tables = await withClient(opts.url, async (c) => Number((await c.query<{ n: string }>("select count(*) as n from pg_class k join pg_namespace n on n.oid = k.relnamespace where k.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'")).rows[0]!.n));
    const counts = await countRows(opts.url);
    let done = 0;
    opts.progress(0, tables, 'database');
    await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', '--verbose', `--file=${path.join(work, 'database.dump')}`], pgEnv(opts.url), (line) => {
      if (/dumping contents of table/.test(line)) opts.progress(Math.min(++done, tables), tables, 'database');
    });
    const uploads = path.join(work, 'uploads');
    await fs.mkdir(uploads);
    if (existsSync(opts.uploadDir)) await fs.cp(opts.uploadDir, uploads, { recursive: true });
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), serverVersion: version, counts, uploads: await countFiles(uploads) };
    await fs.writeFile(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    opts.progress(tables, tables, `uploads (${manifest.uploads} files)`);
    const { pack } = await import('tar-fs');
    await pipeline(pack(work, { entries: ['manifest.json', 'database.dump', 'uploads'] }), createWriteStream(partial));
    await fs.rename(partial, target);
    return manifest;
  } catch (e) {
    await fs.rm(partial, { force: true });
    throw e;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  url: string;
  uploadDir: string;
  file: string;
  embeddedBin?: string | undefined;
  /** Replace a database and uploads folder that already hold data (otherwise refused). */
  replace: boolean;
  progress: Progress;
}

export async function restore(opts: RestoreOptions): Promise<BackupManifest> {
  if (!existsSync(opts.file)) throw new BackupError(`there is no backup file ${opts.file}`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'inspectorate-restore-'));
  try {
    const { extract } = await import('tar-fs');
    await pipeline(createReadStream(opts.file), extract(work)).catch(() => {
      throw new BackupError(`${opts.file} is not an Inspectorate backup (it could not be read as one)`);
    });
    const manifest = JSON.parse(await fs.readFile(path.join(work, 'manifest.json'), 'utf8').catch(() => '{}')) as Partial<BackupManifest>;
    if (manifest.format !== BACKUP_FORMAT || !existsSync(path.join(work, 'database.dump'))) {
      throw new BackupError(`${opts.file} is not an Inspectorate backup (no ${BACKUP_FORMAT} manifest and database dump in it)`);
    }
    const { major } = await serverMajor(opts.url);
    const pgRestore = await findTool('pg_restore', major, opts.embeddedBin);
    const hasData = await withClient(opts.url, async (c) => (await c.query("select 1 from pg_tables where schemaname = 'public' limit 1")).rowCount! > 0);
    const uploadsInUse = (await countFiles(opts.uploadDir)) > 0;
    if ((hasData || uploadsInUse) && !opts.replace) {
      throw new BackupError(`the ${hasData ? 'database' : 'uploads folder'} already holds data; restore into an empty one, or add --replace to replace what is there`);
    }
    if (hasData) {
      await withClient(opts.url, async (c) => {
        await c.query('drop schema if exists graphile_worker cascade');
        await c.query('drop schema public cascade');
        await c.query('create schema public');
      });
    }
    const items = await new Promise<number>((resolve) => {
      execFile(pgRestore, ['--list', path.join(work, 'database.dump')], (err, stdout) => resolve(err ? 0 : stdout.split('\n').filter((l) => /^\d+;/.test(l)).length));
    });
    let done = 0;
    opts.progress(0, items, 'database');
    await runTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--verbose', `--dbname=${pgEnv(opts.url)['PGDATABASE']}`, path.join(work, 'database.dump')], pgEnv(opts.url), (line) => {
      if (/^pg_restore: (creating|processing data|executing)/.test(line)) opts.progress(Math.min(++done, items), items, 'database');
    });
    if (uploadsInUse) await fs.rm(opts.uploadDir, { recursive: true, force: true });
    await fs.mkdir(opts.uploadDir, { recursive: true });
    await fs.cp(path.join(work, 'uploads'), opts.uploadDir, { recursive: true });
    opts.progress(items, items, `uploads (${manifest.uploads ?? 0} files)`);
    const counts = await countRows(opts.url);
    for (const [table, n] of Object.entries(manifest.counts ?? {})) {
      if (counts[table] !== n) throw new BackupError(`the restore is incomplete: ${table} has ${counts[table]} rows, the backup had ${n}`);
    }
    return manifest as BackupManifest;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
