/**
 * Nobody meets a dead end in the demo world. Signed in as every demo account (and as a member of
 * the public, from the start page), follow the links shown, breadth first from the home page, and
 * fail on any link that answers 4xx or 5xx, naming it and the page that showed it. The demo world
 * is large, so pages of the same shape (the same path but for its ids and dates) are read once,
 * and at most MAX_PAGES a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock } from '../../../src/services/context.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { byPathShape, crawl } from '../../support/crawl.js';
import { anonymous, signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const MAX_PAGES = 150;
let t: TestApp;
/** Stands at the real time the demo was loaded until the last tests move it on. */
const clock = new MovableClock(new Date());

beforeAll(async () => {
  t = await createTestApp({ clock });
  await loadDemoWorld({ db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') });
}, 600_000);
afterAll(async () => t.close());

describe('every link shown in the demo world leads somewhere the person may go', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.description, a.email] as const))('as %s', async (_description, email) => {
    const { visited, dead } = await crawl(await signIn(t.app, { email, password: DEMO_PASSWORD }), { start: '/home', maxPages: MAX_PAGES, key: byPathShape });
    expect(dead).toEqual([]);
    expect(visited, 'pages visited').toBeGreaterThan(3);
  }, 300_000);

  // The crawl reads one organisation page of each shape; these are all of them. Regulator staff see
  // every organisation's enforcement, but only the team, managers and enforcement officers may open
  // an action: an inspector off the team once met a 404 there.
  it.each(DEMO_ACCOUNTS.map((a) => [a.description, a.email] as const))('as %s, every enforcement action named on an organisation page opens', async (_description, email) => {
    const db = t.database.db;
    const actions = await db.selectFrom('enforcement_actions as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id').select(['a.id', 'a.organisation_id', 'o.parent_id']).where('a.state', '<>', 'draft').execute();
    expect(actions.length, 'enforcement actions in the demo').toBeGreaterThan(0);
    const s = await signIn(t.app, { email, password: DEMO_PASSWORD });
    const dead: string[] = [];
    let tables = 0;
    for (const page of new Set(actions.flatMap((a) => [a.organisation_id, ...(a.parent_id ? [a.parent_id] : [])]))) {
      const res = await s.get(`/organisations/${page}`);
      if (res.statusCode !== 200) continue;
      if (res.body.includes('data-testid="enforcement"')) tables += 1;
      for (const m of res.body.matchAll(/href="(\/inspections\/[^"]+\/enforcement\/[^"]+)"/g)) {
        const status = (await s.get(m[1]!)).statusCode;
        if (status !== 200) dead.push(`${m[1]} answers ${status} (linked from /organisations/${page})`);
      }
    }
    expect(dead).toEqual([]);
    // Regulator staff see every organisation's enforcement listed, linked or not.
    if (email.endsWith('@inspectorate.example')) expect(tables, 'organisation pages listing enforcement').toBeGreaterThan(0);
  }, 300_000);

  it('as a member of the public, from the start page', async () => {
    const { visited, dead } = await crawl(anonymous(t.app), { start: '/', maxPages: MAX_PAGES, key: byPathShape });
    expect(dead).toEqual([]);
    expect(visited, 'pages visited').toBeGreaterThan(3);
  }, 300_000);

  it('the care home’s registered manager opens her published report and reads its text', async () => {
    const s = await signIn(t.app, { email: 'grace.okafor@care.example', password: DEMO_PASSWORD });
    const inspection = /href="\/inspections\/([0-9a-f-]{36})"/.exec((await s.get('/inspections')).body);
    expect(inspection, 'her inspection is listed').not.toBeNull();
    const page = await s.get(`/inspections/${inspection![1]}/report/factual-accuracy`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('People told us staff were kind and knew them well.');
    expect(page.body).not.toContain('The report has no text to check.');
  });

  // Last, as they move the clock on: deadlines pass, visits fall due, actions go overdue.
  const later = (days: number) => new Date(Date.now() + days * 86_400_000);
  const inspector = DEMO_ACCOUNTS.find((a) => a.jobTitle === 'Inspector')!;
  const practiceManager = DEMO_ACCOUNTS.find((a) => a.email === 'sarah.mitchell@nhs.example')!;
  it.each([90, 400].flatMap((days) => [inspector, practiceManager].map((a) => [days, a.description, a.email] as const)))('%i days on, as %s', async (days, _description, email) => {
    clock.set(later(days));
    const { visited, dead } = await crawl(await signIn(t.app, { email, password: DEMO_PASSWORD }), { start: '/home', maxPages: MAX_PAGES, key: byPathShape });
    expect(dead).toEqual([]);
    expect(visited, 'pages visited').toBeGreaterThan(3);
  }, 300_000);
});
