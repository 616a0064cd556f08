/**
 * Issue 14, item 5: personal access tokens have scopes, cannot make tokens, die with a password
 * reset, a removal or a change of rights (and stay dead when the user is restored), and each use is
 * recorded (when and from where).
 * Issue 19: the statutory notifications scope is given on the API tokens page by the signed-in
 * person, never by a token, and the route guard checks it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { ApiClient, MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('personal access tokens', () => {
  let t: TestApp;
  const clock = new MovableClock(new Date('2026-12-05T09:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  const tokenOf = async (user: { id: string }, scopes?: string[]) => (await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'client', expiresInDays: 30, ...(scopes ? { scopes } : {}) })).token;

  it('a token is read-only unless given a write scope; scopes are checked on every call', async () => {
    const manager = await createUser(t.database.db, 'inspectionManager');
    const readOnly = new ApiClient(t.app, await tokenOf(manager));
    expect((await readOnly.get('/inspections')).statusCode).toBe(200);
    const refused = await readOnly.post('/inspections', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('This token does not have the inspections:write scope');
    const writer = new ApiClient(t.app, await tokenOf(manager, ['inspections:write']));
    // Allowed through to the service, which then validates the body.
    expect((await writer.post('/inspections', {})).statusCode).toBe(400);
    const reportsOnly = new ApiClient(t.app, await tokenOf(manager, ['reports:write']));
    expect((await reportsOnly.post('/inspections', {})).statusCode).toBe(403);
  });

  it('a token cannot create or revoke tokens', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    const token = await tokenOf(inspector, ['read', 'inspections:write', 'reports:write', 'responses:write', 'enforcement:write', 'feedback:write']);
    const api = new ApiClient(t.app, token);
    const made = await api.post('/tokens', { name: 'child', scopes: ['read'] });
    expect(made.statusCode).toBe(403);
    expect(made.json().error.message).toContain('cannot create or revoke tokens');
    expect(await t.database.db.selectFrom('personal_access_tokens').select('id').where('user_id', '=', inspector.id).execute()).toHaveLength(1);
    // A signed-in person can, with chosen scopes.
    const s = await signIn(t.app, inspector);
    const viaSession = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': s.csrfToken ?? '' }, payload: { name: 'reporting', scopes: ['read'] } });
    expect(viaSession.statusCode, viaSession.body).toBe(201);
    expect(viaSession.json().scopes).toEqual(['read']);
  });

  it('each use records when and from where', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    const token = await tokenOf(inspector);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` }, remoteAddress: '203.0.113.9' });
    expect(res.statusCode).toBe(200);
    const row = await t.database.db.selectFrom('personal_access_tokens').select(['last_used_at', 'last_used_from']).where('user_id', '=', inspector.id).executeTakeFirstOrThrow();
    expect(row.last_used_from).toBe('203.0.113.9');
    expect(row.last_used_at).not.toBeNull();
    // The person sees it on their tokens page, so a use they do not recognise stands out.
    const page = await (await signIn(t.app, inspector)).get('/account/tokens');
    expect(page.body).toMatch(/data-testid="token-last-used">5 December 2026 at 9(:00)?am from 203\.0\.113\.9</);
  });

  it('a removal kills every token, and restoring the user does not revive them', async () => {
    const admin = await createUser(t.database.db, 'administrator');
    const provider = await createUser(t.database.db, 'providerAdmin');
    const colleague = await createUser(t.database.db, 'providerUser', { organisation: { id: provider.organisation_id } });
    const token = await tokenOf(colleague);
    const api = new ApiClient(t.app, token);
    expect((await api.get('/me')).statusCode).toBe(200);
    const users = await import('../../../src/services/users.service.js');
    await users.removePerson(await serviceContextFor(t, admin, clock), colleague.organisation_id, colleague.id);
    expect((await api.get('/me')).statusCode).toBe(401);
    await users.restorePerson(await serviceContextFor(t, admin, clock), colleague.organisation_id, colleague.id);
    expect((await api.get('/me')).statusCode).toBe(401);
    const row = await t.database.db.selectFrom('personal_access_tokens').select('revoked_reason').where('user_id', '=', colleague.id).executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('removed');
    const page = await (await signIn(t.app, colleague)).get('/account/tokens');
    expect(page.body).toContain('data-testid="token-stopped-because">Stopped when your access was removed<');
  });

  it('a change of role or rights kills the token', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    const api = new ApiClient(t.app, await tokenOf(inspector));
    expect((await api.get('/me')).statusCode).toBe(200);
    await t.database.db.updateTable('users').set({ role: 'inspection_manager' }).where('id', '=', inspector.id).execute();
    expect((await api.get('/me')).statusCode).toBe(401);
    await t.database.db.updateTable('users').set({ role: 'inspector' }).where('id', '=', inspector.id).execute();
    expect((await api.get('/me')).statusCode).toBe(401);
  });

  it('a password reset kills every token', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    const api = new ApiClient(t.app, await tokenOf(inspector));
    const auth = await import('../../../src/services/auth.service.js');
    const { randomToken, sha256Hex } = await import('../../../src/services/tokens.js');
    const secret = randomToken();
    await t.database.db.insertInto('user_tokens').values({ token_hash: sha256Hex(secret), user_id: inspector.id, purpose: 'password_reset', expires_at: new Date(clock.now().getTime() + 3_600_000) }).execute();
    const ctx = { ...(await serviceContextFor(t, inspector, clock)), actor: { kind: 'anonymous' as const } };
    const result = await auth.resetPassword(ctx, secret, 'a new long passphrase 2026', 'a new long passphrase 2026');
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    expect((await api.get('/me')).statusCode).toBe(401);
  });

  it('an organisation user allows a token to send statutory notifications on the API tokens page, and can stop it; a token cannot allow itself', async () => {
    const provider = await createUser(t.database.db, 'providerAdmin');
    const other = await createUser(t.database.db, 'providerUser', { organisation: { id: provider.organisation_id } });
    const s = await signIn(t.app, provider);
    await s.get('/account/tokens');
    const made = await s.post('/account/tokens', { name: 'Care records system', expiresInDays: '90' });
    expect(made.statusCode).toBe(201);
    const token = /data-testid="token-secret">([^<]+)</.exec(made.body)![1]!;
    const row = await t.database.db.selectFrom('personal_access_tokens').select('id').where('user_id', '=', provider.id).executeTakeFirstOrThrow();
    const page = await s.get('/account/tokens');
    expect(page.body).toContain('Sends statutory notifications');
    expect(page.body).toMatch(/data-testid="notifications-scope">No</);
    expect(page.body).toContain('Allow sending notifications<span class="govuk-visually-hidden"> with Care records system</span>');

    const bearer = { authorization: `Bearer ${token}` };
    const submit = () => t.app.inject({ method: 'POST', url: '/api/v1/notifications', headers: bearer, payload: {} });
    const refused = await submit();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('does not have the notifications:submit scope');
    // The token cannot give itself the scope.
    const selfGrant = await t.app.inject({ method: 'PUT', url: `/api/v1/tokens/${row.id}/scopes/notifications`, headers: bearer, payload: { enabled: true } });
    expect(selfGrant.statusCode).toBe(403);
    expect(selfGrant.json().error.message).toContain('cannot create or revoke tokens or change their scopes');
    // A colleague cannot change someone else's token.
    const colleague = await signIn(t.app, other);
    await colleague.get('/account/tokens');
    expect((await colleague.post(`/account/tokens/${row.id}/notifications`, { enabled: 'yes' })).statusCode).toBe(404);

    const allowed = await s.post(`/account/tokens/${row.id}/notifications`, { enabled: 'yes' });
    expect(allowed.statusCode).toBe(303);
    const after = await s.get(allowed.headers.location as string);
    expect(after.body).toContain('The token can now send statutory notifications.');
    expect(after.body).toMatch(/data-testid="notifications-scope">Yes</);
    expect(after.body).toContain('Stop sending notifications<span class="govuk-visually-hidden"> with Care records system</span>');
    // The guard lets it through now: what is left is the request's own validation.
    const through = await submit();
    expect(through.statusCode).toBe(400);
    expect(through.json().error.code).not.toBe('forbidden');
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer })).json().tokens;
    expect(listed[0].scopes).toEqual(['read', 'notifications:submit']);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', provider.id).where('action', 'like', 'API_TOKEN_SCOPE%').execute();
    expect(audit.map((a) => a.action)).toEqual(['API_TOKEN_SCOPE_GRANTED']);

    const stopped = await s.post(`/account/tokens/${row.id}/notifications`, { enabled: 'no' });
    expect((await s.get(stopped.headers.location as string)).body).toContain('The token can no longer send statutory notifications.');
    expect((await submit()).statusCode).toBe(403);
  });

  it('the tokens page of someone at the regulator offers no notifications scope', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    await tokenOf(inspector);
    const page = await (await signIn(t.app, inspector)).get('/account/tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="tokens"');
    expect(page.body).not.toContain('Sends statutory notifications');
    expect(page.body).not.toContain('Allow sending notifications');
  });
});
