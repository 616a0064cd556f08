/**
 * Least privilege in the database (docs/database-roles.md).
 *
 * Two roles. The owner owns the database and every table, sequence and function; migrations
 * run as it. The app role runs requests and jobs: it is not a superuser, owns nothing, may read
 * and write ordinary tables, may only read and append to audit_events (no UPDATE, DELETE or
 * TRUNCATE), and may only read the migration bookkeeping. Not owning audit_events, it cannot
 * ALTER it or DISABLE its triggers; not being a superuser, it cannot SET session_replication_role.
 *
 * With the embedded PostgreSQL both roles are created on first start, with generated passwords
 * kept in a file in the cluster's data folder (never in the code). With DATABASE_URL the
 * operator creates them (DATABASE_URL is the app role, MIGRATION_DATABASE_URL the owner).
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from './database.js';
import { withClient } from './pg-client.js';

export const OWNER_ROLE = 'inspectorate_owner';
export const APP_ROLE = 'inspectorate_app';
export const ROLES_FILE = 'inspectorate-roles.json';

export class DatabaseRoleError extends Error {}

export interface RoleCredential {
  user: string;
  password: string;
}

export interface RoleCredentials {
  owner: RoleCredential;
  app: RoleCredential;
}

/** The connection string for `database` as `who`, on the same server as `url`. */
export function urlAs(url: string, who: RoleCredential, database?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(who.user);
  u.password = encodeURIComponent(who.password);
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The roles' passwords, generated once and kept (mode 0600) beside the cluster's data. Two
 * processes starting at once agree: only one creates the file, the other reads it.
 */
export async function loadOrCreateCredentials(dataDir: string): Promise<RoleCredentials> {
  const file = path.join(dataDir, ROLES_FILE);
  const fresh: RoleCredentials = {
    owner: { user: OWNER_ROLE, password: randomBytes(24).toString('base64url') },
    app: { user: APP_ROLE, password: randomBytes(24).toString('base64url') },
  };
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const handle = await fs.open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(fresh, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as RoleCredentials;
      if (parsed.owner?.password && parsed.app?.password) return parsed;
      throw new Error('incomplete');
    } catch (e) {
      // Another process may be writing it this instant.
      if (attempt < 20) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      throw new DatabaseRoleError(`${file} cannot be read (${e instanceof Error ? e.message : String(e)}); remove it and start again to generate new database passwords`);
    }
  }
}

/**
 * Run as the cluster's superuser (embedded PostgreSQL only): creates or repairs both roles,
 * the database owned by the owner role, and hands over objects an earlier version created as
 * the superuser. Safe to run on every start and from several processes at once.
 */
