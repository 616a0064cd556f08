import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('CSRF protection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const count = async (table: 'users' | 'sign_in_attempts' | 'outbox_emails') =>
    Number((await t.database.db.selectFrom(table).select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a sign-in form posted without a token: 403, the GOV.UK problem page, nothing recorded', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const before = await count('sign_in_attempts');
    const s = anonymous(t.app);
    const res = await s.post('/sign-in', { email: user.email, password: user.password }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<title>There is a problem – Inspectorate</title>');
    expect(res.body).toContain('nothing was changed');
    // The full layout, navigation included, even though the request stopped early.
    expect(res.body).toContain('govuk-service-navigation');
    expect(s.cookies.has('inspectorate_session')).toBe(false);
    expect(await count('sign_in_attempts')).toBe(before);
  });

  it('refuses an anonymous form whose token does not match the cookie', async () => {
    const s = anonymous(t.app);
    await s.get('/password-reset');
    const res = await s.post('/password-reset', { email: 'someone@test.example' }, { csrf: 'A'.repeat(43) });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a signed-in form posted without the session token, or with the anonymous one, and changes nothing', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const s = await signIn(t.app, admin);
    const orgId = admin.organisation_id;
    const usersBefore = await count('users');
    const emailsBefore = await count('outbox_emails');
    const form = { name: 'Sam Lee', email: 'sam.lee@test.example', role: 'provider_user' };
    expect((await s.post(`/organisations/${orgId}/invite`, form, { csrf: false })).statusCode).toBe(403);
    // A token an attacker could get by visiting the sign-in page themselves is not this session's token.
    const attacker = anonymous(t.app);
    await attacker.get('/sign-in');
    expect((await s.post(`/organisations/${orgId}/invite`, form, { csrf: attacker.csrfToken })).statusCode).toBe(403);
    expect(await count('users')).toBe(usersBefore);
    expect(await count('outbox_emails')).toBe(emailsBefore);
    // With the session's own token the same form works.
    const ok = await s.post(`/organisations/${orgId}/invite`, form);
    expect(ok.statusCode).toBe(303);
    expect(await count('users')).toBe(usersBefore + 1);
  });

  it('accepts the token in the x-csrf-token header (for scripts and uploads)', async () => {
    const admin = await createUser(t.database.db, 'providerAdmin');
    const s = await signIn(t.app, admin);
    const res = await s.post(`/organisations/${admin.organisation_id}/invite`, { name: 'Kim Ng', email: 'kim.ng@test.example' }, { csrf: false, headers: { 'x-csrf-token': s.csrfToken! } });
    expect(res.statusCode).toBe(303);
  });

  it('does not exempt /api requests unless they carry a bearer token', async () => {
    const noBearer = await t.app.inject({ method: 'POST', url: '/api/v1/anything', payload: {} });
    expect(noBearer.statusCode).toBe(403);
    const bearer = await t.app.inject({ method: 'POST', url: '/api/v1/anything', payload: {}, headers: { authorization: 'Bearer abc123' } });
    expect(bearer.statusCode).toBe(404);
  });
});
