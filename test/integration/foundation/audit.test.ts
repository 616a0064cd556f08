import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const auditFor = (subjectId: string) => t.database.db.selectFrom('audit_events').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();

  it('writes an audit row with each change: who, what, subject, when, correlation id, before and after', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin', { name: 'Grace Okafor' });
    const colleague = await createUser(t.database.db, 'providerUser', { organisation: { id: admin.organisation_id } });
    const s = await signIn(t.app, admin);
    const res = await s.post(`/organisations/${admin.organisation_id}/people/${colleague.id}/admin`, { value: 'grant' }, { headers: { 'x-correlation-id': 'test-correlation-0001' } });
    expect(res.statusCode).toBe(303);
    const rows = await auditFor(colleague.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'USER_ORG_ADMIN_GRANTED',
      subject_type: 'user',
      actor_user_id: admin.id,
      correlation_id: 'test-correlation-0001',
      before: { is_org_admin: false },
      after: { is_org_admin: true },
    });
    expect(rows[0]?.actor_label).toContain('Grace Okafor');
    expect(Date.now() - rows[0]!.occurred_at.getTime()).toBeLessThan(60_000);
  });

  it('loses the audit row together with a change that rolls back', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const s = await signIn(t.app, admin);
    // The last step of an invitation (queueing its email) fails: the whole use case must roll back.
    await sql`create function fail_outbox() returns trigger language plpgsql as $$ begin raise exception 'mail store unavailable'; end $$`.execute(t.database.ownerDb);
    await sql`create trigger fail_outbox before insert on outbox_emails for each row execute function fail_outbox()`.execute(t.database.ownerDb);
    try {
      const res = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Rolled Back', email: 'rolled.back@test.example' });
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('Sorry, there is a problem with the service');
    } finally {
      await sql`drop trigger fail_outbox on outbox_emails`.execute(t.database.ownerDb);
      await sql`drop function fail_outbox()`.execute(t.database.ownerDb);
    }
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', 'rolled.back@test.example').execute()).toEqual([]);
    const invites = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'USER_INVITED').where('actor_user_id', '=', admin.id).execute();
    expect(invites).toEqual([]);
    // The same invitation succeeds once the fault is gone, and then it is audited.
    const ok = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Rolled Back', email: 'rolled.back@test.example' });
    expect(ok.statusCode).toBe(303);
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'USER_INVITED').where('actor_user_id', '=', admin.id).execute()).toHaveLength(1);
  });

  it('refuses to update, delete or truncate audit rows, whoever asks', async () => {
    const user = await createUser(t.database.db, 'inspector');
    await signIn(t.app, user);
    const [row] = await auditFor(user.id);
    expect(row).toBeDefined();
    // The app's own role has no such privilege at all (docs/database-roles.md) ...
    await expect(t.database.db.updateTable('audit_events').set({ action: 'TAMPERED' }).where('id', '=', row!.id).execute()).rejects.toThrow(/permission denied/);
    await expect(t.database.db.deleteFrom('audit_events').where('id', '=', row!.id).execute()).rejects.toThrow(/permission denied/);
    await expect(sql`truncate audit_events`.execute(t.database.db)).rejects.toThrow(/permission denied/);
    // ... and the owner is stopped by the append-only triggers.
    const owner = t.database.ownerDb;
    await expect(owner.updateTable('audit_events').set({ action: 'TAMPERED' }).where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    await expect(owner.deleteFrom('audit_events').where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(owner)).rejects.toThrow(/append-only/);
    expect((await auditFor(user.id))[0]?.action).toBe('USER_SIGNED_IN');
  });

  it('lets administrators browse and filter the trail, newest first, with what changed', async () => {
    const admin = await createUser(t.database.db, 'administrator');
    const provider = await createUser(t.database.db, 'providerAdmin', { name: 'Filter Target' });
    const colleague = await createUser(t.database.db, 'providerUser', { organisation: { id: provider.organisation_id }, name: 'Colleague Removed' });
    const ps = await signIn(t.app, provider);
    await ps.post(`/organisations/${provider.organisation_id}/people/${colleague.id}/remove`, {});
    const s = await signIn(t.app, admin);
    const all = await s.get('/admin/audit');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<title>Audit trail – Inspectorate</title>');
    // Newest first: the administrator's own sign-in comes before the removal.
    expect(all.body.indexOf('>USER_SIGNED_IN</code>')).toBeGreaterThan(0);
    expect(all.body.indexOf('>USER_SIGNED_IN</code>')).toBeLessThan(all.body.indexOf('>USER_REMOVED</code>'));
    const filtered = await s.get(`/admin/audit?action=USER_REMOVED&subjectId=${colleague.id}`);
    expect(filtered.body).toContain('Showing 1 to 1 of 1 event');
    expect(filtered.body).toMatch(/<code>status<\/code><\/dt><dd>active → removed<\/dd>/);
    expect(filtered.body).toContain('Filter Target');
    const byActor = await s.get(`/admin/audit?actor=${encodeURIComponent('filter target')}&action=USER_SIGNED_IN`);
    expect(byActor.body).toContain('Showing 1 to 1 of 1 event');
    const future = await s.get('/admin/audit?from=2099-01-01');
    expect(future.body).toContain('No events found');
    const bad = await s.get('/admin/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('From date must include a month and year'); // read as typed into the day box
    // The filter's dates are GOV.UK date inputs: 31 February is named at the field and the rest is kept.
    const impossible = await s.get(`/admin/audit?action=USER_SIGNED_IN&from-day=31&from-month=2&from-year=2026&to-day=&to-month=&to-year=`);
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('href="#from-day"');
    expect(impossible.body).toMatch(/<p id="from-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> From date must be a real date/);
    expect(impossible.body).toMatch(/id="from-day" name="from-day" type="text" value="31"/);
    expect(impossible.body).toMatch(/<option value="USER_SIGNED_IN" selected>/);
    expect(impossible.body).not.toMatch(/type="date"|like 20\d\d-/);
    const typed = await s.get('/admin/audit?from-day=1&from-month=1&from-year=2099');
    expect(typed.statusCode).toBe(200);
    expect(typed.body).toContain('No events found');
  });

  it('hides the audit trail from everyone but administrators', async () => {
    for (const trait of ['inspector', 'providerAdmin'] as const) {
      const s = await signIn(t.app, await createUser(t.database.db, trait));
      expect((await s.get('/admin/audit')).statusCode).toBe(404);
    }
  });
});
