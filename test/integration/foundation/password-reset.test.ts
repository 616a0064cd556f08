import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('password reset by emailed link', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const emailsTo = (to: string) => t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', to).orderBy('id').execute();
  const linkIn = (text: string) => new URL(/https?:\/\/\S+\/password-reset\/[A-Za-z0-9_-]+/.exec(text)![0]).pathname;

  it('answers the same whether or not the email has an account, and only emails real accounts', async () => {
    const user = await createUser(t.database.db, 'providerUser');
    const known = await anonymous(t.app).post('/password-reset', { email: user.email });
    const unknown = await anonymous(t.app).post('/password-reset', { email: 'no.account@test.example' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (html: string, email: string) => html.replace(email, 'EMAIL').replace(/nonce="[^"]*"/g, '');
    expect(strip(known.body, user.email)).toBe(strip(unknown.body, 'no.account@test.example'));
    expect(known.body).toContain('Check your email');
    expect(await emailsTo(user.email)).toHaveLength(1);
    expect(await emailsTo('no.account@test.example')).toHaveLength(0);
  });

  it('asks for a valid email address', async () => {
    const res = await anonymous(t.app).post('/password-reset', { email: 'nonsense' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Reset your password – Inspectorate</title>');
    expect(res.body).toContain('value="nonsense"');
  });

  it('the link sets a new password once, signs the person in, ends their other sessions and is audited', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const oldSession = await signIn(t.app, user);
    await anonymous(t.app).post('/password-reset', { email: user.email });
    const [email] = await emailsTo(user.email);
    expect(email?.subject).toBe('Reset your Inspectorate password');
    const link = linkIn(email!.text_body);
    const s = anonymous(t.app);
    expect((await s.get(link)).body).toContain('Choose a new password');
    const mismatch = await s.post(link, { password: 'a brand new password', confirmPassword: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('Passwords do not match');
    const ok = await s.post(link, { password: 'a brand new password', confirmPassword: 'a brand new password' });
    expect(ok.statusCode).toBe(303);
    expect((await s.get(TestSession.location(ok))).body).toContain('Your password has been changed');
    expect((await oldSession.get('/home')).statusCode).toBe(302);
    // Used once: the link no longer works, the old password no longer works, the new one does.
    expect((await anonymous(t.app).get(link)).statusCode).toBe(410);
    expect((await anonymous(t.app).post('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(400);
    await signIn(t.app, { email: user.email, password: 'a brand new password' });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', user.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['PASSWORD_RESET_REQUESTED', 'PASSWORD_CHANGED']));
  });

  it('the link expires after an hour', async () => {
    const user = await createUser(t.database.db, 'inspector');
    await anonymous(t.app).post('/password-reset', { email: user.email });
    const [email] = await emailsTo(user.email);
    await t.database.db.updateTable('user_tokens').set({ expires_at: new Date(Date.now() - 1) }).where('user_id', '=', user.id).execute();
    const s = anonymous(t.app);
    const res = await s.get(linkIn(email!.text_body));
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Your password reset link has expired');
    await s.get('/sign-in');
    const post = await s.post(linkIn(email!.text_body), { password: 'a brand new password', confirmPassword: 'a brand new password' });
    expect(post.statusCode).toBe(410);
  });
});
