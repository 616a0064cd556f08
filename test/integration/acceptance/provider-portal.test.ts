/**
 * Acceptance (issue 19): the provider's side between inspections.
 * - A serious-injury notification with a name in it is refused, then sent, triaged and linked to
 *   an inspection as evidence; a provider's own system sends one through the API, idempotently.
 * - A rating review request refused on day 16 and on word count, another accepted, reviewed by
 *   someone outside the inspection team, the rating changed and published with history.
 * - An information return requested, answered by two colleagues at once, submitted late and flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { flagOverdueReturns } from '../../../src/services/provider-portal/information-returns.service.js';
import { questionSet } from '../../../src/domain/information-returns/return-questions.data.js';
import { createLogger } from '../../../src/logger.js';
import { systemActor } from '../../../src/services/context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: CareWorld;
const clock = new MovableClock(new Date('2026-03-04T10:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createCareWorld(t.database.db, { publicationDate: '2026-03-02' });
});
afterAll(async () => t.close());

const injury = (whatHappened: string) => ({
  personReference: 'BH-0412',
  personAgeBand: '85 or over',
  personInitials: 'M.T.',
  'eventDate-day': '3',
  'eventDate-month': '3',
  'eventDate-year': '2026',
  injuryCategories: ['structural_change', 'treatment_to_prevent'],
  whatHappened,
});

describe('statutory notifications', () => {
  it('refuses a name, then is sent, received, triaged and becomes evidence of an inspection', async () => {
    const db = t.database.db;
    clock.set('2026-03-04T10:00:00Z');
    const rm = await signIn(t.app, w.people.registeredManager);
    const choose = await rm.get('/notifications/new');
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Serious injury to a person using the service');
    const formUrl = `/notifications/new/serious_injury?organisationId=${w.location.id}`;
    const form = await rm.get(formUrl);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Changes to the structure of the body');

    const named = await rm.post(formUrl, injury('Mrs Margaret Thompson fell in the lounge and fractured her hip.'));
    expect(named.statusCode).toBe(400);
    expect(named.body).toContain('Remove &quot;Mrs Margaret Thompson&quot;: it looks like a name');
    // What was typed is kept.
    expect(named.body).toContain('BH-0412');
    expect(await db.selectFrom('statutory_notifications').select('id').where('organisation_id', '=', w.location.id).execute()).toHaveLength(0);
    // A colleague's name, with no title, is refused too: the service's own people are known.
    const colleagueNamed = await rm.post(formUrl, injury(`${w.people.colleague.name} found the resident on the floor of the lounge.`));
    expect(colleagueNamed.statusCode).toBe(400);
    expect(colleagueNamed.body).toContain(`Remove &quot;${w.people.colleague.name}&quot;: it looks like a name`);
    const nhs = await rm.post(formUrl, { ...injury('The resident fell.'), personReference: '943 476 5919' });
    expect(nhs.body).toContain('Do not use an NHS number as the reference');
    // 31 February and a date without its year get the GOV.UK date pattern's message at the date, with the boxes and the rest kept.
    const impossible = await rm.post(formUrl, { ...injury('The resident fell.'), 'eventDate-day': '31', 'eventDate-month': '2' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('href="#eventDate-day"');
    expect(impossible.body).toMatch(/<p id="eventDate-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> [^<]* must be a real date/);
    expect(impossible.body).toMatch(/id="eventDate-day" name="eventDate-day" type="text" value="31"/);
    expect(impossible.body).toContain('BH-0412');
    const noYear = await rm.post(formUrl, { ...injury('The resident fell.'), 'eventDate-year': '' });
    expect(noYear.body).toMatch(/<p id="eventDate-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> [^<]* must include a year/);
    expect(noYear.body).toMatch(/id="eventDate-month" name="eventDate-month" type="text" value="3"/);

    const sent = await rm.post(formUrl, injury('The resident fell in the lounge at night and fractured a hip. Taken to hospital by ambulance; falls risk assessment reviewed.'));
    expect(sent.statusCode).toBe(303);
    const receiptUrl = TestSession.location(sent);
    const receipt = await rm.get(receiptUrl);
    const reference = /data-testid="receipt-reference">(NTF-[A-Z0-9-]+)</.exec(receipt.body)?.[1];
    expect(reference).toMatch(/^NTF-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(receipt.body).toMatch(/data-testid="status">Received</);
    // The organisation never sees the regulator's priority or triage form.
    expect(receipt.body).not.toContain('data-testid="priority"');
    const email = await db.selectFrom('outbox_emails').selectAll().where('subject', '=', `Notification received: ${reference}`).executeTakeFirstOrThrow();
    expect(email.to_address).toBe(w.people.registeredManager.email);
    expect((await rm.get('/notifications')).body).toContain(reference!);

    // Another colleague of the provider sees it in the organisation's history; another provider cannot open it.
    const colleague = await signIn(t.app, w.people.colleague);
    expect((await colleague.get('/notifications')).body).toContain(reference!);
    const outsider = await signIn(t.app, w.people.outsider);
    expect((await outsider.get(receiptUrl)).statusCode).toBe(404);
    expect((await outsider.get(formUrl)).statusCode).toBe(404);

    // The regulator's queue: urgent, owned by the lead of the latest inspection, with a response deadline.
    const lead = await signIn(t.app, w.people.lead);
    const queue = await lead.get('/notifications');
    expect(queue.body).toContain(reference!);
    const row = await db.selectFrom('statutory_notifications').selectAll().where('reference', '=', reference!).executeTakeFirstOrThrow();
    expect(row.priority).toBe('urgent');
    expect(row.owner_id).toBe(w.people.lead.id);
    // Urgent: one working day (Wednesday 4 March → end of Thursday 5 March, London time).
    expect(row.respond_by.toISOString()).toBe('2026-03-05T23:59:59.999Z');
    const page = await lead.get(receiptUrl);
    expect(page.body).toMatch(/data-testid="priority">Urgent</);
    expect(page.body).toContain('serious injury to a person using the service is always urgent');

    expect((await lead.post(`${receiptUrl.split('?')[0]}/triage`, { status: 'closed', outcome: '', note: '', inspectionId: '' })).statusCode).toBe(400);
    const linked = await lead.post(`/notifications/${row.id}/triage`, { status: 'closed', outcome: 'inspection_evidence', note: 'Falls management to be looked at in the current focused inspection.', inspectionId: w.openInspectionId });
    expect(linked.statusCode).toBe(303);
    const after = await db.selectFrom('statutory_notifications').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('closed');
    expect(after.linked_inspection_id).toBe(w.openInspectionId);
    const evidence = await db.selectFrom('evidence_items').selectAll().where('id', '=', after.evidence_item_id!).executeTakeFirstOrThrow();
    expect(evidence.inspection_id).toBe(w.openInspectionId);
    expect(evidence.body).toContain(`Statutory notification ${reference}`);
    expect(evidence.body).toContain('Changes to the structure of the body');
    // The organisation sees the outcome, not the inspector's note.
    const seen = await rm.get(receiptUrl);
    expect(seen.body).toMatch(/data-testid="status">Dealt with</);
    expect(seen.body).toContain('Added as evidence to an inspection');
    expect(seen.body).not.toContain('Falls management to be looked at');
    const audit = await db.selectFrom('audit_events').select('action').where('subject_id', '=', row.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['STATUTORY_NOTIFICATION_RECEIVED', 'STATUTORY_NOTIFICATION_LINKED_TO_INSPECTION']);
  });

  it('takes notifications from a provider’s own system with a scoped token, once per provider reference', async () => {
    clock.set('2026-03-05T10:00:00Z');
    const token = await tokenFor(t, w.people.registeredManager, clock);
    const api = (method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload });
    const body = { organisationId: w.location.id, type: 'police', providerReference: 'INC-2026-031', details: { eventDate: '2026-03-04', policeReference: 'BD-1234', whatHappened: 'Police were called after a visitor became aggressive in reception; no one was hurt.' } };
    const unscoped = await api('POST', '/notifications', body);
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.json().error.message).toContain('notifications:submit');
    const tokenId = (await t.database.db.selectFrom('personal_access_tokens').select('id').where('user_id', '=', w.people.registeredManager.id).executeTakeFirstOrThrow()).id;
    // A token cannot give itself the scope (tokens never manage tokens): still refused afterwards.
    const selfGrant = await api('PUT', `/tokens/${tokenId}/scopes/notifications`, { enabled: true });
    expect(selfGrant.statusCode).toBe(403);
    expect((await api('POST', '/notifications', body)).statusCode).toBe(403);
    // The registered manager, signed in, allows it on the API tokens page.
    const rmSession = await signIn(t.app, w.people.registeredManager);
    const tokensPage = await rmSession.get('/account/tokens');
    expect(tokensPage.body).toMatch(/data-testid="notifications-scope">No</);
    const allowed = await rmSession.post(`/account/tokens/${tokenId}/notifications`, { enabled: 'yes' });
    expect(allowed.statusCode).toBe(303);
    const afterAllow = await rmSession.get(allowed.headers.location as string);
    expect(afterAllow.body).toContain('The token can now send statutory notifications.');
    expect(afterAllow.body).toMatch(/data-testid="notifications-scope">Yes</);
    const first = await api('POST', '/notifications', body);
    expect(first.statusCode).toBe(201);
    const again = await api('POST', '/notifications', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().reference).toBe(first.json().reference);
    // The same reference with other details, or for another type, is refused: never a silent duplicate or a lost notification.
    const changed = await api('POST', '/notifications', { ...body, details: { ...body.details, whatHappened: 'Police were called after a visitor became aggressive in reception; a window was broken.' } });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('provider_reference_reused');
    expect(changed.json().error.message).toContain(`already used for notification ${first.json().reference} with different details`);
    const otherType = await api('POST', '/notifications', { ...body, type: 'service_disruption', details: { eventDate: '2026-03-04', eventKind: 'it', whatHappened: 'The records system was down for a day.' } });
    expect(otherType.statusCode).toBe(409);
    expect(otherType.json().error.code).toBe('provider_reference_reused');
    // "hurt" is a risk phrase: a police notification becomes urgent.
    const stored = await t.database.db.selectFrom('statutory_notifications').selectAll().where('provider_reference', '=', 'INC-2026-031').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.priority).toBe('urgent');
    // The triage queue flags the risk words; the organisation never sees the flag.
    const leadQueue = await (await signIn(t.app, w.people.lead)).get(`/notifications/${stored[0]!.id}`);
    expect(leadQueue.body).toContain('data-testid="risk-flag"');
    expect(leadQueue.body).toContain('The text mentions “hurt”.');
    const queueRow = (await (await signIn(t.app, w.people.lead)).get('/notifications')).body.split('data-testid="notification-row"').find((r) => r.includes(first.json().reference));
    expect(queueRow).toContain('data-testid="risk-flag"');
    expect((await rmSession.get('/notifications')).body).not.toContain('data-testid="risk-flag"');
    const bad = await api('POST', '/notifications', { ...body, providerReference: 'INC-2026-032', details: { ...body.details, whatHappened: 'Nurse Jenkins called the police.' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('takes a death of a registered provider with the provider’s name, from the form and the API, with no regulation number guessed', async () => {
    const db = t.database.db;
    clock.set('2026-03-06T10:00:00Z');
    const rm = await signIn(t.app, w.people.registeredManager);
    expect((await rm.get(`/notifications/new?organisationId=${w.location.id}`)).body).toContain('Death of a registered provider');
    const formUrl = `/notifications/new/death_registered_provider?organisationId=${w.location.id}`;
    const form = await rm.get(formUrl);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Who is now carrying on the regulated activity?');
    expect(form.body).toContain('one of CQC&#39;s notification types (the regulation number is not yet confirmed)');
    const values = (whatHappened: string) => ({ registeredPersonName: 'Dr Harold Ashworth', 'eventDate-day': '1', 'eventDate-month': '3', 'eventDate-year': '2026', carryingOnName: 'Eleanor Ashworth, personal representative', carryingOnContact: 'eleanor.ashworth@example.org', serviceContinues: 'yes', whatHappened });
    const named = await rm.post(formUrl, values('Mrs Margaret Thompson, a resident, asked who now owns the home.'));
    expect(named.statusCode).toBe(400);
    expect(named.body).toContain('Remove &quot;Mrs Margaret Thompson&quot;: it looks like a name');
    expect(named.body).toContain('Dr Harold Ashworth');
    const sent = await rm.post(formUrl, values('Dr Harold Ashworth died in hospital. Eleanor Ashworth will keep the home running.'));
    expect(sent.statusCode).toBe(303);
    const row = await db.selectFrom('statutory_notifications').selectAll().where('type', '=', 'death_registered_provider').executeTakeFirstOrThrow();
    expect(row.regulation).toBeNull();
    expect(row.priority).toBe('high');
    expect((row.details as Record<string, string>)['registeredPersonName']).toBe('Dr Harold Ashworth');
    const email = await db.selectFrom('outbox_emails').selectAll().where('subject', '=', `Notification received: ${row.reference}`).executeTakeFirstOrThrow();
    expect(email.text_body).toContain("one of CQC's notification types");
    const lead = await signIn(t.app, w.people.lead);
    expect((await lead.get(`/notifications/${row.id}`)).body).toContain('Not yet confirmed: this is one of CQC’s notification types');

    const token = await tokenFor(t, w.people.registeredManager, clock);
    await db.updateTable('personal_access_tokens').set({ scope_notifications: true }).where('user_id', '=', w.people.registeredManager.id).execute();
    const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const types = (await api('GET', '/notification-types')).json().types as { id: string; regulation: string | null }[];
    expect(types.find((x) => x.id === 'death_registered_provider')).toMatchObject({ regulation: null });
    const body = { organisationId: w.location.id, type: 'death_registered_provider', providerReference: 'RP-DEATH-1', details: { registeredPersonName: 'Dr Harold Ashworth', eventDate: '2026-03-01', carryingOnName: 'Eleanor Ashworth', carryingOnContact: '07700 900123', serviceContinues: 'not_known' } };
    const created = await api('POST', '/notifications', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ type: 'death_registered_provider', regulation: null });
    const refused = await api('POST', '/notifications', { ...body, providerReference: 'RP-DEATH-2', details: { ...body.details, whatHappened: 'Resident Mrs Margaret Thompson was told.' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('validation_failed');
  });
});

describe('rating review requests', () => {
  it('refuses day 16, too many words and the wrong person; accepts one, reviewed by someone outside the team, ratings changed and published with history', async () => {
    const db = t.database.db;
    // A second care home whose report came out on Friday 20 February 2026: due by Friday 13 March.
    const late = await createCareWorld(db, { publicationDate: '2026-02-20' });
    clock.set('2026-03-16T09:00:00Z'); // day 16 for that report, day 10 for the other
    const lateRm = await signIn(t.app, late.people.registeredManager);
    const lateUrl = `/inspections/${late.publishedInspectionId}/rating-review`;
    const latePage = await lateRm.get(lateUrl);
    expect(latePage.statusCode).toBe(200);
    expect(latePage.body).toContain('The time to ask for a review of these ratings has passed');
    const lateTry = await lateRm.post(lateUrl, { grounds: 'The team did not look at our evidence.', confirmsProcessGrounds: 'yes' });
    expect(lateTry.statusCode).toBe(400);
    expect(lateTry.body).toContain('within 15 working days of the report’s publication, by 13 March 2026');

    const url = `/inspections/${w.publishedInspectionId}/rating-review`;
    const rm = await signIn(t.app, w.people.registeredManager);
    const form = await rm.get(url);
    expect(form.body).toMatch(/data-testid="review-due">23 March 2026</);
    const long = Array.from({ length: 501 }, (_, i) => (i % 10 === 0 ? 'process' : 'word')).join(' ');
    const tooLong = await rm.post(url, { grounds: long, confirmsProcessGrounds: 'yes' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Your grounds must be 500 words or fewer: they have 501 words');
    // The text is kept for editing.
    expect(tooLong.body).toContain('process word word');
    // A colleague who is not a registered person may not send it.
    const colleague = await signIn(t.app, w.people.colleague);
    expect((await colleague.get(url)).body).toContain('data-testid="no-capacity"');
    const byColleague = await colleague.post(url, { grounds: 'We think the process was not followed.', confirmsProcessGrounds: 'yes' });
    expect(byColleague.body).toContain('Only the registered manager or the nominated individual can ask for a review');
    expect(await db.selectFrom('rating_review_requests').select('id').execute()).toHaveLength(0);

    const grounds = 'The well-led rating was limited by the "requested information not returned" limiter, but our return was received on time: the team used the wrong deadline. The safe rating relied on a medicines audit from before the inspection period, contrary to the assessment process.';
    const sent = await rm.post(url, { grounds, confirmsProcessGrounds: 'yes' });
    expect(sent.statusCode).toBe(303);
    const requestUrl = TestSession.location(sent).split('?')[0]!;
    const requestId = requestUrl.split('/').pop()!;
    expect((await rm.post(url, { grounds, confirmsProcessGrounds: 'yes' })).body).toContain('only one request can be made for each report');

    // While it is open the public page says so, and the API carries it.
    const publicPage = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(publicPage.body).toContain('A review of this service’s ratings is taking place');
    const publicApi = await t.app.inject({ url: `/public/v1/locations/${w.locationId}` });
    expect(publicApi.json().ratingReview.open).toBe(true);

    // The manager accepts; the system will not let anyone involved review it.
    const manager = await signIn(t.app, w.people.otherManager);
    const detail = await manager.get(requestUrl);
    expect(detail.body).toContain(w.people.independent.name);
    expect(detail.body).not.toContain(`>${w.people.teamInspector.name}<`);
    const onTeam = await manager.post(`${requestUrl}/decision`, { decision: 'accept', reason: '', reviewerId: w.people.teamInspector.id });
    expect(onTeam.statusCode).toBe(400);
    expect(onTeam.body).toContain('The reviewer must not have been on the inspection team');
    const approver = await manager.post(`${requestUrl}/decision`, { decision: 'accept', reason: '', reviewerId: w.people.approver.id });
    expect(approver.body).toContain('must not be the person who approved the report');
    expect((await manager.post(`${requestUrl}/decision`, { decision: 'accept', reason: 'The grounds are about the process.', reviewerId: w.people.independent.id })).statusCode).toBe(303);

    // Only the assigned reviewer records the outcome.
    const lead = await signIn(t.app, w.people.lead);
    const ratings = { 'rating-overall': 'Good', 'rating-safe': 'Good', 'rating-effective': 'Good', 'rating-caring': 'Good', 'rating-responsive': 'Good', 'rating-wellLed': 'Requires improvement' };
    expect((await lead.post(`/rating-reviews/${requestId}/outcome`, { outcome: 'changed', processFailure: 'x', summary: 'x', ...ratings })).statusCode).toBe(403);
    clock.set('2026-04-01T10:00:00Z');
    const reviewer = await signIn(t.app, w.people.independent);
    const noFailure = await reviewer.post(`/rating-reviews/${requestId}/outcome`, { outcome: 'changed', processFailure: '', summary: 'Safe and overall ratings changed.', ...ratings });
    expect(noFailure.statusCode, noFailure.body.slice(0, 3000)).toBe(400);
    expect(noFailure.body).toContain('Record the failure in the ratings process');
    const done = await reviewer.post(`/rating-reviews/${requestId}/outcome`, { outcome: 'changed', processFailure: 'The safe rating used a medicines audit dated before the assessment period.', summary: 'Safe is now rated Good, and so the overall rating is Good.', ...ratings });
    expect(done.statusCode).toBe(303);

    // Published through the register: the new ratings are current, the old ones are history.
    const current = await db.selectFrom('ratings').selectAll().where('organisation_id', '=', w.location.id).where('current', '=', true).execute();
    expect(current.find((r) => r.scope === 'overall')?.rating).toBe('Good');
    expect(current.find((r) => r.name === 'Safe')?.rating).toBe('Good');
    expect(current.find((r) => r.name === 'Well-led')?.rating).toBe('Requires improvement');
    const history = await db.selectFrom('ratings').selectAll().where('organisation_id', '=', w.location.id).where('current', '=', false).execute();
    expect(history.map((r) => `${r.scope}:${r.name}:${r.rating}`).sort()).toEqual(['key_question:Safe:Requires improvement', 'overall::Requires improvement']);
    const reportRating = await db.selectFrom('report_ratings').selectAll().where('report_id', '=', w.reportId).where('subject', '=', 'safe').executeTakeFirstOrThrow();
    expect(reportRating.rating).toBe('Good');
    expect(reportRating.explanation.at(-1)).toContain('Changed from Requires improvement to Good on review of ratings');
    const register = await db.selectFrom('register_locations').select(['overall_rating', 'overall_rating_date']).where('organisation_id', '=', w.location.id).executeTakeFirstOrThrow();
    expect(register).toEqual({ overall_rating: 'Good', overall_rating_date: '2026-04-01' });
    const after = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(after.body).toContain('A review of this service’s ratings was completed on 1 April 2026: the ratings were changed');
    expect(after.body).not.toContain('is taking place');
    const api = (await t.app.inject({ url: `/public/v1/locations/${w.locationId}` })).json();
    expect(api.ratingReview).toMatchObject({ open: false, completed: { on: '2026-04-01', outcome: 'changed' } });
    const now = Date.now();
    const changes = await t.app.inject({ url: `/public/v1/changes/location?startTimestamp=${new Date(now - 3_600_000).toISOString()}&endTimestamp=${new Date(now + 3_600_000).toISOString()}` });
    expect(changes.json().changes).toContain(w.locationId);
    const seen = await (await signIn(t.app, w.people.registeredManager)).get(requestUrl);
    expect(seen.body).toContain('Safe: Requires improvement → Good');
    const audit = await db.selectFrom('audit_events').select('action').where('subject_id', '=', requestId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['RATING_REVIEW_REQUESTED', 'RATING_REVIEW_ACCEPTED', 'RATING_REVIEW_RATINGS_CHANGED']);
  });

  it('is refused with reasons when the request disagrees with the judgement', async () => {
    const db = t.database.db;
    const other = await createCareWorld(db, { publicationDate: '2026-03-30' });
    clock.set('2026-04-02T09:00:00Z');
    const ni = await signIn(t.app, other.people.nominatedIndividual);
    const sent = await ni.post(`/inspections/${other.publishedInspectionId}/rating-review`, { grounds: 'We disagree with the caring rating: our staff are kind.', confirmsProcessGrounds: 'yes' });
    expect(sent.statusCode).toBe(303);
    const requestUrl = TestSession.location(sent).split('?')[0]!;
    const manager = await signIn(t.app, other.people.otherManager);
    expect((await manager.post(`${requestUrl}/decision`, { decision: 'refuse', reason: '', reviewerId: '' })).body).toContain('Explain why the request does not meet the grounds');
    expect((await manager.post(`${requestUrl}/decision`, { decision: 'refuse', reason: 'The request disagrees with the judgement; it does not say how the process was not followed.', reviewerId: '' })).statusCode).toBe(303);
    const page = await ni.get(requestUrl);
    expect(page.body).toMatch(/data-testid="status">Refused: outside the grounds</);
    expect(page.body).toContain('it does not say how the process was not followed');
    expect((await t.app.inject({ url: `/locations/${other.locationId}` })).body).not.toContain('data-testid="rating-review"');
  });
});

/** The form a person sends: every question with the version and value they saw, and their answers. */
function answerForm(page: string, answers: Record<string, string>, then: 'save' | 'submit' = 'save'): Record<string, string> {
  const form: Record<string, string> = { then };
  for (const q of questionSet('pir-asc/1')) {
    form[`version-${q.id}`] = /name="version-[a-z_0-9]+" value="(\d+)"/.exec(page.slice(page.indexOf(`name="version-${q.id}"`) - 1))?.[1] ?? '0';
    const original = new RegExp(`name="original-${q.id}" value="([^"]*)"`).exec(page)?.[1] ?? '';
    form[`original-${q.id}`] = original;
    form[`answer-${q.id}`] = answers[q.id] ?? original;
  }
  return form;
}

