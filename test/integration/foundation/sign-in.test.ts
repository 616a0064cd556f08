import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED_MESSAGE, TOO_MANY_ATTEMPTS_MESSAGE } from '../../../src/services/auth.service.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser, TEST_PASSWORD } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** GOV.UK escapes apostrophes etc. in the page; compare on the text as shown. */
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('shows the sign-in form with a CSRF token', async () => {
    const s = anonymous(t.app);
    const res = await s.get('/sign-in');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Sign in – Inspectorate</title>');
    expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'inspectorate_csrf');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('the start page and other public pages without forms set no cookie', async () => {
    for (const url of ['/', '/cookies', '/accessibility']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
  });

  it('signs a person in with the right password: a secure session cookie, their name and organisation on every page, an audit row', async () => {
    const org = await createOrganisation(t.database.db, 'provider', { name: 'Hillside Medical Centre' });
    const user = await createUser(t.database.db, 'providerUser', { organisation: org, name: 'Priya Shah' });
    const s = anonymous(t.app);
    await s.get('/sign-in');
    const res = await s.post('/sign-in', { email: user.email.toUpperCase(), password: user.password });
    expect(res.statusCode).toBe(303);
    expect(TestSession.location(res)).toBe('/home');
    const cookie = res.cookies.find((c) => c.name === 'inspectorate_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // The database stores a hash of the cookie, never the cookie itself.
    const stored = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toBe(cookie?.value);
    const home = await s.get('/home');
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/Signed in as <strong>Priya Shah<\/strong>, Hillside Medical Centre/);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'USER_SIGNED_IN').where('subject_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(user.id);
  });

  it('gives a wrong password and an unknown email the same message, keeps the email typed, and starts no session', async () => {
    const user = await createUser(t.database.db, 'inspector');
    for (const attempt of [
      { email: user.email, password: 'not the password at all' },
      { email: 'nobody.here@test.example', password: 'not the password at all' },
    ]) {
      const s = anonymous(t.app);
      const res = await s.post('/sign-in', attempt);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<title>Error: Sign in – Inspectorate</title>');
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain(SIGN_IN_FAILED_MESSAGE);
      expect(res.body).toContain(`value="${attempt.email}"`);
      expect(s.cookies.has('inspectorate_session')).toBe(false);
    }
  });

  it('asks for both fields when they are empty', async () => {
    const res = await anonymous(t.app).post('/sign-in', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter your email address');
    expect(res.body).toContain('Enter your password');
  });

  it('does not sign in someone whose access was removed, or who has not accepted their invitation', async () => {
    const removed = await createUser(t.database.db, 'providerUser', { status: 'removed' });
    const invited = await createUser(t.database.db, 'providerUser', { status: 'invited' });
    for (const u of [removed, invited]) {
      const res = await anonymous(t.app).post('/sign-in', { email: u.email, password: TEST_PASSWORD });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(SIGN_IN_FAILED_MESSAGE);
    }
  });

  it('after repeated failures from one address, that address waits before even the right password is checked, with a clear message', async () => {
    const user = await createUser(t.database.db, 'commissionerUser');
    for (let i = 0; i < 4; i++) {
      const res = await anonymous(t.app).post('/sign-in', { email: user.email, password: `wrong password ${i}` });
      expect(res.statusCode).toBe(400);
    }
    const res = await anonymous(t.app).post('/sign-in', { email: user.email, password: user.password });
    expect(res.statusCode).toBe(429);
    expect(decode(res.body)).toContain(TOO_MANY_ATTEMPTS_MESSAGE);
    expect(res.cookies.find((c) => c.name === 'inspectorate_session')).toBeUndefined();
    // A different account from the same address is not locked out by it.
    const other = await createUser(t.database.db, 'commissionerUser');
    await signIn(t.app, other);
  });

  it('sends an anonymous visitor to sign in and back to the page they asked for', async () => {
    const user = await createUser(t.database.db, 'providerAdmin');
    const s = anonymous(t.app);
    const asked = await s.get('/organisation');
    expect(asked.statusCode).toBe(302);
    expect(TestSession.location(asked)).toBe('/sign-in?returnTo=%2Forganisation');
    await s.get(TestSession.location(asked));
    const res = await s.post('/sign-in', { email: user.email, password: user.password, returnTo: '/organisation' });
    expect(TestSession.location(res)).toBe('/organisation');
    expect((await s.get('/organisation')).statusCode).toBe(200);
  });

  it('never redirects to another website after signing in', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const s = anonymous(t.app);
    const res = await s.post('/sign-in', { email: user.email, password: user.password, returnTo: '//evil.example/phish' });
    expect(TestSession.location(res)).toBe('/home');
  });

  it('takes a signed-in person from /sign-in to their home page', async () => {
    const s = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    const res = await s.get('/sign-in');
    expect(res.statusCode).toBe(302);
    expect(TestSession.location(res)).toBe('/home');
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const s = await signIn(t.app, user);
    const stolenCookie = s.cookies.get('inspectorate_session');
    // A GET (a link from anywhere) only shows the button: nobody is signed out by a cross-site link.
    const page = await s.get('/sign-out');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post" action="/sign-out"');
    expect((await s.get('/home')).statusCode).toBe(200);
    // Without the CSRF token the POST changes nothing.
    expect((await s.post('/sign-out', {}, { csrf: false })).statusCode).toBe(403);
    expect((await s.get('/home')).statusCode).toBe(200);
    const res = await s.post('/sign-out', {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You have signed out');
    expect(res.body).not.toContain('Signed in as');
    expect(s.cookies.has('inspectorate_session')).toBe(false);
    const replay = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie: `inspectorate_session=${stolenCookie}` } });
    expect(replay.statusCode).toBe(302);
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'USER_SIGNED_OUT').where('subject_id', '=', user.id).execute()).toHaveLength(1);
  });

  it('treats an expired session as signed out', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const s = await signIn(t.app, user);
    await t.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const res = await s.get('/home');
    expect(res.statusCode).toBe(302);
    expect(TestSession.location(res)).toContain('/sign-in');
  });

  it('ends every session of a person whose access is removed', async () => {
    const user = await createUser(t.database.db, 'providerUser');
    const s = await signIn(t.app, user);
    await t.database.db.updateTable('users').set({ status: 'removed' }).where('id', '=', user.id).execute();
    expect((await s.get('/home')).statusCode).toBe(302);
  });
});

describe('session cookies behind HTTPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { cookieSecure: true } });
  });
  afterAll(async () => t.close());

  it('marks the session and CSRF cookies Secure when the site is served over HTTPS', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const https = { 'x-forwarded-proto': 'https' };
    const form = await t.app.inject({ method: 'GET', url: '/sign-in', headers: https });
    const csrf = form.cookies.find((c) => c.name === 'inspectorate_csrf');
    expect(csrf?.secure).toBe(true);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...https, 'content-type': 'application/x-www-form-urlencoded', cookie: `inspectorate_csrf=${csrf?.value}` },
      payload: new URLSearchParams({ _csrf: token, email: user.email, password: user.password }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.cookies.find((c) => c.name === 'inspectorate_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
  });
});
