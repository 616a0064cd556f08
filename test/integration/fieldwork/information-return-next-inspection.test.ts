/**
 * Issue 19, item 2: a provider information return submitted while no inspection of the
 * organisation is open becomes evidence of the NEXT inspection when it is planned: visible in that
 * inspection's fieldwork evidence view, each answer citing the return, and added once only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, MovableClock, serviceContextFor, tokenFor } from '../../factories/inspection.factory.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { questionSet } from '../../../src/domain/information-returns/return-questions.data.js';
import { requestReturn, saveAnswers, submitReturn } from '../../../src/services/provider-portal/information-returns.service.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: CareWorld;
const clock = new MovableClock(new Date('2026-07-06T09:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createCareWorld(t.database.db, { publicationDate: '2026-03-02' });
  // The focused inspection is over: nothing of the home's is open when the return comes in.
  await t.database.db.updateTable('inspections').set({ state: 'cancelled' }).where('id', '=', w.openInspectionId).execute();
});
afterAll(async () => t.close());

const ANSWERS: Record<string, string> = {
  people_supported: '38', falls_12m: '9', safeguarding_12m: '2', safe_text: 'Falls are reviewed weekly by the deputy manager.', dols_applications: '4', training_compliance: '95',
  caring_text: 'Residents choose their routines.', complaints_12m: '1', end_of_life_plans: 'yes', registered_manager_in_post: 'yes', staff_turnover: '15', well_led_text: 'Monthly audits of care plans.',
};

describe('an information return waits for the next inspection', () => {
  it('is added to the next inspection planned, once, citing the return', async () => {
    const db = t.database.db;
    const asLead = await serviceContextFor(t, w.people.lead, clock);
    const req = await requestReturn(asLead, { organisationId: w.location.id, note: '' });
    const asRm = await serviceContextFor(t, w.people.registeredManager, clock);
    await saveAnswers(asRm, req.id, questionSet('pir-asc/1').map((q) => ({ questionId: q.id, value: ANSWERS[q.id]!, baseVersion: 0 })));
    expect(await submitReturn(asRm, req.id)).toEqual({ late: false });
    // No inspection was open: no evidence yet, anywhere.
    expect(await db.selectFrom('evidence_items').select('id').where('body', 'like', `%${req.reference}%`).execute()).toHaveLength(0);

    // The next inspection is planned some months later.
    clock.set('2026-10-05T09:00:00Z');
    const manager = new ApiClient(t.app, await tokenFor(t, w.people.otherManager, clock));
    const plan = { kind: 'comprehensive', noticeType: 'unannounced', subject: { type: 'location', organisationId: w.location.id }, fieldworkStart: '2026-10-20', fieldworkEnd: '2026-10-21', team: [{ userId: w.people.lead.id, role: 'lead_inspector' }], contacts: [] };
    const created = await manager.post('/inspections', plan);
    expect(created.statusCode, created.body).toBe(201);
    const next = created.json().id as string;

    // The lead sees it in the fieldwork evidence view, each answer citing the return.
    const lead = await signIn(t.app, w.people.lead);
    const list = await lead.get(`/inspections/${next}/evidence-items`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`Provider information return ${req.reference}`);
    const item = await db.selectFrom('evidence_items').selectAll().where('inspection_id', '=', next).executeTakeFirstOrThrow();
    expect(item.body).toContain('submitted 2026-07-06.');
    expect(item.body).toContain(`How many falls were there in the last 12 months? 9 [${req.reference}, falls_12m]`);
    expect(item.body).toContain(`Is there a registered manager in post? Yes [${req.reference}, registered_manager_in_post]`);
    const itemPage = await lead.get(`/inspections/${next}/evidence-items/${item.id}`);
    expect(itemPage.body).toContain(`[${req.reference}, safe_text]`);

    // Once only: the inspection after that does not get it again.
    const again = await manager.post('/inspections', { ...plan, fieldworkStart: '2026-11-20', fieldworkEnd: '2026-11-21' });
    expect(again.statusCode, again.body).toBe(201);
    expect(await db.selectFrom('evidence_items').select('id').where('inspection_id', '=', again.json().id).execute()).toHaveLength(0);
    const audit = await db.selectFrom('audit_events').select('after').where('subject_id', '=', next).where('action', '=', 'INSPECTION_PLANNED').executeTakeFirstOrThrow();
    expect((audit.after as { informationReturnEvidence?: string[] }).informationReturnEvidence).toEqual([item.id]);
  });

  it('can be asked of a provider by its CQC provider ID, and its people answer it', async () => {
    const db = t.database.db;
    await db.insertInto('register_providers').values({ organisation_id: w.provider.id, provider_id: '1-555000111', name: w.provider.name, source: 'test', source_hash: 'x', document: '{}' }).execute();
    const lead = await signIn(t.app, w.people.lead);
    await lead.get('/information-returns');
    const sent = await lead.post('/information-returns', { locationId: '1-555000111', note: '' });
    expect(sent.statusCode, sent.body.slice(0, 1500)).toBe(303);
    const url = TestSession.location(sent).split('?')[0]!;
    const row = await db.selectFrom('information_return_requests').select('organisation_id').where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(w.provider.id);
    const page = await (await signIn(t.app, w.people.nominatedIndividual)).get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(w.provider.name);
  });
});
