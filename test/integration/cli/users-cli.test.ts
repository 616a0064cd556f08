import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('inspectorate users create', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganisation(database.db, 'provider', { name: 'Stopsley Test Practice', ods_code: 'E99906' });
    await createOrganisation(database.db, 'regulator', { name: 'CLI Test Regulator', minted_id: 'INS-REG-900001' });
  });
  afterAll(async () => database.destroy());

  const run = (args: string[], input?: string) =>
    spawnSync('node', ['bin/inspectorate.js', 'users', 'create', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', BASE_URL: 'http://inspectorate.test' },
      encoding: 'utf8',
      input,
      timeout: 60_000,
    });

  it('explains itself with --help', () => {
    const res = run(['--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('--organisation <id>');
    expect(res.stdout).toContain('--password-stdin');
    expect(res.stdout).toMatch(/--role <role>.*choices: "inspector"/s);
  });

  it('invites a provider user found by ODS code and prints their invitation link', async () => {
    const res = run(['--email', 'pm@practice.test', '--name', 'Pat Moss', '--role', 'provider_user', '--organisation', 'E99906', '--org-admin', '--job-title', 'Practice manager']);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Added Pat Moss <pm@practice.test> as provider_user (organisation admin) to Stopsley Test Practice.');
    expect(res.stdout).toMatch(/http:\/\/inspectorate\.test\/invitations\/[A-Za-z0-9_-]{43}/);
    const user = await database.db.selectFrom('users').selectAll().where('email', '=', 'pm@practice.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ status: 'invited', is_org_admin: true, job_title: 'Practice manager' });
    const audit = await database.db.selectFrom('audit_events').selectAll().where('subject_id', '=', user.id).execute();
    expect(audit.map((a) => [a.action, a.actor_label])).toEqual([['USER_INVITED', 'system:cli:users-create']]);
  });

  it('creates an active administrator with a password read from stdin', async () => {
    const res = run(['--email', 'first.admin@regulator.test', '--name', 'First Admin', '--role', 'administrator', '--organisation', 'INS-REG-900001', '--password-stdin'], 'a very long password\n');
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('They can sign in now');
    const user = await database.db.selectFrom('users').selectAll().where('email', '=', 'first.admin@regulator.test').executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    [['--email', 'x@y.test', '--name', 'X', '--role', 'wizard', '--organisation', 'E99906'], /argument 'wizard' is invalid.*choices/s],
    [['--email', 'x@y.test', '--name', 'X', '--role', 'provider_user'], /required option '--organisation <id>' not specified/],
    [['--email', 'x@y.test', '--name', 'X', '--role', 'provider_user', '--organisation', 'NOWHERE'], /--organisation: no organisation has the ID "NOWHERE"/],
    [['--email', 'x@y.test', '--name', 'X', '--role', 'inspector', '--organisation', 'E99906'], /--role: Select a role people in this organisation can hold: provider user/],
    [['--email', 'not-an-email', '--name', 'X', '--role', 'provider_user', '--organisation', 'E99906'], /--email: Enter an email address in the correct format/],
    [['--email', 'pm@practice.test', '--name', 'Again', '--role', 'provider_user', '--organisation', 'E99906'], /--email: Someone with this email address already has an account/],
  ])('refuses %j with one clear message and exit code 2', async (args, message) => {
    const before = await database.db.selectFrom('users').select(database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = run(args);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const after = await database.db.selectFrom('users').select(database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a short password from stdin', () => {
    const res = run(['--email', 'short@regulator.test', '--name', 'Short', '--role', 'inspector', '--organisation', 'INS-REG-900001', '--password-stdin'], 'short');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('password: Password must be 12 characters or more');
  });
});
