/**
 * Backup and restore in plain Node: no PostgreSQL client tools (pg_dump, pg_restore) are needed,
 * so the embedded PostgreSQL (whose npm package ships none) and any server version work alike.
 *
 * A backup is one tar file: manifest.json (the migrations the database had, each table's columns
 * and row count, each sequence's value), one file per table of the public schema in COPY's text
 * format, and the uploads folder. Every table is read in one read-only, repeatable-read
 * transaction, so the copy is consistent. It is written to FILE.partial and renamed when complete,
 * so FILE is never half-written.
 *
 * A restore builds the schema by running the app's own migrations (exactly those the backup was
 * made with; later ones run afterwards as on any start), empties what the migrations seeded, loads
 * each table in foreign-key order with user triggers off (the audit trail's append-only triggers
 * and the public pages' generation counter must not fire on a load), sets every sequence, and
 * checks every table's row count, all in one transaction: a failed restore leaves nothing behind.
 *
 * The job queue (graphile-worker's schema) is not backed up: it holds only work in flight, and the
 * worker's own migrations recreate it empty on the next start.
 */
import { createReadStream, createWriteStream, existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { loadPlan, type ForeignKey } from './load-plan.js';
import { knownMigrations, runMigrationsInTransaction } from './migrate.js';
import { copyFromStream, copyTo } from './pg-copy.js';
import { withClient } from './pg-client.js';

export class BackupError extends Error {}

export const BACKUP_FORMAT = 'inspectorate-backup/2';

/** The migration bookkeeping: recreated by the migrations themselves, never loaded from a backup. */
const BOOKKEEPING = ['kysely_migration', 'kysely_migration_lock'];

export interface BackedUpTable {
  name: string;
  /** The columns in the file, in order (generated columns are left out: the database computes them). */
  columns: string[];
  rows: number;
}

export interface BackedUpSequence {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  serverVersion: string;
  /** Names of the migrations applied to the database backed up. */
  migrations: string[];
  tables: BackedUpTable[];
  sequences: BackedUpSequence[];
  /** Rows per table, by table name. */
  counts: Record<string, number>;
  uploads: number;
}

export type Progress = (done: number, total: number, note?: string) => void;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const q = (table: string) => `public.${quoteIdent(table)}`;

/** Ordinary and partitioned tables of the public schema (not partitions: their parent carries their rows). */
async function publicTables(c: pg.ClientBase): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `select cl.relname as name from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
      where n.nspname = 'public' and cl.relkind in ('r', 'p') and not cl.relispartition order by cl.relname`,
  );
  return rows.map((r) => r.name);
}

async function foreignKeys(c: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await c.query<ForeignKey>(
    `select k.conname as name, f.relname as from, t.relname as to from pg_constraint k
       join pg_class f on f.oid = k.conrelid join pg_namespace fn on fn.oid = f.relnamespace
       join pg_class t on t.oid = k.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where k.contype = 'f' and fn.nspname = 'public' and tn.nspname = 'public'`,
  );
  return rows;
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) n += await countFiles(path.join(dir, entry.name));
    else if (entry.isFile()) n++;
  }
  return n;
}

function permissionHint(e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  if (/permission denied|must be owner|row-level security/i.test(message)) {
    throw new BackupError(`${message} (connect as the database owner: set MIGRATION_DATABASE_URL, see docs/database-roles.md)`);
  }
  throw e;
}

export interface BackupOptions {
  url: string;
  uploadDir: string;
  file: string;
  progress: Progress;
}

