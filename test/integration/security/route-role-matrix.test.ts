/**
 * The route x role matrix (issue 14, item 1): every route fastify has registered is checked against
 * the declared table (src/domain/access/route-rules.ts over src/domain/access/permissions.ts), for
 * every role and for a visitor who is not signed in. A new route without a rule fails here.
 *
 * For each (route, role) the table refuses, the app must refuse too: "not found" for a read, 403
 * for a write, whatever the record. Anonymous visitors are sent to sign in (pages) or get 401 (API)
 * on every route that is not public. Roles the table allows are never refused by the route rule
 * (the services then check the record itself: the other integration tests cover that).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleMayEver } from '../../../src/domain/access/permissions.js';
import { ROUTE_RULES, ruleForRoute } from '../../../src/domain/access/route-rules.js';
import { ROLES, type Role } from '../../../src/domain/vocabulary/roles.js';
import { createUser, type UserTrait } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const TRAIT_FOR_ROLE: Record<Role, UserTrait> = {
  inspector: 'inspector',
  inspection_manager: 'inspectionManager',
  factual_accuracy_reviewer: 'factualAccuracyReviewer',
  enforcement_officer: 'enforcementOfficer',
  administrator: 'administrator',
  provider_user: 'providerUser',
  commissioner_user: 'commissionerUser',
};

/** A value for each path parameter: ids that exist nowhere, so nothing is changed by the walk. */
function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (name === 'token') return 'not-a-real-token-0000000000000000';
    if (name === 'code' || name === 'key') return 'S1';
    if (name === 'kind') return 'locations';
    if (name === 'event') return 'complete';
    if (name === 'odsCode') return 'Z99999';
    if (name === 'reference') return 'FB-0000-0000';
    if (name === 'linkId') return 'no-such-report';
    return '00000000-0000-4000-8000-000000000000';
  });
}

describe('route x role matrix', () => {
  let t: TestApp;
  const sessions = new Map<Role, TestSession>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) sessions.set(role, await signIn(t.app, await createUser(t.database.db, TRAIT_FOR_ROLE[role])));
  });
  afterAll(async () => t.close());

  it('the database accepts exactly the user roles the code knows (one list: src/domain/vocabulary/roles.ts)', async () => {
    const { rows } = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'users'::regclass and contype = 'c'`.execute(t.database.db);
    const check = rows.map((r) => r.def).find((d) => d.includes('role'))!;
    expect([...check.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort()).toEqual([...ROLES].sort());
  });

  it('every registered route has a rule, and every rule a route', () => {
    const routes = t.app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(250);
    const missing = routes.filter((r) => !ruleForRoute(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    if (missing.length) console.log('MISSING_ROUTES\n' + missing.join('\n'));
    expect(missing, 'routes without a rule in src/domain/access/route-rules.ts').toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ROUTE_RULES).filter((k) => !registered.has(k)), 'rules for routes that do not exist').toEqual([]);
  });

  it('only pages every signed-in person has are merely "signed in": the provider portal and shared feedback answer to named actions', () => {
    const signedInOnly = Object.entries(ROUTE_RULES).filter(([, access]) => access === 'signed_in').map(([route]) => route).sort();
    expect(signedInOnly).toEqual(['GET /api/v1/case-list-columns', 'GET /api/v1/me', 'GET /home', 'GET /my-work', 'GET /organisation']);
    for (const route of ['POST /notifications/new/:type', 'POST /api/v1/notifications/:id/triage', 'POST /rating-reviews/:id/decision', 'POST /information-returns/:id/answers', 'POST /shared-feedback/:id']) {
      expect(ruleForRoute(route.split(' ')[0]!, route.split(' ')[1]!), route).toMatchObject({ access: 'action' });
    }
  });

  it('an inspector cannot answer feedback shared with a service, nor a provider user triage a statutory notification or decide a rating review', async () => {
    const inspector = sessions.get('inspector')!;
    expect((await inspector.get('/shared-feedback')).statusCode).toBe(404);
    expect((await inspector.post(`/shared-feedback/${concrete(':id')}`, { response: 'We did' })).statusCode).toBe(403);
    const provider = sessions.get('provider_user')!;
    expect((await provider.post(`/notifications/${concrete(':id')}/triage`, { status: 'closed' })).statusCode).toBe(403);
    expect((await provider.post(`/rating-reviews/${concrete(':id')}/decision`, { decision: 'grounds' })).statusCode).toBe(403);
    const commissioner = sessions.get('commissioner_user')!;
    expect((await commissioner.get('/notifications')).statusCode).toBe(404);
  });

  it('a visitor who is not signed in reaches only public routes', async () => {
    const wrong: string[] = [];
    for (const r of t.app.registeredRoutes) {
      const rule = ruleForRoute(r.method, r.url)!;
      if (rule.access === 'public') continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: r.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }, payload: r.method === 'GET' ? undefined : '' });
      const refused = res.statusCode === 401 || ([302, 303].includes(res.statusCode) && String(res.headers.location).startsWith('/sign-in')) || (r.method !== 'GET' && res.statusCode === 403);
      if (!refused) wrong.push(`${r.method} ${r.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(ROLES.map((role) => [role]))('%s: every route the table refuses is refused; none it allows is refused by its rule', async (role) => {
    const s = sessions.get(role)!;
    const wrong: string[] = [];
    let refusedCount = 0;
    for (const r of t.app.registeredRoutes) {
      const rule = ruleForRoute(r.method, r.url)!;
      if (rule.access !== 'action') continue;
      const allowed = rule.actions.some((a) => roleMayEver(role, a));
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(r.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': s.csrfToken ?? '' }) },
        payload: r.method === 'GET' ? undefined : '',
      });
      const byRule = r.method === 'GET' ? res.statusCode === 404 : res.statusCode === 403 && res.body.includes('Your role does not allow this');
      if (!allowed) {
        refusedCount++;
        if (!byRule) wrong.push(`${r.method} ${r.url} should be refused, answered ${res.statusCode}`);
      } else if (r.method !== 'GET' && byRule) {
        wrong.push(`${r.method} ${r.url} is allowed by the table, refused by the route`);
      } else if (r.method === 'GET' && !r.url.includes(':') && res.statusCode === 404) {
        wrong.push(`${r.method} ${r.url} is allowed by the table, answered 404`);
      }
    }
    expect(wrong).toEqual([]);
    // Sanity: the walk did refuse something for roles with limited rights.
    if (role !== 'inspection_manager') expect(refusedCount).toBeGreaterThan(0);
  });
});
