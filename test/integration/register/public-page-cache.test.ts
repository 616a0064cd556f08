import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { importCqcLocations, importCqcProviders } from '../../../src/services/import/cqc-api.import.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { signIn } from '../../support/session.js';
import { createUser } from '../../factories/user.factory.js';
import { OLDHAM_LOCATIONS, OLDHAM_PROVIDERS, serviceContext } from './register-fixtures.js';

let t: TestApp;
let locationId = '';

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(new Date('2026-11-23T10:00:00Z')) });
  const ctx = serviceContext(t.database.db);
  await importCqcProviders(ctx, OLDHAM_PROVIDERS, { rejectsDir: 'test-results/import-rejects' });
  await importCqcLocations(ctx, OLDHAM_LOCATIONS, { rejectsDir: 'test-results/import-rejects' });
  const row = await t.database.db.selectFrom('register_locations').select('location_id').orderBy('location_id').limit(1).executeTakeFirstOrThrow();
  locationId = row.location_id;
});
afterAll(async () => {
  await t.close();
});

function nonceOf(res: { headers: Record<string, unknown> }): string {
  const csp = String(res.headers['content-security-policy']);
  return /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
}

describe('rendered public pages are reused only while nothing they show has changed', () => {
  it('serves the same page again with a fresh nonce that matches its own Content-Security-Policy', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    // Kept from its second view: a page asked for once is not worth keeping.
    const kept = await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    expect(kept.headers['x-page-cache']).toBe('miss');
    const second = await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['x-page-cache']).toBe('hit');
    const nonce = nonceOf(second);
    expect(nonce).not.toBe(nonceOf(first));
    expect(second.body).toContain(`nonce="${nonce}"`);
    expect(second.body.replaceAll(nonce, 'N')).toBe(first.body.replaceAll(nonceOf(first), 'N'));
  });

  it('shows a change to the register on the very next request', async () => {
    await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    const before = await t.app.inject({ method: 'GET', url: '/locations?q=renamed+care+home&status=all' });
    expect(before.body).not.toContain('Renamed Care Home For The Test');
    await t.database.db.updateTable('register_locations').set({ name: 'Renamed Care Home For The Test' }).where('location_id', '=', locationId).execute();
    const after = await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Renamed Care Home For The Test');
    const search = await t.app.inject({ method: 'GET', url: '/locations?q=renamed+care+home&status=all' });
    expect(search.body).toContain('Renamed Care Home For The Test');
  });

  it('a page first asked for after a change is kept under an older generation: never shown stale, reused once read again', async () => {
    await t.database.db.updateTable('register_locations').set({ name: 'First Rename For The Test' }).where('location_id', '=', locationId).execute();
    // Not asked for since the change: kept under the newest generation this process had read, older than the change.
    const url = `/locations/${locationId}?from=first-view-after-change`;
    await t.app.inject({ method: 'GET', url }); // the first view: only its address is remembered
    const first = await t.app.inject({ method: 'GET', url });
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(first.body).toContain('First Rename For The Test');
    await t.database.db.updateTable('register_locations').set({ name: 'Second Rename For The Test' }).where('location_id', '=', locationId).execute();
    const second = await t.app.inject({ method: 'GET', url });
    expect(second.headers['x-page-cache']).toBe('miss');
    expect(second.body).toContain('Second Rename For The Test');
    const third = await t.app.inject({ method: 'GET', url });
    expect(third.headers['x-page-cache']).toBe('hit');
    expect(third.body).toContain('Second Rename For The Test');
  });

  it('keeps nothing for a signed-in person: their own name is on the page', async () => {
    const user = await createUser(t.database.db, 'inspector', { name: 'Priya Cached' });
    const session = await signIn(t.app, user);
    const res = await session.get(`/locations/${locationId}`);
    expect(res.headers['x-page-cache']).toBeUndefined();
    expect(res.body).toContain('Priya Cached');
    const anonymous = await t.app.inject({ method: 'GET', url: `/locations/${locationId}` });
    expect(anonymous.body).not.toContain('Priya Cached');
  });

  it('the search page, for a signed-in person and then the public: each their own layout around the same results', async () => {
    const name = (await t.database.db.selectFrom('register_locations').select('name').where('location_id', '=', locationId).executeTakeFirstOrThrow()).name;
    const user = await createUser(t.database.db, 'inspector', { name: 'Priya Searching' });
    const session = await signIn(t.app, user);
    const url = `/locations?q=${encodeURIComponent(name)}&status=all`;
    const signedIn = await session.get(url);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('Priya Searching');
    expect(signedIn.body).toContain(`href="/locations/${locationId}"`);
    for (let i = 0; i < 3; i++) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.body).not.toContain('Priya Searching');
      expect(anonymous.body).toContain(`href="/locations/${locationId}"`);
      expect(anonymous.body).toContain('Sign in');
    }
  });

  it('keeps nothing for a page asked for only once', async () => {
    const once = await t.app.inject({ method: 'GET', url: `/locations/${locationId}?asked=once` });
    expect(once.headers['x-page-cache']).toBe('miss');
    const other = await t.app.inject({ method: 'GET', url: `/locations/${locationId}?asked=another` });
    expect(other.headers['x-page-cache']).toBe('miss');
    const again = await t.app.inject({ method: 'GET', url: `/locations/${locationId}?asked=once` });
    expect(again.headers['x-page-cache']).toBe('miss');
    // Kept from that second view (under the newest generation this process had read, so the next view
    // may read the generation and render once more before it is reused).
    await t.app.inject({ method: 'GET', url: `/locations/${locationId}?asked=once` });
    expect((await t.app.inject({ method: 'GET', url: `/locations/${locationId}?asked=once` })).headers['x-page-cache']).toBe('hit');
  });

  it('never keeps a not-found page as a location', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/locations/NO-SUCH-LOCATION' });
    expect(res.statusCode).toBe(404);
    const again = await t.app.inject({ method: 'GET', url: '/locations/NO-SUCH-LOCATION' });
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-page-cache']).toBeUndefined();
  });
});
