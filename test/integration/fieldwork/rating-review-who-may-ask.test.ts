/**
 * Issue 19, item 3: who may ask for a review of ratings. The organisation's admin records a
 * colleague's registered capacity on the colleague's page; a chief executive may then ask for a
 * review of an NHS trust's report, never of a care company's. A reviewer may lower a rating too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createCareWorld } from '../../factories/provider-portal.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
const clock = new MovableClock(new Date('2026-03-04T10:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

const grounds = { grounds: 'The safe rating relied on a medicines audit from before the assessment period, contrary to the process.', confirmsProcessGrounds: 'yes' };

describe('who may ask for a review of ratings', () => {
  it('a chief executive recorded by the organisation admin may ask for an NHS trust; not for a care company', async () => {
    const db = t.database.db;
    const trust = await createCareWorld(db, { publicationDate: '2026-03-02' });
    await db.updateTable('organisations').set({ name: 'Riverside Community NHS Trust', ods_code: 'RX9' }).where('id', '=', trust.provider.id).execute();
    const company = await createCareWorld(db, { publicationDate: '2026-03-02' });

    const ceo = await signIn(t.app, trust.people.colleague);
    const url = `/inspections/${trust.publishedInspectionId}/rating-review`;
    expect((await ceo.get(url)).body).toContain('data-testid="no-capacity"');
    expect((await ceo.post(url, grounds)).body).toContain('Only the registered manager, the nominated individual or the chief executive can ask');

    // The nominated individual (an organisation admin) records the colleague as chief executive.
    const admin = await signIn(t.app, trust.people.nominatedIndividual);
    const personUrl = `/organisations/${trust.provider.id}/people/${trust.people.colleague.id}`;
    const person = await admin.get(personUrl);
    expect(person.body).toMatch(/Registered as[\s\S]{0,200}None recorded/);
    expect(person.body).toContain('Record them as the chief executive');
    const recorded = await admin.post(`${personUrl}/capacity`, { value: 'chief_executive:yes' });
    expect(recorded.statusCode).toBe(303);
    const after = await admin.get(TestSession.location(recorded));
    expect(after.body).toContain('is recorded as the chief executive');
    expect(after.body).toContain('They are no longer the chief executive');
    // The colleague cannot record a capacity for themself.
    expect((await ceo.post(`/organisations/${trust.provider.id}/people/${trust.people.registeredManager.id}/capacity`, { value: 'chief_executive:yes' })).statusCode).not.toBe(303);

    const sent = await ceo.post(url, grounds);
    expect(sent.statusCode, sent.body.slice(0, 2000)).toBe(303);
    const request = await db.selectFrom('rating_review_requests').select(['capacity', 'requested_by']).where('organisation_id', '=', trust.location.id).executeTakeFirstOrThrow();
    expect(request).toEqual({ capacity: 'chief_executive', requested_by: trust.people.colleague.id });

    // Accepted and reviewed by someone outside the team, who may also lower a rating.
    const requestId = (await db.selectFrom('rating_review_requests').select('id').where('organisation_id', '=', trust.location.id).executeTakeFirstOrThrow()).id;
    const manager = await signIn(t.app, trust.people.otherManager);
    expect((await manager.post(`/rating-reviews/${requestId}/decision`, { decision: 'accept', reason: 'About the process.', reviewerId: trust.people.independent.id })).statusCode).toBe(303);
    const reviewer = await signIn(t.app, trust.people.independent);
    const lowered = await reviewer.post(`/rating-reviews/${requestId}/outcome`, {
      outcome: 'changed',
      processFailure: 'Caring was rated without the feedback the process requires; the feedback shows people were not always treated with dignity.',
      summary: 'Caring is now rated Requires improvement.',
      'rating-overall': 'Requires improvement', 'rating-safe': 'Requires improvement', 'rating-effective': 'Good', 'rating-caring': 'Requires improvement', 'rating-responsive': 'Good', 'rating-wellLed': 'Requires improvement',
    });
    expect(lowered.statusCode, lowered.body.slice(0, 2000)).toBe(303);
    const caring = await db.selectFrom('ratings').select(['rating', 'current']).where('organisation_id', '=', trust.location.id).where('name', '=', 'Caring').orderBy('current').execute();
    expect(caring).toEqual([{ rating: 'Good', current: false }, { rating: 'Requires improvement', current: true }]);

    // A care company's chief executive may not ask.
    const companyAdmin = await signIn(t.app, company.people.nominatedIndividual);
    expect((await companyAdmin.post(`/organisations/${company.provider.id}/people/${company.people.colleague.id}/capacity`, { value: 'chief_executive:yes' })).statusCode).toBe(303);
    const companyCeo = await signIn(t.app, company.people.colleague);
    const refused = await companyCeo.post(`/inspections/${company.publishedInspectionId}/rating-review`, grounds);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Only the registered manager or the nominated individual can ask for a review of ratings');

    // Ending the capacity takes the right away again.
    expect((await admin.post(`${personUrl}/capacity`, { value: 'chief_executive:no' })).statusCode).toBe(303);
    expect(await db.selectFrom('registered_persons').select('capacity').where('user_id', '=', trust.people.colleague.id).execute()).toEqual([]);
  });
});
