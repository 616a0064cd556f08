import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';
import { demoWorldMissing, loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { LUTON_SERVICES } from '../../../src/services/demo/luton-organisations.demo.js';
import { ROLES } from '../../../src/domain/vocabulary/roles.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the demo world', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  const counts = async () => {
    const db = t.database.db;
    const n = async (table: 'organisations' | 'users' | 'commissioning' | 'patient_participation_groups' | 'audit_events' | 'notifications') =>
      Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // Each register import run records itself (REGISTER_IMPORTED, with its counts); every other change is counted.
    const changes = await db.selectFrom('audit_events').select(db.fn.countAll<number>().as('n')).where('action', '<>', 'REGISTER_IMPORTED').executeTakeFirstOrThrow();
    return { organisations: await n('organisations'), users: await n('users'), commissioning: await n('commissioning'), ppg: await n('patient_participation_groups'), audit: Number(changes.n), notifications: await n('notifications') };
  };

  beforeAll(async () => {
    t = await createTestApp();
    ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
  }, 300_000);
  afterAll(async () => t.close());

  it('is missing until loaded, then loads once: a second load creates nothing new', async () => {
    expect(await demoWorldMissing(ctx)).toBe(true);
    await loadDemoWorld(ctx);
    expect(await demoWorldMissing(ctx)).toBe(false);
    const first = await counts();
    expect(first.users).toBe(DEMO_ACCOUNTS.length);
    const again = await loadDemoWorld(ctx);
    expect(await counts()).toEqual(first);
    expect(again.lines.join('\n')).toMatch(/Demo users: 0 added, 0 updated, \d+ already there/);
  }, 300_000);

  it('keeps one record for Stopsley Village Practice (ODS E81006): one location, belonging to a provider with an id of its own (an ODS practice code is never a provider\'s)', async () => {
    const rows = await t.database.db.selectFrom('organisations').selectAll().where('ods_code', '=', 'E81006').orderBy('kind').execute();
    expect(rows.map((r) => r.kind)).toEqual(['location']);
    const [location] = rows;
    const provider = await t.database.db.selectFrom('organisations').selectAll().where('id', '=', location!.parent_id!).executeTakeFirstOrThrow();
    expect([provider.kind, provider.name, provider.ods_code]).toEqual(['provider', 'Stopsley Village Practice', null]);
    expect(provider.minted_id).toMatch(/^INS-PRV-\d{6}$/);
    expect(location?.postcode).toBe('LU2 9AU');
    const ppg = await t.database.db.selectFrom('patient_participation_groups').selectAll().where('organisation_id', '=', location!.id).execute();
    expect(ppg).toHaveLength(1);
  });

  it('links Luton’s children and families services to the ICB or the council that commissions them', async () => {
    const db = t.database.db;
    const links = await db
      .selectFrom('commissioning')
      .innerJoin('organisations as c', 'c.id', 'commissioning.commissioner_id')
      .innerJoin('organisations as s', 's.id', 'commissioning.service_id')
      .select(['c.name as commissioner', 's.name as service', 'c.ods_code as commissionerOds'])
      .execute();
    for (const service of LUTON_SERVICES) {
      const link = links.find((l) => l.service === service.name);
      expect(link, service.name).toBeDefined();
      expect(link!.commissioner).toBe(service.commissioner === 'icb' ? 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board' : 'Luton Borough Council');
    }
    const trusts = await db.selectFrom('organisations').select(['cqc_provider_id', 'ods_code']).where('ods_code', 'in', ['RC9', 'RYV', 'RWK']).where('kind', '=', 'provider').execute();
    expect(trusts).toHaveLength(3);
    for (const trust of trusts) expect(trust.cqc_provider_id).toBe(trust.ods_code);
    const minted = await db.selectFrom('organisations').select('minted_id').where('name', '=', 'Change Grow Live').executeTakeFirstOrThrow();
    expect(minted.minted_id).toMatch(/^INS-PRV-\d{6,}$/);
  });

  it('has an account for every role, and each demo account can sign in with the shared password', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    for (const account of DEMO_ACCOUNTS) {
      const s = await signIn(t.app, { email: account.email, password: DEMO_PASSWORD });
      const home = await s.get('/home');
      expect(home.body).toContain(account.name);
    }
  }, 120_000);

  it('`inspectorate demo load` run again from the command line adds nothing', () => {
    const before = spawnSync('node', ['bin/inspectorate.js', 'demo', 'load'], { env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 240_000 });
    expect(before.status, before.stderr).toBe(0);
    expect(before.stdout).toContain('Luton organisations and services: 0 added, 0 updated');
    expect(before.stdout).toContain('Demo users: 0 added');
    expect(before.stdout).toContain('Commissioning links: 0 added');
  }, 300_000);
});
