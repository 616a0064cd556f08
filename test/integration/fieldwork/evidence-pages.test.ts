/**
 * The evidence item page without JavaScript: two inspectors open the same item; the second
 * save is refused with the other text shown and this person's text kept in the box; saving
 * again (now on the newer version) works. Bad input re-renders with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopsleyWorld, FieldworkApiClient, stopsleyInspectionBody, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { confirmTeam, MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('evidence item pages without JavaScript', () => {
  let t: TestApp;
  let w: StopsleyWorld;
  const clock = new MovableClock(new Date('2025-10-07T08:00:00Z'));
  let lead: TestSession;
  let inspector: TestSession;
  let id = '';
  let itemId = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    const api = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    id = (await api.post('/inspections', stopsleyInspectionBody(w))).json().id;
    // The lead proposed the team: a manager confirms it before notice (separation of duties).
    await confirmTeam(t, id, w.people.manager, clock);
    expect((await api.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    await api.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' });
    lead = await signIn(t.app, w.people.lead);
    inspector = await signIn(t.app, w.people.inspector);
  });
  afterAll(async () => t.close());

  it('recording without the required fields names each one and keeps the text', async () => {
    await lead.get(`/inspections/${id}/evidence-items/new`);
    const res = await lead.post(`/inspections/${id}/evidence-items`, { body: 'Fridge log: "we check it weekly"', intent: 'record' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Record evidence');
    expect(res.body).toContain('Select the type of evidence');
    expect(res.body).toContain('href="#qualityStatements"');
    expect(res.body).toContain('Fridge log: &quot;we check it weekly&quot;');
    const draft = await lead.post(`/inspections/${id}/evidence-items`, { body: 'Fridge log: "we check it weekly"', intent: 'draft' });
    expect(draft.statusCode).toBe(303);
    itemId = draft.headers.location!.split('/').at(-1)!.split('?')[0]!;
  });

  it('the second save of the same version is refused with both texts on the page, and nothing is lost', async () => {
    await lead.get(`/inspections/${id}/evidence-items/${itemId}`);
    await inspector.get(`/inspections/${id}/evidence-items/${itemId}`);
    const first = await lead.post(`/inspections/${id}/evidence-items/${itemId}`, { version: '1', body: 'Fridge log: checked weekly, not daily.', intent: 'draft' });
    expect(first.statusCode).toBe(303);
    const second = await inspector.post(`/inspections/${id}/evidence-items/${itemId}`, { version: '1', body: 'Vaccine fridge at 9°C on arrival.', intent: 'draft' });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this evidence item (now version 2)');
    expect(second.body).toMatch(/data-testid="their-text">Fridge log: checked weekly, not daily\.</);
    expect(second.body).toMatch(/<textarea[^>]*name="body"[^>]*>Vaccine fridge at 9°C on arrival\.<\/textarea>/);
    expect(second.body).toMatch(/name="version" value="2"/);
    const merged = await inspector.post(`/inspections/${id}/evidence-items/${itemId}`, { version: '2', body: 'Fridge log: checked weekly, not daily. Vaccine fridge at 9°C on arrival.', intent: 'draft' });
    expect(merged.statusCode).toBe(303);
    const conflicts = await t.database.db.selectFrom('evidence_item_revisions').select('body').where('evidence_item_id', '=', itemId).where('kind', '=', 'conflict').execute();
    expect(conflicts.map((c) => c.body)).toEqual(['Vaccine fridge at 9°C on arrival.']);
  });

  it('the organisation cannot open the evidence pages', async () => {
    const practice = await signIn(t.app, w.people.practiceManager);
    expect((await practice.get(`/inspections/${id}/evidence-items`)).statusCode).toBe(404);
    expect((await practice.get(`/inspections/${id}/evidence-items/${itemId}`)).statusCode).toBe(404);
    expect((await practice.get(`/inspections/${id}/judgement`)).statusCode).toBe(404);
  });
});
