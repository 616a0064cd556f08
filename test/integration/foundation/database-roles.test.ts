/**
 * Least privilege in the database (issue 14, item 3; docs/database-roles.md). The app's own
 * connection cannot alter, delete, truncate, disable triggers on or replicate around the audit
 * trail; serving as a superuser is refused unless allowed; the embedded start-up creates both
 * roles with generated passwords kept in the data folder, and adopts an earlier version's database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkServingRole, DatabaseRoleError, describeRole, ensureEmbeddedRoles, grantAppPrivileges, loadOrCreateCredentials, ROLES_FILE, urlAs, type RoleCredentials } from '../../../src/data/database-roles.js';
import { createDb } from '../../../src/data/database.js';
import { migrateToLatest } from '../../../src/data/migrate.js';
import { createUser } from '../../factories/user.factory.js';
import { withDatabase } from '../../support/database.global-setup.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

async function asClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe('the app database role', () => {
  let database: TestDatabase;
  let app: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createUser(database.db, 'inspector');
    app = new pg.Client({ connectionString: database.url });
    await app.connect();
    await app.query(`insert into audit_events (actor_label, action, subject_type, subject_id, correlation_id) values ('system', 'ROLE_CHECK', 'test', 'x', 'c-0')`);
  });
  afterAll(async () => {
    await app.end();
    await database.destroy();
  });

  const refused = async (statement: string, why: RegExp) => {
    await expect(app.query(statement)).rejects.toThrow(why);
  };

  it('is not a superuser, owns no table and holds no right to rewrite the audit trail', async () => {
    const role = await describeRole(database.db);
    expect(role).toEqual({ user: inject('appRole').user, superuser: false, ownsTables: false, canRewriteAudit: false });
    const rights = await app.query(`select has_table_privilege('audit_events', 'SELECT') as s, has_table_privilege('audit_events', 'INSERT') as i,
      has_table_privilege('audit_events', 'UPDATE') as u, has_table_privilege('audit_events', 'DELETE') as d, has_table_privilege('audit_events', 'TRUNCATE') as t,
      has_table_privilege('audit_events', 'TRIGGER') as tr`);
    expect(rights.rows[0]).toEqual({ s: true, i: true, u: false, d: false, t: false, tr: false });
  });

  it('cannot update, delete or truncate audit rows', async () => {
    const before = Number((await app.query('select count(*) as n from audit_events')).rows[0].n);
    expect(before).toBeGreaterThan(0);
    await refused(`update audit_events set action = 'TAMPERED'`, /permission denied/);
    await refused('delete from audit_events', /permission denied/);
    await refused('truncate audit_events', /permission denied/);
    expect(Number((await app.query('select count(*) as n from audit_events')).rows[0].n)).toBe(before);
  });

  it('cannot disable, drop or replace the append-only triggers, nor alter or drop the table', async () => {
    await refused('alter table audit_events disable trigger audit_events_no_update', /must be owner/);
    await refused('alter table audit_events disable trigger all', /must be owner/);
    await refused('alter table audit_events enable replica trigger audit_events_no_update', /must be owner/);
    await refused('drop trigger audit_events_no_update on audit_events', /must be owner/);
    await refused('create trigger sneak before insert on audit_events for each row execute function audit_events_append_only()', /permission denied/);
    await refused('alter table audit_events add column note text', /must be owner/);
    await refused('alter table audit_events owner to current_user', /must be owner/);
    await refused('drop table audit_events', /must be owner/);
    await refused(`create or replace function audit_events_append_only() returns trigger language plpgsql as $$ begin return new; end $$`, /must be owner|permission denied/);
  });

  it('cannot replicate around the triggers, take a stronger role or give itself rights', async () => {
    await refused('set session_replication_role = replica', /permission denied/);
    await refused(`select set_config('session_replication_role', 'replica', false)`, /permission denied/);
    await refused('set role postgres', /permission denied/);
    await refused('alter role current_user superuser', /must be superuser|permission denied/);
    await refused('create table sneaky (id int)', /permission denied/);
    // GRANT by someone without the grant option only warns; the right is still missing.
    await app.query('grant update, delete on audit_events to current_user').catch(() => undefined);
    expect((await app.query(`select has_table_privilege('audit_events', 'UPDATE') as u`)).rows[0].u).toBe(false);
    // With all that tried, the triggers are all still enabled.
    const triggers = await app.query(`select tgname, tgenabled from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`);
    expect(triggers.rows).toEqual([
      { tgname: 'audit_events_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_events_no_update', tgenabled: 'O' },
    ]);
  });

  it('still appends audit rows and works the ordinary tables', async () => {
    await app.query(`insert into audit_events (actor_label, action, subject_type, subject_id, correlation_id) values ('system', 'ROLE_CHECK', 'test', 'x', 'c-1')`);
    expect((await app.query(`select count(*) as n from audit_events where action = 'ROLE_CHECK'`)).rows[0].n).toBe(2);
    await app.query(`update users set name = 'Renamed' where id = (select id from users limit 1)`);
    // The schema is up to date, so starting as the app role needs no owner rights.
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('lets the app role serve, and refuses a superuser unless ALLOW_SUPERUSER is set', async () => {
    expect(await checkServingRole(database.db, false)).toBeUndefined();
    const err = await checkServingRole(database.ownerDb, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseRoleError);
    expect(String((err as Error).message)).toMatch(/Refusing to serve: the database role "[^"]+" is a superuser.*MIGRATION_DATABASE_URL.*ALLOW_SUPERUSER=true/);
    expect(await checkServingRole(database.ownerDb, true)).toMatch(/serving anyway because ALLOW_SUPERUSER=true/);
  });
});

describe('embedded start-up: roles, generated passwords and an earlier version adopted', () => {
  const admin = inject('adminDatabaseUrl');
  const suffix = randomBytes(4).toString('hex');
  const name = `inspectorate_roles_${suffix}`;
  let dir = '';
  let creds: RoleCredentials;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inspectorate-roles-'));
    // An earlier version's database: every object created (and so owned) by the superuser.
    await asClient(admin, (c) => c.query(`create database ${name} template ${inject('templateDatabase')}`));
  });
  afterAll(async () => {
    await asClient(admin, async (c) => {
      await c.query(`drop database if exists ${name} with (force)`);
      for (const who of creds ? [creds.owner.user, creds.app.user] : []) await c.query(`drop role if exists ${who}`);
    });
    await rm(dir, { recursive: true, force: true });
  });

  it('generates both passwords once, keeps them in a file only its owner can read, and agrees when two processes start at once', async () => {
    const [a, b] = await Promise.all([loadOrCreateCredentials(dir), loadOrCreateCredentials(dir)]);
    expect(a).toEqual(b);
    expect(a.owner.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.app.password).not.toBe(a.owner.password);
    expect((await stat(path.join(dir, ROLES_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateCredentials(dir)).toEqual(a);
    expect(JSON.parse(await readFile(path.join(dir, ROLES_FILE), 'utf8'))).toEqual(a);
    // This test uses role names of its own, so concurrent runs on one server never meet.
    creds = { owner: { ...a.owner, user: `inspectorate_owner_${suffix}` }, app: { ...a.app, user: `inspectorate_app_${suffix}` } };
  });

  it('creates the roles, hands the database and its objects to the owner, and the app role gets only what it needs', async () => {
    const superuserUrl = (db: string) => withDatabase(admin, db);
    await Promise.all([ensureEmbeddedRoles(superuserUrl, name, creds), ensureEmbeddedRoles(superuserUrl, name, creds)]);
    const ownerUrl = urlAs(superuserUrl(name), creds.owner);
    const appUrl = urlAs(superuserUrl(name), creds.app);
    const notOwned = await asClient(superuserUrl(name), (c) =>
      c.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in ('public', 'graphile_worker') and c.relkind in ('r', 'S', 'v') and pg_get_userbyid(c.relowner) <> $1`, [creds.owner.user]),
    );
    expect(notOwned.rows).toEqual([]);
    expect((await asClient(admin, (c) => c.query('select pg_get_userbyid(datdba) as o from pg_database where datname = $1', [name]))).rows[0].o).toBe(creds.owner.user);

    // Start-up as the server does it: migrate as the owner, then grant the app role.
    const owner = createDb(ownerUrl, { max: 2 });
    const appDb = createDb(appUrl, { max: 2 });
    try {
      expect(await migrateToLatest(owner.db)).toEqual([]);
      await grantAppPrivileges(owner.db, creds.app.user);
      expect(await describeRole(appDb.db)).toEqual({ user: creds.app.user, superuser: false, ownsTables: false, canRewriteAudit: false });
      expect(await describeRole(owner.db)).toMatchObject({ superuser: false, ownsTables: true });
      await asClient(appUrl, async (c) => {
        await c.query(`insert into audit_events (actor_label, action, subject_type, subject_id, correlation_id) values ('system', 'ROLE_CHECK', 'test', 'x', 'c-1')`);
        await expect(c.query('delete from audit_events')).rejects.toThrow(/permission denied/);
        await expect(c.query('alter table audit_events disable trigger all')).rejects.toThrow(/must be owner/);
      });
      // The owner is not a superuser either: it cannot replicate around the triggers.
      await asClient(ownerUrl, async (c) => {
        await expect(c.query('set session_replication_role = replica')).rejects.toThrow(/permission denied/);
        await expect(c.query('delete from audit_events')).rejects.toThrow(/append-only/);
      });
    } finally {
      await owner.close();
      await appDb.close();
    }
    // Only the two roles may connect: another role on the same server is turned away.
    await expect(asClient(urlAs(superuserUrl(name), inject('appRole')), (c) => c.query('select 1'))).rejects.toThrow(/permission denied for database/);
  });

  it('repairs a role whose password no longer matches the file on the next start', async () => {
    await asClient(admin, (c) => c.query(`alter role ${creds.app.user} password 'something-else'`));
    await ensureEmbeddedRoles((db) => withDatabase(admin, db), name, creds);
    const appUrl = urlAs(withDatabase(admin, name), creds.app);
    expect((await asClient(appUrl, (c) => c.query('select current_user as u'))).rows[0].u).toBe(creds.app.user);
  });
});