const FULL: Record<string, string> = {
  people_supported: '38', falls_12m: '21', safeguarding_12m: '3', safe_text: 'Falls are reviewed weekly by the deputy manager.', dols_applications: '6', training_compliance: '92',
  caring_text: 'Residents choose their routines and keyworkers know their histories.', complaints_12m: '2', end_of_life_plans: 'yes', registered_manager_in_post: 'yes', staff_turnover: '18', well_led_text: 'Monthly audits of care plans, medicines and falls.',
};

describe('provider information returns', () => {
  it('is requested, answered by two colleagues at once without overwriting, submitted late, flagged, compared and used as evidence', async () => {
    const db = t.database.db;
    // An earlier return, answered and submitted in time.
    clock.set('2026-04-06T09:00:00Z');
    const lead = await signIn(t.app, w.people.lead);
    await lead.get('/information-returns');
    const requested = await lead.post('/information-returns', { locationId: w.locationId, note: '' });
    expect(requested.statusCode).toBe(303);
    const firstUrl = TestSession.location(requested).split('?')[0]!;
    const nominated = await signIn(t.app, w.people.nominatedIndividual);
    const firstPage = (await nominated.get(firstUrl)).body;
    expect(firstPage).toContain('Due by 4 May 2026');
    expect((await nominated.post(`${firstUrl}/answers`, answerForm(firstPage, FULL, 'submit'))).statusCode).toBe(303);

    // The next one.
    clock.set('2026-05-01T09:00:00Z');
    const lead2 = await signIn(t.app, w.people.lead);
    await lead2.get('/information-returns');
    expect((await lead2.post('/information-returns', { locationId: 'no-such-id', note: '' })).body).toContain('No location or provider on the register has the ID no-such-id');
    const url = TestSession.location(await lead2.post('/information-returns', { locationId: w.locationId, note: 'Ahead of the summer inspection.' })).split('?')[0]!;
    expect((await lead2.post('/information-returns', { locationId: w.locationId, note: '' })).statusCode).toBe(409);

    // Two colleagues open the return at the same moment.
    const rm = await signIn(t.app, w.people.registeredManager);
    const colleague = await signIn(t.app, w.people.colleague);
    const pageA = (await rm.get(url)).body;
    const pageB = (await colleague.get(url)).body;
    expect(pageA).toContain('Due by 29 May 2026');
    expect((await rm.post(`${url}/answers`, answerForm(pageA, { people_supported: '40', falls_12m: '12', safe_text: 'Falls sensors in every room since January.' }))).statusCode).toBe(303);
    // The colleague answers other questions, and one the manager has just answered.
    const clash = await colleague.post(`${url}/answers`, answerForm(pageB, { complaints_12m: '4', registered_manager_in_post: 'yes', falls_12m: '14' }));
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain(`${w.people.registeredManager.name} saved this answer while you were editing it`);
    const saved = new Map((await db.selectFrom('information_return_answers').select(['question_id', 'value']).execute()).map((a) => [a.question_id, a.value]));
    expect(saved.get('people_supported')).toBe('40');
    expect(saved.get('falls_12m')).toBe('12');
    expect(saved.get('complaints_12m')).toBe('4');
    expect(saved.get('safe_text')).toBe('Falls sensors in every room since January.');
    // Too many words is refused with the count, keeping the text.
    const wordy = await colleague.post(`${url}/answers`, answerForm((await colleague.get(url)).body, { caring_text: Array.from({ length: 501 }, () => 'kind').join(' ') }));
    expect(wordy.statusCode).toBe(400);
    expect(wordy.body).toContain('must be 500 words or fewer: it has 501 words');
    // Submitting with questions unanswered is refused.
    const incomplete = await rm.post(`${url}/answers`, answerForm((await rm.get(url)).body, {}, 'submit'));
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('before you submit the return');

    // The deadline passes: the team is told once.
    clock.set('2026-06-01T08:00:00Z');
    const job = { db, actor: systemActor('information_returns'), correlationId: 'test', clock, config: t.config, logger: createLogger('silent') };
    expect(await flagOverdueReturns(job)).toBe(1);
    expect(await flagOverdueReturns(job)).toBe(0);
    const flag = await db.selectFrom('notifications').selectAll().where('user_id', '=', w.people.lead.id).where('title', 'like', 'Information return not returned%').execute();
    expect(flag).toHaveLength(1);
    expect((await (await signIn(t.app, w.people.lead)).get('/information-returns')).body).toContain('Overdue');

    clock.set('2026-06-03T10:00:00Z');
    const rm2 = await signIn(t.app, w.people.registeredManager);
    const final = await rm2.post(`${url}/answers`, answerForm((await rm2.get(url)).body, { ...FULL, people_supported: '40', falls_12m: '12', complaints_12m: '4', safe_text: 'Falls sensors in every room since January.' }, 'submit'));
    expect(final.statusCode).toBe(303);
    const row = await db.selectFrom('information_return_requests').selectAll().where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow();
    expect(row.status).toBe('submitted');
    expect(row.late).toBe(true);
    const leadView = await (await signIn(t.app, w.people.lead)).get(url);
    expect(leadView.body).toMatch(/data-testid="status">Submitted late</);
    // The comparison with the previous return shows what changed.
    const changes = leadView.body.slice(leadView.body.indexOf('data-testid="changes"'));
    expect(changes).toContain('How many falls were there in the last 12 months?');
    expect(changes).toContain('Was: 21<br>Now: 12');
    expect(changes).not.toContain('How many Deprivation of Liberty');
    // The answers are evidence of the open inspection, citing the return.
    const evidence = await db.selectFrom('evidence_items').selectAll().where('inspection_id', '=', w.openInspectionId).where('body', 'like', `%${row.reference}%`).execute();
    expect(evidence).toHaveLength(1);
    expect(evidence.at(-1)!.body).toContain(`(late: due 2026-05-29)`);
    expect(evidence.at(-1)!.body).toContain(`How many falls were there in the last 12 months? 12 [${row.reference}, falls_12m]`);
    // ...and the team sees it in the fieldwork evidence view.
    const evidenceView = await (await signIn(t.app, w.people.lead)).get(`/inspections/${w.openInspectionId}/evidence-items`);
    expect(evidenceView.body).toContain(`Provider information return ${row.reference}`);
    // Submitted once: no more changes.
    expect((await rm2.post(`${url}/answers`, answerForm((await rm2.get(url)).body, { falls_12m: '1' }))).statusCode).toBe(409);
  });
});

