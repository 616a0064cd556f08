/**
 * Issue 16, item 1: the organisation's own pages carry the date to comply by of each enforcement
 * action against it: its organisation page (for its own people and regulator staff, never another
 * provider) and the inspection's enforcement list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, type PracticeWorld } from '../../factories/report.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const tableText = (html: string) => (/<table[^>]*data-testid="enforcement"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the date to comply by on the organisation’s own pages', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    id = await inspectionThroughFieldwork(await practiceApis(t, w, clock), w, clock);
    await judgeInspection(t.database.db, id, w);
    clock.set('2025-11-03T10:00:00Z');
  });
  afterAll(async () => t.close());

  it('the practice’s organisation page lists the warning notice with its date to comply by, in words, linked to the notice', async () => {
    const practice = await signIn(t.app, w.people.practiceManager);
    const page = await practice.get('/organisation');
    expect(page.statusCode).toBe(200);
    const text = tableText(page.body);
    expect(text).toContain('Comply by');
    expect(text).toContain('Warning notice');
    expect(text).toContain('24 December 2025');
    expect(text).not.toContain('2025-12-24');
    const notice = await t.database.db.selectFrom('enforcement_actions').select('id').where('inspection_id', '=', id).executeTakeFirstOrThrow();
    expect(page.body).toContain(`href="/inspections/${id}/enforcement/${notice.id}"`);
    // The link works for the practice.
    expect((await practice.get(`/inspections/${id}/enforcement/${notice.id}`)).statusCode).toBe(200);
  });

  it('the inspection’s enforcement list shows the practice the date to comply by', async () => {
    const practice = await signIn(t.app, w.people.partner);
    const list = await practice.get(`/inspections/${id}/enforcement`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Comply by');
    expect(list.body).toContain('24 December 2025');
  });

  it('the inspection manager sees it on the practice’s page; another provider never does', async () => {
    const manager = await signIn(t.app, w.people.manager);
    expect(tableText((await manager.get(`/organisations/${w.practice.id}`)).body)).toContain('24 December 2025');
    const outsider = await signIn(t.app, w.people.outsider);
    const other = await outsider.get(`/organisations/${w.practice.id}`);
    expect(other.body).not.toContain('24 December 2025');
    expect(other.body).not.toContain('Warning notice');
  });

  it('a draft action is not listed; an organisation with none is told so', async () => {
    await t.database.db.updateTable('enforcement_actions').set({ state: 'draft' }).where('inspection_id', '=', id).execute();
    const practice = await signIn(t.app, w.people.practiceManager);
    const page = await practice.get('/organisation');
    expect(page.body).toContain('No enforcement action has been taken against this organisation.');
    expect(page.body).not.toContain('24 December 2025');
  });
});
