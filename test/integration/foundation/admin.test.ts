import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { inTransaction, newCorrelationId, systemActor, systemClock } from '../../../src/services/context.js';
import { deliverQueuedEmail, queueEmail } from '../../../src/services/mail.service.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('administration: users and the outbox', () => {
  let t: TestApp;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t.app, await createUser(t.database.db, 'administrator'));
  });
  afterAll(async () => t.close());

  it('lists and filters users of every organisation', async () => {
    const org = await createOrganisation(t.database.db, 'provider', { name: 'Wardown Surgery' });
    await createUser(t.database.db, 'providerUser', { organisation: org, name: 'Zara Findable' });
    await createUser(t.database.db, 'inspector', { name: 'Ian Inspector' });
    const all = await admin.get('/admin/users');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Zara Findable');
    expect(all.body).toContain('Ian Inspector');
    const found = await admin.get('/admin/users?q=wardown');
    expect(found.body).toContain('Zara Findable');
    expect(found.body).not.toContain('Ian Inspector');
    const byRole = await admin.get('/admin/users?role=inspector');
    expect(byRole.body).toContain('Ian Inspector');
    expect(byRole.body).not.toContain('Zara Findable');
  });

  it('adds a user to an organisation found by its ODS code, and the invitation lands in the outbox', async () => {
    await createOrganisation(t.database.db, 'provider', { name: 'Lewsey Health Centre', ods_code: 'Z99001' });
    const missing = await admin.post('/admin/users/new', { organisation: 'NOPE1', name: 'A Person', email: 'a.person@test.example', role: 'provider_user' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('No organisation has the ID NOPE1');
    expect(missing.body).toContain('value="a.person@test.example"');
    // Every error at once, each in the summary and at its field, with what was typed kept.
    const all = await admin.post('/admin/users/new', { organisation: 'NOPE1', name: '', email: 'not-an-email', jobTitle: 'x'.repeat(201), role: 'provider_user' });
    expect(all.statusCode).toBe(400);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(all.body)?.[0] ?? '';
    for (const [href, message] of <[string, string][]>[['#organisation', 'No organisation has the ID NOPE1'], ['#name', 'Enter their full name'], ['#email', 'Enter an email address in the correct format'], ['#jobTitle', 'Job title must be 200 characters or fewer']]) {
      expect(summary).toContain(`href="${href}"`);
      expect(summary).toContain(message);
      expect(all.body).toMatch(new RegExp(`id="${href.slice(1)}-error"`));
    }
    expect(all.body).toContain('value="not-an-email"');
    const wrongRole = await admin.post('/admin/users/new', { organisation: 'Z99001', name: 'A Person', email: 'a.person@test.example', role: 'inspector' });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.body).toContain('Select a role people in this organisation can hold');
    const ok = await admin.post('/admin/users/new', { organisation: 'z99001', name: 'A Person', email: 'a.person@test.example', role: 'provider_user', isOrgAdmin: 'yes' });
    expect(ok.statusCode).toBe(303);

    const outbox = await admin.get('/admin/outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain('a.person@test.example');
    expect(outbox.body).toContain('You have been invited to use Inspectorate for Lewsey Health Centre');
    const id = /href="\/admin\/outbox\/(\d+)"/.exec(outbox.body)?.[1];
    const one = await admin.get(`/admin/outbox/${id}`);
    expect(one.statusCode).toBe(200);
    // The link in the email is clickable, and points at this service.
    expect(one.body).toMatch(/<a class="govuk-link" href="\/invitations\/[A-Za-z0-9_-]+">/);
  });

  it('keeps administration away from everyone else', async () => {
    for (const trait of ['inspectionManager', 'providerAdmin', 'commissionerAdmin'] as const) {
      const s = await signIn(t.app, await createUser(t.database.db, trait));
      for (const url of ['/admin/users', '/admin/users/new', '/admin/outbox', '/admin/outbox/1']) expect((await s.get(url)).statusCode, `${trait} ${url}`).toBe(404);
    }
  });

  it('with SMTP configured, queues a send_email job in the same transaction and records delivery', async () => {
    const ctx = {
      db: t.database.db,
      actor: systemActor('test'),
      correlationId: newCorrelationId(),
      clock: systemClock,
      config: { ...t.config, smtpUrl: 'smtp://mail.test.example:2525' },
      logger: createLogger('silent'),
    };
    // Rolled back: neither the email nor its job exist.
    await expect(
      inTransaction(ctx, async (trx) => {
        await queueEmail(trx, ctx, { to: 'rollback@test.example', subject: 'Never', text: 'Never sent' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const jobs = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'`.execute(t.database.db)).rows[0]!.n;
    expect(await jobs()).toBe(0);
    const id = await inTransaction(ctx, (trx) => queueEmail(trx, ctx, { to: 'someone@test.example', subject: 'Hello', text: 'Body' }));
    expect(await jobs()).toBe(1);
    const sent: string[] = [];
    expect(await deliverQueuedEmail(t.database.db, id, async (m) => void sent.push(m.to), () => new Date())).toBe('sent');
    expect(await deliverQueuedEmail(t.database.db, id, async (m) => void sent.push(m.to), () => new Date())).toBe('already-sent');
    expect(sent).toEqual(['someone@test.example']);
    const row = await t.database.db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.transport).toBe('smtp');
    expect(row.sent_at).not.toBeNull();
  });
});