export async function ensureEmbeddedRoles(superuserUrl: (database: string) => string, database: string, creds: RoleCredentials): Promise<void> {
  await withClient(superuserUrl('postgres'), async (c) => {
    await c.query(`select pg_advisory_lock(hashtext('inspectorate-roles'))`);
    try {
      for (const who of [creds.owner, creds.app]) {
        const exists = await c.query('select 1 from pg_roles where rolname = $1', [who.user]);
        const verb = exists.rowCount === 0 ? 'create' : 'alter';
        await c.query(`${verb} role ${quoteIdent(who.user)} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${c.escapeLiteral(who.password)}`);
      }
      const db = await c.query<{ owner: string }>('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [database]);
      if (db.rowCount === 0) await c.query(`create database ${quoteIdent(database)} owner ${quoteIdent(creds.owner.user)}`);
      else if (db.rows[0]?.owner !== creds.owner.user) await c.query(`alter database ${quoteIdent(database)} owner to ${quoteIdent(creds.owner.user)}`);
      // Only the two roles may connect to the application's database.
      await c.query(`revoke connect, temporary on database ${quoteIdent(database)} from public`);
      await c.query(`grant connect, temporary on database ${quoteIdent(database)} to ${quoteIdent(creds.owner.user)}, ${quoteIdent(creds.app.user)}`);
      // Still under the lock: two processes starting at once would otherwise both see an object not
      // yet handed over and both ALTER its catalog row ("tuple concurrently updated"). The lock is
      // taken in the postgres database, as advisory locks belong to one database.
      await withClient(superuserUrl(database), (d) => adoptObjects(d, creds.owner.user));
    } finally {
      await c.query(`select pg_advisory_unlock(hashtext('inspectorate-roles'))`).catch(() => undefined);
    }
  });
}

/** Objects created by an earlier version (connected as the superuser) pass to the owner role. */
async function adoptObjects(c: pg.Client, owner: string): Promise<void> {
  const o = quoteIdent(owner);
  const schemas = `n.nspname in ('public', 'graphile_worker')`;
  const ns = await c.query<{ name: string }>(`select nspname as name from pg_namespace n where ${schemas} and pg_get_userbyid(n.nspowner) not in ($1, 'pg_database_owner')`, [owner]);
  for (const r of ns.rows) await c.query(`alter schema ${quoteIdent(r.name)} owner to ${o}`);
  // Tables, views and free-standing sequences (a column's sequence follows its table).
  const rels = await c.query<{ schema: string; name: string; kind: string }>(
    `select n.nspname as schema, cl.relname as name, cl.relkind as kind
       from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
      where ${schemas} and cl.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and pg_get_userbyid(cl.relowner) <> $1
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = cl.oid and d.deptype in ('a', 'i'))`,
    [owner],
  );
  for (const r of rels.rows) {
    const kind = r.kind === 'S' ? 'sequence' : r.kind === 'v' ? 'view' : r.kind === 'm' ? 'materialized view' : r.kind === 'f' ? 'foreign table' : 'table';
    await c.query(`alter ${kind} ${quoteIdent(r.schema)}.${quoteIdent(r.name)} owner to ${o}`);
  }
  const procs = await c.query<{ signature: string; kind: string }>(
    `select p.oid::regprocedure::text as signature, p.prokind as kind from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${schemas} and pg_get_userbyid(p.proowner) <> $1`,
    [owner],
  );
  for (const r of procs.rows) await c.query(`alter ${r.kind === 'p' ? 'procedure' : 'routine'} ${r.signature} owner to ${o}`);
  const types = await c.query<{ name: string }>(
    `select format('%I.%I', n.nspname, t.typname) as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where ${schemas} and pg_get_userbyid(t.typowner) <> $1 and t.typtype in ('e', 'd', 'c') and (t.typrelid = 0 or (select relkind from pg_class where oid = t.typrelid) = 'c')`,
    [owner],
  );
  for (const r of types.rows) await c.query(`alter type ${r.name} owner to ${o}`);
}

/** Tables the app role may only read (and, for the audit trail, append to). */
const APPEND_ONLY = ['audit_events'];
const READ_ONLY = ['kysely_migration', 'kysely_migration_lock'];

/**
 * Run as the owner (or a superuser) after every migration: the app role gets exactly what it
 * needs on every table the migrations made, old and new.
 */
export async function grantAppPrivileges(db: Db, appRole: string): Promise<void> {
  const app = sql.id(appRole);
  const worker = await sql<{ present: boolean }>`select exists (select 1 from pg_namespace where nspname = 'graphile_worker') as present`.execute(db);
  const schemas = worker.rows[0]?.present ? ['public', 'graphile_worker'] : ['public'];
  for (const schema of schemas) {
    const s = sql.id(schema);
    await sql`grant usage on schema ${s} to ${app}`.execute(db);
    await sql`revoke create on schema ${s} from ${app}`.execute(db);
    await sql`grant select, insert, update, delete on all tables in schema ${s} to ${app}`.execute(db);
    await sql`revoke truncate, references, trigger on all tables in schema ${s} from ${app}`.execute(db);
    await sql`grant usage, select, update on all sequences in schema ${s} to ${app}`.execute(db);
    await sql`grant execute on all functions in schema ${s} to ${app}`.execute(db);
  }
  if (schemas.includes('graphile_worker')) await allowJobTables(db, appRole);
  for (const table of APPEND_ONLY) await sql`revoke update, delete on ${sql.table(table)} from ${app}`.execute(db);
  for (const table of READ_ONLY) {
    const exists = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
    if (exists.rows[0]?.t) await sql`revoke insert, update, delete on ${sql.table(table)} from ${app}`.execute(db);
  }
}

/**
 * graphile-worker turns on row-level security on its tables with no policy, so only their
 * owner could queue or run a job; the app role runs jobs, so it gets a policy of its own.
 */
async function allowJobTables(db: Db, appRole: string): Promise<void> {
  const policy = `${appRole}_jobs`;
  const tables = await sql<{ name: string; has_policy: boolean }>`
    select c.relname as name,
           exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = ${policy}) as has_policy
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'graphile_worker' and c.relkind in ('r', 'p') and c.relrowsecurity`.execute(db);
  for (const t of tables.rows) {
    if (t.has_policy) continue;
    await sql`create policy ${sql.id(policy)} on ${sql.id('graphile_worker', t.name)} for all to ${sql.id(appRole)} using (true) with check (true)`.execute(db);
  }
}

export interface RoleReport {
  user: string;
  superuser: boolean;
  ownsTables: boolean;
  canRewriteAudit: boolean;
}

/** What the connection's role could do to the audit trail. */
export async function describeRole(db: Db): Promise<RoleReport> {
  const r = await sql<{ user: string; superuser: boolean; owns: boolean; rewrite: boolean }>`
    select current_user as user,
           (select rolsuper or rolbypassrls from pg_roles where rolname = current_user) as superuser,
           exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'USAGE')) as owns,
           coalesce(to_regclass('audit_events') is not null
                    and (has_table_privilege('audit_events', 'UPDATE') or has_table_privilege('audit_events', 'DELETE') or has_table_privilege('audit_events', 'TRUNCATE')), false) as rewrite`.execute(db);
  const row = r.rows[0];
  if (!row) throw new DatabaseRoleError('could not read the database role');
  return { user: row.user, superuser: row.superuser, ownsTables: row.owns, canRewriteAudit: row.rewrite };
}

/**
 * Serving requests as a superuser or the tables' owner would let a bug or an injection rewrite
 * the audit trail; refuse unless ALLOW_SUPERUSER=true (development only). Returns a warning
 * line when allowed.
 */
export async function checkServingRole(db: Db, allow: boolean): Promise<string | undefined> {
  const role = await describeRole(db);
  const problems = [
    role.superuser ? 'is a superuser' : '',
    role.ownsTables ? 'owns the tables' : '',
    role.canRewriteAudit ? 'may update, delete or truncate audit_events' : '',
  ].filter(Boolean);
  if (problems.length === 0) return undefined;
  const what = `the database role "${role.user}" ${problems.join(' and ')}`;
  if (allow) return `Warning: ${what}; serving anyway because ALLOW_SUPERUSER=true (development only).`;
  throw new DatabaseRoleError(
    `Refusing to serve: ${what}. Connect DATABASE_URL as an app role and run migrations as the owner with MIGRATION_DATABASE_URL (see docs/database-roles.md), or set ALLOW_SUPERUSER=true for development only.`,
  );
}
