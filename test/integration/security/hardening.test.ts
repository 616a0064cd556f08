/**
 * Issue 14, items 6 and 9: open redirects, NUL bytes, caching of signed-in pages, the Secure flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it.each([
    ['/%09/evil.example', '/home'],
    ['/%0A/evil.example', '/home'],
    ['//evil.example', '/home'],
    ['/%5Cevil.example', '/home'],
    ['https://evil.example/', '/home'],
    ['/inspections?state=planned', '/inspections?state=planned'],
  ])('signing in with returnTo=%s lands on %s, never another site, never an error', async (returnTo, expected) => {
    const user = await createUser(t.database.db, 'inspector');
    const s = anonymous(t.app);
    await s.get(`/sign-in?returnTo=${encodeURIComponent(returnTo).replace(/%25/g, '%')}`);
    const res = await s.post('/sign-in', { email: user.email, password: user.password, returnTo: decodeURIComponent(returnTo) });
    expect(res.statusCode).toBe(303);
    expect(TestSession.location(res)).toBe(expected);
  });

  it('a NUL byte in a path or query is a 400 or 404, never a 500', async () => {
    const urls = ['/locations?q=%00', '/locations/%00', '/providers/%00', '/reports/%00', '/public/v1/locations?q=a%00b', '/public/v1/locations/%00', '/public/v1/providers/1-%00', '/public/v1/changes/locations?since=%00', '/give-feedback/service?q=%00', '/give-feedback/status?reference=%00', '/sign-in?returnTo=/%00', '/how-we-rate?x=%00'];
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([400, 404], `${url}: ${res.statusCode}`).toContain(res.statusCode);
    }
    const post = await t.app.inject({ method: 'POST', url: '/give-feedback/service/%00', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.statusCode).toBe(400);
  });

  it('a NUL byte in a form or JSON body is a 400, never a 500, and nothing is stored', async () => {
    const practice = await createRegisteredPractice(t.database.db, { name: 'Nul Lane Surgery' });
    const visitor = anonymous(t.app);
    await visitor.get(`/give-feedback/service/${practice.locationId}`);
    const feedback = await visitor.post(
      `/give-feedback/service/${practice.locationId}`,
      { submittedAs: 'myself', whatHappened: 'The door was locked \u0000 all morning.', day: '3', month: '11', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' },
      { headers: { 'x-forwarded-for': '198.51.100.200' } },
    );
    expect(feedback.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('feedback').select('id').where('location_id', '=', practice.locationId).execute()).toEqual([]);
    const signInForm = anonymous(t.app);
    await signInForm.get('/sign-in');
    expect((await signInForm.post('/sign-in', { email: 'someone\u0000@test.example', password: 'pass\u0000word' })).statusCode).toBe(400);
    await signInForm.get('/password-reset');
    expect((await signInForm.post('/password-reset', { email: 'someone\u0000@test.example' })).statusCode).toBe(400);
    const user = await createUser(t.database.db, 'inspector');
    const s = await signIn(t.app, user);
    await s.get('/account/tokens');
    expect((await s.post('/account/tokens', { name: 'report\u0000ing', expiresInDays: '30' })).statusCode).toBe(400);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': s.csrfToken ?? '', 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x\u0000y', scopes: ['read'] }) });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('validation_failed');
    expect(await t.database.db.selectFrom('personal_access_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it('every signed-in page says no-store; public pages may be cached', async () => {
    const s = await signIn(t.app, await createUser(t.database.db, 'inspectionManager'));
    for (const url of ['/home', '/inspections', '/reports/drafts', '/account/tokens']) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toContain('no-store');
    }
    const pub = await t.app.inject({ method: 'GET', url: '/how-we-rate' });
    expect(String(pub.headers['cache-control'] ?? '')).not.toContain('no-store');
  });

  it('the session cookie is Secure by default; COOKIE_SECURE=false turns it off for plain-HTTP testing', async () => {
    expect(loadConfig({ NODE_ENV: 'development' }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    const secure = await createTestApp({ config: { cookieSecure: true } });
    try {
      const user = await createUser(secure.database.db, 'inspector');
      const s = anonymous(secure.app);
      await s.get('/sign-in');
      const res = await s.post('/sign-in', { email: user.email, password: user.password });
      const cookie = (res.cookies as { name: string; secure?: boolean; httpOnly?: boolean }[]).find((c) => c.name === 'inspectorate_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await secure.close();
    }
  });
});

describe('CSRF tokens never in a URL', () => {
  const boundary = '----hardening-form';
  const form = (parts: { name: string; value?: string; filename?: string; content?: string }[]) =>
    parts
      .map((p) => (p.filename ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv\r\n\r\n${p.content}\r\n` : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`))
      .join('') + `--${boundary}--\r\n`;

  it('upload forms carry the token as their first field, not in the address; the token in the address alone is refused', async () => {
    const t = await createTestApp();
    try {
      const s = await signIn(t.app, await createUser(t.database.db, 'inspectionManager'));
      const url = '/inspections/00000000-0000-4000-8000-000000000000/cases/upload';
      const send = (payload: string, query = '') =>
        t.app.inject({ method: 'POST', url: url + query, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const csv = { name: 'file', filename: 'cases.csv', content: 'case_reference\nA1\n' };
      // With the token first, the form gets past the check (this inspection does not exist: 404).
      expect((await send(form([{ name: '_csrf', value: s.csrfToken! }, csv]))).statusCode).toBe(404);
      expect((await send(form([csv]))).statusCode).toBe(403);
      expect((await send(form([csv]), `?_csrf=${s.csrfToken}`)).statusCode).toBe(403);
      expect((await send(form([{ name: '_csrf', value: 'A'.repeat(43) }, csv]))).statusCode).toBe(403);
      // A token after the file is too late: the file would have been read before the check.
      expect((await send(form([csv, { name: '_csrf', value: s.csrfToken! }]))).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('no page puts the CSRF token in a form’s address', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.njk') && /action="[^"]*_csrf/.test(await readFile(p, 'utf8'))) found.push(p);
      }
    };
    await walk('src/web');
    expect(found).toEqual([]);
  });
});

describe('secrets in logs and the outbox', () => {
  it('a reset link and a CSRF token sent in a real request never reach the log', async () => {
    const { buildApp } = await import('../../../src/web/app.js');
    const { createLogger } = await import('../../../src/logger.js');
    const { createTestDatabase } = await import('../../support/test-database.js');
    const { testConfig } = await import('../../support/test-config.js');
    const lines: string[] = [];
    const database = await createTestDatabase();
    const config = testConfig({ env: 'development', logLevel: 'info' });
    const app = await buildApp({ config, db: database.db, logger: createLogger('info', { write: (line: string) => void lines.push(line) }) });
    try {
      await app.ready();
      const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-secret';
      await app.inject({ method: 'GET', url: `/password-reset/${secret}` });
      await app.inject({ method: 'GET', url: `/invitations/${secret}` });
      await app.inject({ method: 'POST', url: `/inspections/1/cases/upload?_csrf=${secret}&x=2`, payload: '' });
      await app.inject({ method: 'GET', url: `/locations?token=${secret}` });
      const log = lines.join('');
      expect(log).toContain('/password-reset/[redacted]');
      expect(log).toContain('_csrf=[redacted]');
      expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await database.destroy();
    }
  });

  it('reset and invitation tokens and CSRF tokens are redacted from logged URLs', async () => {
    const { redactUrl } = await import('../../../src/logger.js');
    expect(redactUrl('/password-reset/abcDEF123_-xyz?x=1')).toBe('/password-reset/[redacted]?x=1');
    expect(redactUrl('/invitations/abcDEF123_-xyz')).toBe('/invitations/[redacted]');
    // ADR 0007: a patient participation group's private link, and the form that stops it.
    expect(redactUrl('/group-feedback/abcDEF123_-xyz/stop')).toBe('/group-feedback/[redacted]/stop');
    expect(redactUrl('/group-feedback')).toBe('/group-feedback');
    expect(redactUrl('/inspections/1/cases/upload?_csrf=secret&x=2')).toBe('/inspections/1/cases/upload?_csrf=[redacted]&x=2');
  });

  it('an email sent through SMTP keeps no live sign-in link once sent, nor once its last attempt fails', async () => {
    const t = await createTestApp({ config: { smtpUrl: 'smtp://127.0.0.1:2525' } });
    try {
      const { deliverQueuedEmail, maskSecretLinks } = await import('../../../src/services/mail.service.js');
      const link = 'http://127.0.0.1:3000/password-reset/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
      expect(maskSecretLinks(`Reset: ${link}\nThanks`)).toBe('Reset: [link hidden: only the person it was sent to can use it]\nThanks');
      const row = await t.database.db.insertInto('outbox_emails').values({ to_address: 'a@test.example', subject: 'Reset', text_body: `Reset: ${link}`, transport: 'smtp' }).returning('id').executeTakeFirstOrThrow();
      const sent: string[] = [];
      await deliverQueuedEmail(t.database.db, row.id, async (m) => void sent.push(m.text), () => new Date());
      expect(sent[0]).toContain(link);
      const stored = await t.database.db.selectFrom('outbox_emails').select('text_body').where('id', '=', row.id).executeTakeFirstOrThrow();
      expect(stored.text_body).not.toContain('/password-reset/AbCd');

      // A failed attempt keeps the link for the next try; when the last attempt fails, nobody will send
      // it, so the stored copy loses the link too.
      const failing = await t.database.db.insertInto('outbox_emails').values({ to_address: 'b@test.example', subject: 'Reset', text_body: `Reset: ${link}`, transport: 'smtp' }).returning('id').executeTakeFirstOrThrow();
      const refuse = async () => {
        throw new Error('550 mailbox unavailable');
      };
      const bodyOf = async () => (await t.database.db.selectFrom('outbox_emails').select(['text_body', 'error']).where('id', '=', failing.id).executeTakeFirstOrThrow());
      await expect(deliverQueuedEmail(t.database.db, failing.id, refuse, () => new Date(), { lastAttempt: false })).rejects.toThrow('550');
      expect((await bodyOf()).text_body).toContain(link);
      await expect(deliverQueuedEmail(t.database.db, failing.id, refuse, () => new Date(), { lastAttempt: true })).rejects.toThrow('550');
      expect(await bodyOf()).toEqual({ text_body: 'Reset: [link hidden: only the person it was sent to can use it]', error: '550 mailbox unavailable' });
    } finally {
      await t.close();
    }
  });
});
