/**
 * Issue 14, item 9: failed sign-ins are throttled per email and source together, with growing
 * delays; nobody can lock someone else out, and a correct password from a device the person signed
 * in from before is never refused. Password reset answers in the same time for known and unknown
 * addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOO_MANY_ATTEMPTS_MESSAGE } from '../../../src/services/auth.service.js';
import { PASSWORD_RESET_ANSWER_MS } from '../../../src/web/auth/auth.routes.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const ATTACKER = '203.0.113.9';
const HOME = '198.51.100.7';

describe('failed sign-ins: throttled per email and source, never a lock-out', () => {
  let t: TestApp;
  let start = new Date('2026-12-06T09:00:00Z').getTime();
  const clock = new MovableClock(new Date(start));
  const later = (seconds: number) => {
    start += seconds * 1000;
    clock.set(new Date(start));
  };
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  const attempt = async (s: TestSession, email: string, password: string) => {
    if (!s.csrfToken) await s.get('/sign-in');
    return s.post('/sign-in', { email, password });
  };

  it('someone failing on your email from another address does not stop you signing in', async () => {
    const user = await createUser(t.database.db, 'inspector');
    const attacker = anonymous(t.app, ATTACKER);
    for (let i = 0; i < 12; i++) await attempt(attacker, user.email, `guess ${i}`);
    const refused = await attempt(attacker, user.email, user.password);
    expect(refused.statusCode).toBe(429);
    const res = await attempt(anonymous(t.app, HOME), user.email, user.password);
    expect(res.statusCode).toBe(303);
  });

  it('one address guessing one email waits longer after each failure: 30 seconds, then 1 minute, then 2 minutes', async () => {
    const user = await createUser(t.database.db, 'inspectionManager');
    const s = anonymous(t.app, ATTACKER);
    for (let i = 0; i < 4; i++) expect((await attempt(s, user.email, `guess ${i}`)).statusCode).toBe(400);
    let res = await attempt(s, user.email, user.password);
    expect(res.statusCode).toBe(429);
    expect(decode(res.body)).toContain(`${TOO_MANY_ATTEMPTS_MESSAGE} Wait 30 seconds and try again.`);
    expect(res.cookies.find((c) => c.name === 'inspectorate_session')).toBeUndefined();
    later(31);
    expect((await attempt(s, user.email, 'guess 5')).statusCode).toBe(400);
    res = await attempt(s, user.email, 'guess 6');
    expect(decode(res.body)).toContain('Wait 1 minute and try again.');
    later(61);
    expect((await attempt(s, user.email, 'guess 7')).statusCode).toBe(400);
    expect(decode((await attempt(s, user.email, user.password)).body)).toContain('Wait 2 minutes and try again.');
    later(121);
    expect((await attempt(s, user.email, user.password)).statusCode).toBe(303);
  });

  it('a correct password from a browser you signed in from before gets in, even from the address that is guessing', async () => {
    const user = await createUser(t.database.db, 'providerUser');
    const laptop = anonymous(t.app, ATTACKER);
    expect((await attempt(laptop, user.email, user.password)).statusCode).toBe(303);
    expect(laptop.cookies.has('inspectorate_device')).toBe(true);
    await laptop.post('/sign-out', {});
    later(1);
    const attacker = anonymous(t.app, ATTACKER);
    for (let i = 0; i < 12; i++) await attempt(attacker, user.email, `guess ${i}`);
    expect((await attempt(attacker, user.email, user.password)).statusCode).toBe(429);
    expect((await attempt(laptop, user.email, user.password)).statusCode).toBe(303);
  });

  it('a device cookie from one account gives no pass on another', async () => {
    const mine = await createUser(t.database.db, 'providerUser');
    const victim = await createUser(t.database.db, 'providerUser');
    const attacker = anonymous(t.app, ATTACKER);
    expect((await attempt(attacker, mine.email, mine.password)).statusCode).toBe(303);
    await attacker.post('/sign-out', {});
    later(1);
    for (let i = 0; i < 4; i++) await attempt(attacker, victim.email, `guess ${i}`);
    expect((await attempt(attacker, victim.email, victim.password)).statusCode).toBe(429);
  });

  it('one address failing against many accounts is slowed down for every account', async () => {
    later(3600);
    const sprayer = anonymous(t.app, '192.0.2.44');
    for (let i = 0; i < 30; i++) await attempt(sprayer, `person.${i}@test.example`, 'Winter2026!');
    const user = await createUser(t.database.db, 'inspector');
    expect((await attempt(sprayer, user.email, user.password)).statusCode).toBe(429);
    expect((await attempt(anonymous(t.app, HOME), user.email, user.password)).statusCode).toBe(303);
  });
});

describe('password reset timing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('asking for a reset takes the same time whether or not the address has an account', async () => {
    const timeOf = async (email: string) => {
      const s = anonymous(t.app);
      await s.get('/password-reset');
      const began = performance.now();
      const res = await s.post('/password-reset', { email });
      expect(res.statusCode).toBe(200);
      return performance.now() - began;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await createUser(t.database.db, 'providerUser');
      known.push(await timeOf(user.email));
      unknown.push(await timeOf(`nobody.${i}@test.example`));
    }
    expect(median(known)).toBeGreaterThanOrEqual(PASSWORD_RESET_ANSWER_MS - 1);
    expect(median(unknown)).toBeGreaterThanOrEqual(PASSWORD_RESET_ANSWER_MS - 1);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(40);
  });
});
