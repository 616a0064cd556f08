/**
 * Issue 15, item 6: hand-offs and queues. Whoever must act next on a report is told in-app and by
 * email, and finds it on "Your work": the manager's drafts to approve and reports to publish, the
 * lead's returned draft with the manager's comments (also on the report page), and the factual
 * accuracy reviewer's check waiting for her decisions (she is never on the team, so her
 * inspections list is empty: the queue is how she finds the work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeWorld } from '../../factories/report.factory.js';
import type { TestUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('hand-offs and work queues', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let id = '';
  let reference = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const svc = async () => ({
    review: await import('../../../src/services/reports/report-review.service.js'),
    fa: await import('../../../src/services/reports/factual-accuracy.service.js'),
  });
  const as = (u: TestUser) => serviceContextFor(t, u, clock);
  const noticesFor = async (u: TestUser, like: string) => t.database.db.selectFrom('notifications').select(['title', 'body', 'link']).where('user_id', '=', u.id).where('title', 'like', like).execute();
  const emailsTo = async (u: TestUser, like: string) => t.database.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', u.email).where('subject', 'like', like).execute();
  const myWork = async (u: TestUser) => {
    const s = await signIn(t.app, u);
    const page = await s.get('/my-work');
    expect(page.statusCode).toBe(200);
    return page.body;
  };
  const section = (html: string, key: string) => html.split(`data-testid="queue-${key}"`)[1]?.split('</section>')[0] ?? '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    const api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'drafted');
    reference = (await t.database.db.selectFrom('inspections').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;
  });
  afterAll(async () => t.close());

  it('a draft sent for approval reaches the manager in-app, by email and in the queue of drafts to approve', async () => {
    clock.set('2025-10-28T09:00:00Z');
    await (await svc()).review.submitForApproval(await as(w.people.lead), id);
    expect(await noticesFor(w.people.manager, `Draft report ${reference} waiting for approval`)).toEqual([expect.objectContaining({ link: `/inspections/${id}/report/review` })]);
    expect(await emailsTo(w.people.manager, `Draft report ${reference} waiting for approval`)).toHaveLength(1);
    const html = await myWork(w.people.manager);
    expect(section(html, 'to_approve')).toContain(reference);
    expect(section(html, 'to_approve')).toContain(`href="/inspections/${id}/report/review"`);
    expect(section(html, 'to_publish')).toContain('Nothing is waiting for you here.');
    // The lead is the author: never in their own approval queue (they have no such queue at all).
    expect(await myWork(w.people.lead)).not.toContain('Draft reports ready to approve');
  });

  it('a returned draft reaches the lead with the comments: notice, email, queue and the report page itself', async () => {
    clock.set('2025-10-29T09:00:00Z');
    const comments = 'Say which significant events were reviewed, and when.';
    await (await svc()).review.returnDraft(await as(w.people.manager), id, comments);
    const [notice] = await noticesFor(w.people.lead, `Draft report ${reference} returned`);
    expect(notice?.body).toContain(comments);
    const [email] = await emailsTo(w.people.lead, `Draft report ${reference} returned`);
    expect(email?.text_body).toContain(comments);
    expect(email?.text_body).toContain(`/inspections/${id}/report`);
    const html = await myWork(w.people.lead);
    expect(section(html, 'returned')).toContain(reference);
    expect(section(html, 'returned')).toContain(comments);
    const s = await signIn(t.app, w.people.lead);
    const report = await s.get(`/inspections/${id}/report`);
    expect(report.statusCode).toBe(200);
    const banner = report.body.split('data-testid="return-comments"')[1]?.split('</div>\n</div>')[0] ?? '';
    expect(banner).toContain('Returned by Marta Manager on 29 October 2025');
    expect(banner).toContain(comments);
    // Once sent for approval again, the draft leaves the lead's returned queue.
    await (await svc()).review.submitForApproval(await as(w.people.lead), id);
    expect(section(await myWork(w.people.lead), 'returned')).not.toContain(reference);
  });

  it('the factual accuracy reviewer’s queue lists the check waiting for her decisions, with a link that opens it', async () => {
    const { review, fa } = await svc();
    clock.set('2025-11-28T10:00:00Z');
    await review.approveDraft(await as(w.people.manager), id);
    expect(await noticesFor(w.people.lead, `Draft report ${reference} approved`)).toHaveLength(1);
    clock.set('2025-12-01T09:00:00Z');
    await fa.sendForFactualAccuracy(await as(w.people.lead), id);
    // Before the organisation answers, nothing waits for the reviewer.
    expect(section(await myWork(w.people.reviewer), 'fa_review')).not.toContain(reference);
    clock.set('2025-12-10T09:00:00Z');
    const practice = await as(w.people.practiceManager);
    await fa.saveComment(practice, id, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Reviews were missing for six months.' });
    await fa.submitFactualAccuracy(practice, id, { noInaccuracies: false });

    // Told in-app and by email, with the link to the review page.
    expect(await noticesFor(w.people.reviewer, `Factual accuracy comments to decide: ${reference}`)).toEqual([expect.objectContaining({ link: `/inspections/${id}/report/factual-accuracy/review` })]);
    expect(await emailsTo(w.people.reviewer, `Factual accuracy comments to decide: ${reference}`)).toHaveLength(1);
    // Her inspections list is empty (she is never on a team) ...
    const s = await signIn(t.app, w.people.reviewer);
    expect((await s.get('/inspections')).body).not.toContain(reference);
    // ... so the queue is where she finds the check, from the navigation.
    const home = await s.get('/home');
    expect(home.body).toContain('href="/my-work"');
    const html = await myWork(w.people.reviewer);
    const queue = section(html, 'fa_review');
    expect(queue).toContain(reference);
    expect(queue).toContain('Stopsley Village Practice');
    expect(queue).toContain('1 comment to decide');
    expect(queue).toContain(`href="/inspections/${id}/report/factual-accuracy/review"`);
    const review2 = await s.get(`/inspections/${id}/report/factual-accuracy/review`);
    expect(review2.statusCode).toBe(200);
    expect(review2.body).toContain('Reviews were missing for six months.');
  });

  it('once every comment is decided the manager is told the report is ready to publish, and it is in their queue', async () => {
    const { fa } = await svc();
    const reviewer = await as(w.people.reviewer);
    for (const c of (await fa.getFactualAccuracy(reviewer, id)).comments) await fa.decideComment(reviewer, id, c.id, { decision: 'rejected', reason: 'The records seen covered the whole year.' });
    clock.set('2025-12-11T09:00:00Z');
    await fa.completeFactualAccuracyReview(await as(w.people.reviewer), id);
    expect(await noticesFor(w.people.manager, `Report ${reference} ready to publish`)).toHaveLength(1);
    expect(await emailsTo(w.people.manager, `Report ${reference} ready to publish`)).toHaveLength(1);
    const html = await myWork(w.people.manager);
    expect(section(html, 'to_publish')).toContain(reference);
    expect(section(html, 'to_approve')).not.toContain(reference);
    expect(section(await myWork(w.people.reviewer), 'fa_review')).not.toContain(reference);
  });
});