export async function backup(opts: BackupOptions): Promise<BackupManifest> {
  const target = path.resolve(opts.file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'inspectorate-backup-'));
  const partial = `${target}.partial`;
  try {
    await fs.mkdir(path.join(work, 'tables'));
    const db = await withClient(opts.url, async (c) => {
      await c.query('begin isolation level repeatable read read only');
      try {
        const version = (await c.query<{ v: string }>('select current_setting($1) as v', ['server_version'])).rows[0]!.v;
        if (!(await c.query<{ t: string | null }>(`select to_regclass('public.kysely_migration')::text as t`)).rows[0]?.t) {
          throw new BackupError('the database holds no Inspectorate schema to back up (run `inspectorate migrate` first)');
        }
        const migrations = (await c.query<{ name: string }>('select name from public.kysely_migration order by name')).rows.map((r) => r.name);
        const names = (await publicTables(c)).filter((t) => !BOOKKEEPING.includes(t));
        const tables: BackedUpTable[] = [];
        opts.progress(0, names.length, 'database');
        for (const [i, name] of names.entries()) {
          const cols = await c.query<{ name: string }>(
            `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
            [q(name)],
          );
          const columns = cols.rows.map((r) => r.name);
          const rows = Number((await c.query<{ n: string }>(`select count(*) as n from ${q(name)}`)).rows[0]!.n);
          await copyTo(c, `copy ${q(name)} (${columns.map(quoteIdent).join(', ')}) to stdout`, createWriteStream(path.join(work, 'tables', `${name}.copy`)));
          tables.push({ name, columns, rows });
          opts.progress(i + 1, names.length, 'database');
        }
        const seqs = await c.query<{ name: string }>(
          `select cl.relname as name from pg_class cl join pg_namespace n on n.oid = cl.relnamespace where n.nspname = 'public' and cl.relkind = 'S' order by cl.relname`,
        );
        const sequences: BackedUpSequence[] = [];
        for (const s of seqs.rows) {
          const v = await c.query<{ last_value: string; is_called: boolean }>(`select last_value::text as last_value, is_called from ${q(s.name)}`);
          sequences.push({ name: s.name, lastValue: v.rows[0]!.last_value, isCalled: v.rows[0]!.is_called });
        }
        return { version, migrations, tables, sequences };
      } finally {
        await c.query('rollback').catch(() => undefined);
      }
    }).catch(permissionHint);
    const uploads = path.join(work, 'uploads');
    await fs.mkdir(uploads);
    if (existsSync(opts.uploadDir)) await fs.cp(opts.uploadDir, uploads, { recursive: true });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: db.version,
      migrations: db.migrations,
      tables: db.tables,
      sequences: db.sequences,
      counts: Object.fromEntries(db.tables.map((t) => [t.name, t.rows])),
      uploads: await countFiles(uploads),
    };
    await fs.writeFile(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    opts.progress(db.tables.length, db.tables.length, `uploads (${manifest.uploads} files)`);
    const { pack } = await import('tar-fs');
    await pipeline(pack(work, { entries: ['manifest.json', 'tables', 'uploads'] }), createWriteStream(partial));
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
  /** Replace a database and uploads folder that already hold data (otherwise refused). */
  replace: boolean;
  progress: Progress;
}

function readManifest(raw: string, file: string): BackupManifest {
  let m: Omit<Partial<BackupManifest>, 'format'> & { format?: string };
  try {
    m = JSON.parse(raw) as typeof m;
  } catch {
    m = {};
  }
  if (m.format === 'inspectorate-backup/1') {
    throw new BackupError(`${file} was made by an earlier version of Inspectorate with pg_dump (format inspectorate-backup/1); restore it with that version, or with pg_restore`);
  }
  if (m.format !== BACKUP_FORMAT || !Array.isArray(m.tables) || !Array.isArray(m.migrations)) {
    throw new BackupError(`${file} is not an Inspectorate backup (no ${BACKUP_FORMAT} manifest in it)`);
  }
  return m as unknown as BackupManifest;
}

export async function restore(opts: RestoreOptions): Promise<BackupManifest> {
  if (!existsSync(opts.file)) throw new BackupError(`there is no backup file ${opts.file}`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'inspectorate-restore-'));
  try {
    const { extract } = await import('tar-fs');
    await pipeline(createReadStream(opts.file), extract(work)).catch(() => {
      throw new BackupError(`${opts.file} is not an Inspectorate backup (it could not be read as one)`);
    });
    const manifest = readManifest(await fs.readFile(path.join(work, 'manifest.json'), 'utf8').catch(() => ''), opts.file);
    const known = new Set(knownMigrations());
    const unknown = manifest.migrations.filter((m) => !known.has(m));
    if (unknown.length) {
      throw new BackupError(
        `${opts.file} was made by a later version of Inspectorate: its database has ${unknown.length === 1 ? 'a migration' : 'migrations'} this version does not know (${unknown.join(', ')}); restore it with that version or a later one`,
      );
    }
    for (const t of manifest.tables) {
      if (!existsSync(path.join(work, 'tables', `${t.name}.copy`))) throw new BackupError(`${opts.file} is incomplete: the rows of ${t.name} are missing`);
    }
    const hasData = await withClient(opts.url, async (c) => (await c.query("select 1 from pg_tables where schemaname = 'public' limit 1")).rowCount! > 0);
    const uploadsInUse = (await countFiles(opts.uploadDir)) > 0;
    if ((hasData || uploadsInUse) && !opts.replace) {
      throw new BackupError(`the ${hasData ? 'database' : 'uploads folder'} already holds data; restore into an empty one, or add --replace to replace what is there`);
    }
    // One step per table, and one for the schema.
    const total = manifest.tables.length + 1;
    opts.progress(0, total, 'database');
    await withClient(opts.url, async (c) => {
      await c.query('begin');
      try {
        if (hasData) {
          await c.query('drop schema if exists graphile_worker cascade');
          await c.query('drop schema public cascade');
          await c.query('create schema public');
        }
        await runMigrationsInTransaction(c, manifest.migrations);
        // Deferred triggers the migrations' own rows queued must fire now, before triggers are switched off.
        await c.query('set constraints all immediate');
        opts.progress(1, total, 'schema');
        const tables = (await publicTables(c)).filter((t) => !BOOKKEEPING.includes(t));
        const missing = manifest.tables.map((t) => t.name).filter((t) => !tables.includes(t));
        if (missing.length) throw new BackupError(`the backup holds tables the migrations did not create (${missing.join(', ')})`);
        for (const t of tables) await c.query(`alter table ${q(t)} disable trigger user`);
        if (tables.length) await c.query(`truncate ${tables.map(q).join(', ')}`);
        const byName = new Map(manifest.tables.map((t) => [t.name, t]));
        let done = 1;
        const plan = loadPlan(tables, await foreignKeys(c));
        const cycleKeys: { table: string; name: string; definition: string }[] = [];
        for (const k of plan.cycleKeys) {
          const def = await c.query<{ d: string }>('select pg_get_constraintdef(oid) as d from pg_constraint where conrelid = $1::regclass and conname = $2', [q(k.from), k.name]);
          cycleKeys.push({ table: k.from, name: k.name, definition: def.rows[0]!.d });
          await c.query(`alter table ${q(k.from)} drop constraint ${quoteIdent(k.name)}`);
        }
        for (const name of plan.order) {
          const t = byName.get(name);
          if (t && t.rows > 0) {
            await copyFromStream(c, `copy ${q(name)} (${t.columns.map(quoteIdent).join(', ')}) from stdin`, createReadStream(path.join(work, 'tables', `${name}.copy`)));
          }
          if (t) opts.progress(++done, total, 'database');
        }
        for (const s of manifest.sequences) {
          const exists = (await c.query<{ t: string | null }>('select to_regclass($1)::text as t', [q(s.name)])).rows[0]?.t;
          if (exists) await c.query('select setval($1::regclass, $2::bigint, $3)', [q(s.name), s.lastValue, s.isCalled]);
        }
        for (const k of cycleKeys) await c.query(`alter table ${q(k.table)} add constraint ${quoteIdent(k.name)} ${k.definition}`);
        for (const t of tables) await c.query(`alter table ${q(t)} enable trigger user`);
        for (const t of manifest.tables) {
          const n = Number((await c.query<{ n: string }>(`select count(*) as n from ${q(t.name)}`)).rows[0]!.n);
          if (n !== t.rows) throw new BackupError(`the restore is incomplete: ${t.name} has ${n} rows, the backup had ${t.rows}`);
        }
        // The files go in before the commit: if they cannot be written, the database is left as it was.
        if (uploadsInUse) await fs.rm(opts.uploadDir, { recursive: true, force: true });
        await fs.mkdir(opts.uploadDir, { recursive: true });
        await fs.cp(path.join(work, 'uploads'), opts.uploadDir, { recursive: true });
        opts.progress(total, total, `uploads (${manifest.uploads} files)`);
        await c.query('commit');
      } catch (e) {
        await c.query('rollback').catch(() => undefined);
        throw e;
      }
    }).catch(permissionHint);
    return manifest;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
