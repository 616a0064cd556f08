/**
 * Enforcement officers work from the pages, not only the API: they are not on inspection teams,
 * so they find every enforcement action on /enforcement, open an inspection's enforcement pages
 * (and nothing else of it), choose and issue a warning notice against a recorded breach and see
 * the rules engine's deadline. People without the role cannot see the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopsleyWorld, FieldworkApiClient, stopsleyInFieldwork, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const subNav = (html: string) => [...(/<nav class="moj-sub-navigation app-no-print" aria-label="Inspection sections">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/<a class="moj-sub-navigation__link" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
const rows = (html: string) => [...html.matchAll(/<tr class="govuk-table__row" data-testid="enforcement-work-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

describe('enforcement officers on the pages', () => {
  let t: TestApp;
  let w: StopsleyWorld;
  let officer: TestSession;
  let id = '';
  let breachId = '';
  let actionPath = '';
  const clock = new MovableClock(new Date('2025-10-24T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    const lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    id = await stopsleyInFieldwork(t, w, clock);
    const breach = await lead.post(`/inspections/${id}/breaches`, { regulation: '17', paragraph: '17(1)', keyQuestion: 'well-led', description: 'Learning from significant events was not used to improve the service.' });
    expect(breach.statusCode, breach.body).toBe(201);
    breachId = breach.json().id;
    officer = await signIn(t.app, w.people.enforcement);
  });
  afterAll(async () => t.close());

  it('home and the navigation lead to the enforcement list, empty at first', async () => {
    const home = await officer.get('/home');
    expect(home.body).toMatch(/<a [^>]*href="\/enforcement"[^>]*>Enforcement<\/a>/);
    const list = await officer.get('/enforcement');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('0 open enforcement actions');
  });

  it("the inspection's enforcement page opens for the officer, with the enforcement section only and the forms to act", async () => {
    const page = await officer.get(`/inspections/${id}/enforcement`);
    expect(page.statusCode).toBe(200);
    expect(subNav(page.body)).toEqual([['Enforcement', `/inspections/${id}/enforcement`]]);
    expect(page.body, 'no second navigation repeating the one section').not.toContain('aria-label="Fieldwork and judgement"');
    expect(page.body).toContain('Regulation 17');
    expect(page.body).toContain('Choose an action');
    // The rest of the inspection stays with the team.
    expect((await officer.get(`/inspections/${id}`)).statusCode).toBe(404);
    expect((await officer.get(`/inspections/${id}/evidence-items`)).statusCode).toBe(404);
  });

  it('chooses a warning notice and issues it; the deadline comes from the rules engine', async () => {
    const chosen = await officer.post(`/inspections/${id}/enforcement-actions`, { breachId, kind: 'warning-notice' });
    expect(chosen.statusCode, chosen.body.slice(0, 500)).toBe(303);
    actionPath = TestSession.location(chosen).split('?')[0]!;
    const draft = await officer.get(actionPath);
    expect(draft.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(draft.body)?.[1] ?? '';
    const issued = await officer.post(`${actionPath}/transitions`, { event: 'issue', 'complianceDate-day': '19', 'complianceDate-month': '12', 'complianceDate-year': '2025', version });
    expect(issued.statusCode, issued.body.slice(0, 500)).toBe(303);
    const page = await officer.get(TestSession.location(issued));
    expect(page.body).toContain('Representations against a warning notice');
    expect(page.body).toContain('7 November 2025');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('actor_user_id', '=', w.people.enforcement.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['ENFORCEMENT_ACTION_CREATED']));
  });

  it('the list shows the issued notice with its next deadline, linking to it', async () => {
    const list = await officer.get('/enforcement');
    expect(list.body).toContain('1 open enforcement action');
    expect(rows(list.body)).toEqual([expect.stringMatching(/^Warning notice \(section 29\) Stopsley Village Practice INS-\d{4}-\d+: Stopsley Village Practice Issued Representations against a warning notice: Friday 7 November 2025 Friday 19 December 2025$/)]);
    expect(list.body).toContain(`href="${actionPath}"`);
    // A withdrawn action leaves the open list but stays under "all".
    const lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    const other = (await lead.post(`/inspections/${id}/enforcement-actions`, { kind: 'requirement-notice', breachId })).json();
    expect((await lead.post(`/enforcement-actions/${other.id}/transitions`, { event: 'withdraw' })).statusCode).toBe(200);
    expect((await officer.get('/enforcement')).body).toContain('1 open enforcement action');
    const all = await officer.get('/enforcement?show=all');
    expect(all.body).toContain('2 enforcement actions, 1 open');
    expect(rows(all.body)).toEqual([expect.stringMatching(/^Warning notice/), expect.stringMatching(/^Requirement notice.* Withdrawn /)]);
  });

  it('people without an enforcement role cannot see the list', async () => {
    const inspector = await signIn(t.app, w.people.inspector);
    expect((await inspector.get('/enforcement')).statusCode).toBe(403);
    expect((await inspector.get('/home')).body).not.toMatch(/href="\/enforcement"/);
    const practice = await signIn(t.app, w.people.practiceManager);
    expect((await practice.get('/enforcement')).statusCode).toBe(403);
  });
});
